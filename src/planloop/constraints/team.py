"""Who does the work, read out of text: a team counted by its role ("3 engineers", "40
volunteer marshals"), its size said after ("so we are 10"), and people named with what
they do ("Tom will handle the music")."""

from __future__ import annotations

import re

from planloop.constraints import dates
from planloop.constraints.hires import hired
from planloop.constraints.model import Constraint
from planloop.constraints.names import NAME as _NAME
from planloop.constraints.rosters import read_roster
from planloop.terms import clean, vocabulary

_ROLES = (
    r"engineers?|developers?|designers?|managers?|chefs?|cooks?|baristas?|bakers?|waiters?"
    r"|servers?|staff|people|volunteers?|coaches?|trainers?|teachers?|tutors?|analysts?"
    r"|marketers?|writers?|editors?|nurses?|testers?|contractors?|freelancers?|interns?"
    r"|employees?|hires?|consultants?|specialists?|technicians?|assistants?|planners?"
    r"|leads?|admins?|administrators?|reps?|agents?|scientists?|architects?|officers?"
    r"|marshals?|stewards?|helpers?|mentors?|instructors?|facilitators?"
)
_NUMBER = rf"[0-9]{{1,4}}|{dates.NUMBER_RE}"
_TEAM = re.compile(
    rf"(?<![\w$€£.,])({_NUMBER})\s((?:(?!and\b|or\b|with\b|for\b)[a-z-]{{2,20}}\s){{0,3}}?(?:{_ROLES}))\b"
    # a role word before another is its adjective: "40 volunteer marshals", not "volunteer"
    rf"(?!\s(?:{_ROLES})\b)",
    re.I,
)
# Who a plan is for, not who does the work: "for 50 people", "hosting 30 people".
_FOR_WHOM = re.compile(
    r"\b(?:for|of|hosting|host|invite|inviting|feed|feeding|seat|seating)\s$", re.I
)
# People who join are added to the team, not the team ("two people from the London office
# join so we are 10"; found as a user: the team became 2); the count after them is.
_JOINING = re.compile(r"(?:\s[^.;,]{0,40}?)?\s(?:join|joins|joining|will\sjoin)\b", re.I)
_WE_ARE = re.compile(
    rf"\b(?:so\s|now\s)?(?:we\s(?:are|['’]re)\s(?:now\s)?|making\sus\s|that\smakes\s(?:us\s)?)"
    rf"({_NUMBER})\b(?!\s?(?:%|km|years?|weeks?|days?|months?|hours?|minutes?))",
    re.I,
)
# one more, said with an article after a count: "2 developers and a designer" (found by a
# new user's trial: the designer was left out of the team)
_AND_ONE = re.compile(rf"\s(?:and|plus)\s(?:a|an|one)\s((?:{_ROLES}))\b", re.I)
_TEAM_OF = re.compile(rf"\ba\steam\sof\s({_NUMBER})\b", re.I)
# A count said per something is a ratio, not the team: "two volunteer mentors per table of
# six" (a page trial's: the team became "2 volunteer"), "one volunteer for each group".
_PER = re.compile(r"\s(?:per|for\s(?:each|every)|to\s(?:each|every))\s[a-z0-9]", re.I)
# What a person is said to do: "leads", "will send", "will be" (quizmaster)
_DOES = (
    r"leads?|runs?|run|owns?|handles?|manages?|coordinates?|heads?|takes?\scare\sof"
    r"|is\sin\scharge\sof|is\sresponsible\sfor|does|looks?\safter|is\sour|is\smy|is\sthe|as"
    r"|coach(?:es)?|trains?"
    r"|tutors?|teach(?:es)?|supports?|plans?|books?|organi[sz]es?|designs?|builds?|writes?"
    r"|cooks?|bakes?|makes?|make|shoots?|photographs?|do|reviews?|helps?\swith|helps?|help"
    # what people are given to do, as said ("Jo will send the invitations by 1 March")
    r"|sends?|picks?|own|manage|arranges?|collects?|drives?|prints?|orders?|buys?|brings?"
    # "my accountant needs them by …", "… wants everything by 8 January" (a trial's)
    r"|(?:needs?|wants?)\s(?:them|it|everything|the\s[a-z]+)\sby"
    r"|sorts?\sout|sets?\sup|checks?|calls?|emails?|contacts?|films?|records?|edits?"
    r"|recruits?|briefs?"  # "Priya Shah recruits and briefs 20 marshals" (a user's trial)
    # a title said bare: "Sarah Jones is race director" (a new user's trial: read as nobody)
    r"|is(?=\s(?:[a-z]+\s)?(?:director|manager|lead|leader|coordinator|organi[sz]er|captain"
    r"|chair|treasurer|secretary)\b)"
    r"|paints?|cleans?|hosts?|chairs?|walks?|feeds?|takes?|writes?|proofreads?|lends?|lend|lets?"
    # "Sue Jones will co-lead the walks with me" (a new user's trial: read as nobody)
    r"|co-[a-z]{3,12}"
    # what they will be: "Jo Smith will be quizmaster" (found as a user: read as nobody)
    r"|(?<=will\s)be"
    r"|joins?\sto\s(?:handle|run|help\swith|do|manage)"
    # whatever else they will do: "Sarah will recruit the marshals", "Hannah will
    # beta-read the draft" (found by a new user's trial: both read as nobody, and the
    # date of their part became the plan's deadline)
    r"|(?<=will\s)(?!(?:not|also|probably|still|then|only|just|always|never|likely|be)\b)"
    r"[a-z]{3,15}(?:-[a-z]{3,15})?"
    # ... or is doing now: "my fiancé Tom is booking the band" (a new user's trial's)
    r"|is\s(?!(?:going|coming|being|getting|looking|hoping|thinking|feeling)\b)[a-z]{2,12}ing"
)
_ORG_WORD = r"(?!(?:will|can|should)\b)[a-z]{2,20}"  # "from the running club"
_MEMBER = re.compile(
    # where they are from, between the name and what they do: "Lena Fischer from HR will
    # run …", "Tom Barker (IT) owns …" (found by a new user's trial: both were dropped)
    # a sentence's "Our", "My", "The" is no name: "Our coach Priya Shah leads …" is Priya's
    # (found as a user: "Our" and "coach" were read as a name and its verb, then dropped)
    rf"\b(?!(?:Our|My|Your|Their|The|This|That|We|Then|Please|Also|And|But|So)\b)({_NAME})\s"
    # or "Sarah Patel from the running club will …"
    rf"(?:(?:from|in|of)\s(?:the\s)?(?:[A-Z][\w&]{{1,20}}|{_ORG_WORD}(?:\s{_ORG_WORD}){{0,2}})\s"
    rf"|\([^()]{{1,40}}\)\s"  # "Mark Ellis (a retired electrician) will …" (a trial's)
    r"|the\s[a-z]{3,20}\s)?"  # "Raj Patel the librarian will book the room" (a user's trial)
    # "Hannah will also handle the cake" (a new user's trial: read as nobody's)
    rf"((?:will|should|can)\s(?:also\s|now\s)?)?({_DOES})\s"
    r"((?:(?!\sand\s(?:[A-Z]|(?i:my|our)\s))[^.;,!?\n|]){2,60})",
)
# A person said by who they are to the writer, without a name: "my sister will make the
# cake", "our vicar will run the raffle", "my mum looks after the kids" (found as a user:
# read as nobody). The plan calls them as the writer's: "your sister".
_KIN = (
    r"mum|mom|mother|dad|father|parents|sister|brother|wife|husband|partner|son|daughter"
    r"|aunt|uncle|cousin|niece|nephew|grandma|grandad|grandpa|granny|nan|gran|friend"
    r"|fianc[ée]e?|girlfriend|boyfriend|colleague|housemate"
    r"|neighbou?r|flatmate|boss|vicar|priest|rabbi|imam|caretaker|secretary|treasurer"
)
_KIN_DOES = re.compile(
    rf"\b(?i:our|my)\s((?i:best\s|older\s|younger\s|big\s|little\s)?(?:{_KIN}|[a-z]{{3,16}}"
    rf"(?:er|or|ist|ian|ant|ent)))\s(?:will\s|should\s|can\s)?({_DOES})\s"
    r"((?:(?!\sand\s(?:[A-Z]|(?i:my|our)\s))[^.;,!?\n|]){2,60})",
)
# A person named with their role or age between commas, then what they will do, whatever
# the verb: "Tom Hughes, our treasurer, will manage sponsorship", "Raj Kumar, our DBA, will
# own the cutover", "My son Oliver, 14, will do the evening walks" (found by a new user's
# trial: six plans in ten read such a person as nobody, then said no team was named)
_WILL_DO = (
    r"((?:will|can|should|is\sgoing\sto|has\sagreed\sto|wants\sto)\s[^.;!?\n]{2,70}"
    # or what they do now: "Maya Green, our bookkeeper, owns the switch" (a trial's)
    r"|(?:owns|leads|runs|handles|manages|is\sin\scharge\sof)\s[^.;!?\n]{2,70})"
)
_SAID_WITH_ROLE = re.compile(
    rf"\b(?P<name>{_NAME}),\s(?P<title>(?:our|my|the|a|an)\s[^,.;]{{2,40}}|[0-9]{{1,2}}),\s"
    + _WILL_DO.replace("(", "(?P<does>", 1)
)
# ... or the role first: "Our IT contractor, Lee Grant, will move the servers", "The PTA
# chair, Dan Moss, owns the raffle" (found as a user: both read as nobody)
_TITLE_FIRST = re.compile(
    rf"\b(?P<title>(?i:our|my|the)\s[A-Za-z][\w -]{{1,30}}?),\s(?P<name>{_NAME}),\s"
    + _WILL_DO.replace("(", "(?P<does>", 1)
)
# "our builder is Dave Hughes", "my coach will be Sam": the role first, then who has it
# ... or "our builder Dave Hughes can only start on 1 March" (a new user's trial: nobody)
_ROLE_IS = re.compile(
    rf"\b(?i:our|my)\s([a-z]{{3,20}}(?:\s[a-z]{{3,20}})?)\s(?:(?:is|will\sbe)\s({_NAME})\b"
    rf"|({_NAME})(?=\s(?:can|could|will|is|has|starts|leads|owns|handles|runs)\b))"
)
_ASKS = r"(?:have|has|get|ask|let|make|tell|see|meet|call|invite|bring|take|need|want)"
# ... or asked to do a part: "have cousin Tom run the barbecue", "ask my sister Ann to bake
# the cake" (found by a new user's trial: read as nobody; the barbecue had no one)
_HAVE_DO = re.compile(
    rf"\b(?i:have|get|ask|let)\s(?:(?i:my|our)\s)?(?P<title>[a-z]{{2,20}})\s(?P<name>{_NAME})"
    r"\s(?:to\s)?(?P<does>[a-z]{3,15}\s(?:(?!\sand\s)[^.;,!?\n|]){2,60})"
)
# ... or said with them: "with builder Sam", "and a builder named Sam", "with volunteer
# lead Aisha", "with my friend Priya co-hosting" (found by new users' trials: each read
# as nobody, and the plan asked for three builders' quotes)
_WITH_ROLE = re.compile(
    rf"\b(?:with|and)\s(?:(?i:my|our|a|an|the)\s)?(?!{_ASKS}\b)"
    rf"(?P<title>[a-z]{{2,20}}(?:\s(?!named|called)[a-z]{{2,20}})?)"
    rf"\s(?:(?:named|called)\s)?(?P<name>{_NAME})"
    r"(?:\s(?P<doing>[a-z]{2,12}-?[a-z]{2,12}ing)\b)?"
)
_A_PERSONS_ROLE = re.compile(
    r"(?:\w{2,}(?:er|or|ist|ian|ant|ent)|coach|chef|dj|dba|lead|host|nanny|chair|mc|pm)$"
)
_ROLE_ENDS = re.compile(
    r"\s(?:the\s(?:week|day)\s)?(?:but|while|because|so|with\sme|with\sus|before"
    r"|(?<!look\s)(?<!looks\s)after)\b"  # "… the tip the week before the move": when
    r"|\sand\s(?=(?:I|we|you|they|he|she|it|my|our)\s)"  # ... or another person's part:
    r"|\sand\s(?=(?-i:[A-Z][a-z]+)\s(?-i:[a-z]{2,})\b)",  # "… money and Mia handles …"
    re.I,
)
_NOT_NAMES = vocabulary(
    "the this that we our it he she they i you my your their there then what which who when "
    "where why how and but or if so let make keep add use do please also only each every "
    "no not none all one two both a an q1 q2 q3 q4 budget team plan goal "
    "in on at by from after before since until for with to of as next"
    " council school church library club charity company"  # "Council will lend us …": a body
) | frozenset(dates.MONTHS)
_GUESTS = frozenset({"people", "persons", "staff", "employees", "colleagues", "members"})
_AN_ORDER, _ORDERS = re.compile(r"(?:^|[.!?:;]\s+)$"), vocabulary(  # "Register as …": no one
    "register book buy hire call email ask check order get find send apply pay sign confirm"
    " arrange organise organize prepare print contact cancel")  # fmt: skip


_A_GRADE = re.compile(r"\b(?:band|grade|level|stage|tier|step|year|version|no\.?)\s$", re.I)


def read_team(text: str, source: str, taken: bytearray) -> list[Constraint]:
    out: list[Constraint] = []
    for m in _TEAM.finditer(text):
        n = dates.number(m.group(1))
        if not n or any(taken[m.start() : m.end()]):
            continue
        if re.fullmatch(r"(?:19|20)[0-9]{2}", m.group(1)):  # "Windows Server 2012 file server"
            continue  # a year or a model, no team (a new user's trial: owner "2012 file server")
        if _A_GRADE.search(text, max(0, m.start() - 12), m.start()):  # "as band 7 charge nurse"
            continue  # a grade, not seven of them (a new user's trial: "Team | 7 charge nurse")
        if hired(text, m.start(), m.end()):  # a count of hires, not of the team
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            out.append(
                Constraint(
                    kind="quantity",
                    text=clean(m.group(0)),
                    source=source,
                    number=float(n),
                    unit=clean(m.group(2).lower()),
                    scope="hire",
                )
            )
            continue
        if _JOINING.match(text, m.end()) or _PER.match(text, m.end()):
            continue
        role = clean(m.group(2).lower())
        if role in _GUESTS and _FOR_WHOM.search(text[: m.start()]):
            continue  # "a party for 50 people", "a picnic for 60 staff": guests, a quantity
        out.append(
            Constraint(
                kind="team", text=clean(m.group(0)), source=source, number=float(n), role=role
            )
        )
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        if (one := _AND_ONE.match(text, m.end())) and not one.group(1).lower().endswith("s"):
            role, one_more = one.group(1).lower(), clean(one.group(0).split(maxsplit=1)[1])
            out.append(  # "a designer"
                Constraint(kind="team", text=one_more, source=source, number=1.0, role=role)
            )
            taken[one.start() : one.end()] = b"\x01" * (one.end() - one.start())
    for m in _WE_ARE.finditer(text):  # "… join, so we are 10"
        n = dates.number(m.group(1))
        if n and not any(taken[m.start(1) : m.end(1)]):  # "we are 3 engineers": read above
            said = Constraint(
                kind="team", text=clean(m.group(0)), source=source, number=float(n), role="people"
            )
            out.append(said)
    for m in _TEAM_OF.finditer(text):
        n = dates.number(m.group(1))
        # "a team of 4 engineers": the 4 engineers, read above, once (a new user's trial:
        # "4 engineers, 4 team members", 8 people)
        if n and not any(taken[m.start(1) : m.end(1)]):
            out.append(
                Constraint(
                    kind="team",
                    text=clean(m.group(0)),
                    source=source,
                    number=float(n),
                    role="team members",
                )
            )
    for m in _MEMBER.finditer(text):
        words = m.group(1).split()
        while words and words[0].lower() in _NOT_NAMES:  # "Then Ana leads": Ana
            words.pop(0)
        if not words or (_AN_ORDER.search(text, 0, m.start()) and words[0].lower() in _ORDERS):
            continue  # "Register as a food business …": an order, not a person "Register"
        name = " ".join(words)
        verb = m.group(3)
        # a name does what it does ("Ana designs", "Ana will design"): a bare verb after a
        # word is a noun ("Cover design under £400": found as a user, a person "Cover")
        if not m.group(2) and " " not in verb and not verb.endswith("s") and verb != "as":
            continue
        if (does := _role_of(verb, m.group(4))) is None:
            continue
        does = _what_it_is(does, text[: m.start()])
        # the role said before the name: "my accountant Tom Reid needs them by …"
        titled = _TITLED.search(text, 0, m.start())
        title = (
            titled.group(1).lower() if titled and _A_PERSONS_ROLE.search(titled.group(1)) else ""
        )
        out.append(
            Constraint(
                kind="member", text=clean(m.group(0)), source=source, name=name, role=does,
                subject=title,
            )
        )  # fmt: skip
    named = {c.name for c in out if c.kind == "member"}
    with_titles = [*_SAID_WITH_ROLE.finditer(text), *_TITLE_FIRST.finditer(text)]
    for m in with_titles:  # "Tom Hughes, our treasurer, will manage …"
        name = m.group("name")
        if name in named or name.split()[0].lower() in _NOT_NAMES:
            continue
        role = re.split(_ROLE_ENDS, clean(m.group("does")), maxsplit=1)[0]
        role = re.sub(r"^(?:will|can|should|is\sgoing\sto|has\sagreed\sto|wants\sto)\s", "", role)
        # the title said between the commas ("our musical director"): whose work is the
        # title's (a milestone a plan gives the musical director is hers); an age is none
        title = m.group("title")
        title = re.sub(r"^(?i:our|my|the|a|an)\s", "", title) if not title.isdigit() else ""
        out.append(
            Constraint(
                kind="member",
                text=clean(m.group(0)),
                source=source,
                name=name,
                role=role,
                subject=clean(title.lower()),
            )
        )
        named.add(name)
    for m in _ROLE_IS.finditer(text):
        name = m.group(2) or m.group(3)
        if (
            name not in named
            and name.split()[0].lower() not in _NOT_NAMES
            and _A_PERSONS_ROLE.search(m.group(1))  # not "our venue is Leeds Town Hall"
        ):
            role = f"is our {m.group(1)}"
            out.append(
                Constraint(
                    kind="member", text=clean(m.group(0)), source=source, name=name, role=role
                )
            )
    for m in [*_HAVE_DO.finditer(text), *_WITH_ROLE.finditer(text)]:
        name, title = m.group("name"), m.group("title")
        if (
            name in named
            or name.split()[0].lower() in _NOT_NAMES
            or not (_A_PERSONS_ROLE.search(title) or re.fullmatch(_KIN, title.split()[-1]))
        ):
            continue
        if m.re is _HAVE_DO:  # "have cousin Tom run the barbecue": what they were asked
            role = re.split(_ROLE_ENDS, clean(m.group("does")), maxsplit=1)[0]
        else:  # "with builder Sam": the builder; "with Priya co-hosting": co-hosts
            doing = m.group("doing")
            role = f"{doing[:-3]}s" if doing else f"is the {title}"
        out.append(
            Constraint(
                kind="member", text=clean(m.group(0)), source=source, name=name, role=role,
                subject=title,
            )
        )  # fmt: skip
        named.add(name)
    out += read_roster(text, source, named)
    out += _kin(text, source, named)
    return _longest_readings(out)


def _longest_readings(found: list[Constraint]) -> list[Constraint]:
    """A person read within a longer reading of the same words is that reading's: "Chloe as
    run leaders" inside "with Ben and Chloe as run leaders" (found by a new user's trial:
    both were listed)."""
    members = [c for c in found if c.kind == "member"]
    return [
        c
        for c in found
        if c.kind != "member"
        or not any(
            o.name == c.name and len(o.text) > len(c.text) and c.text in o.text for o in members
        )
    ]


_TITLED = re.compile(r"\b(?i:my|our|the)\s([a-z]{3,20})\s$")
_THE_THING = re.compile(r"\bthe\s([a-z]{3,20})\b")


def _what_it_is(role: str, before: str) -> str:
    """A role that ends in "it", with the thing its sentence named before: "Alex cannot do
    the cake any more, my mum Jean will bake it" is Jean baking the cake (found by a new
    user's trial: "Jean: bake it" owned nothing)."""
    if not re.search(r"\sit$", role):
        return role
    things = _THE_THING.findall(re.split(r"[.;!?\n]", before)[-1])
    return f"{role[:-2]}the {things[-1]}" if things else role


# what a verb in -ing is, said as what a person does (most add "s" to the stem)
_DOING = {
    "making": "makes", "baking": "bakes", "organising": "organises", "organizing": "organizes",
    "running": "runs", "planning": "plans", "driving": "drives", "writing": "writes",
    "doing": "does", "handling": "handles", "hosting": "hosts", "arranging": "arranges",
    "managing": "manages", "coordinating": "coordinates", "taking": "takes",
    "shopping": "shops", "sorting": "sorts",
}  # fmt: skip


def _role_of(verb: str, what: str) -> str | None:
    """What a person is said to do, to the end of its clause; None for "will be" with no
    role after it ("Ana will be there")."""
    if doing := re.fullmatch(r"is\s([a-z]+?)(e?)ing", verb):  # "is booking": books
        verb = _DOING.get(verb[3:], f"{doing.group(1)}{doing.group(2)}s")
    role = clean(f"{verb} {what}")
    if verb == "be":  # "will be quizmaster": is the quizmaster
        what = re.split(_ROLE_ENDS, what, maxsplit=1)[0]
        the = re.match(r"(?:the|our|my|an?)\s", what)
        title = what[the.end() if the else 0 :].split(" ")[:3]  # "my beta reader": reader
        if not any(_A_PERSONS_ROLE.search(w.lower()) for w in title):
            return None  # "Ana will be there", "Christmas will be busy": no role
        role = clean(f"is {'' if the else 'the '}{what}")
    # a new clause ends the role; "the music and invitations" is one (found as a user: Tom
    # was given the music only)
    return re.split(_ROLE_ENDS, role, maxsplit=1)[0]


def _kin(text: str, source: str, named: set[str]) -> list[Constraint]:
    """People said as the writer's ("my sister will make the cake"): "your sister"."""
    out: list[Constraint] = []
    for m in _KIN_DOES.finditer(text):
        name = f"your {m.group(1).lower()}"
        if name in named or (role := _role_of(m.group(2), m.group(3))) is None:
            continue
        out.append(
            Constraint(kind="member", text=clean(m.group(0)), source=source, name=name, role=role)
        )
        named.add(name)
    return out


# What a distance or a count of days is: "25 km a week" and "4 days a week" are a week's;
# "the long run up to 18 km" is the longest run; "I run 10 km", "10 km in one go" one run.


# what other readers of people use (planloop.constraints.dropouts)
NOT_NAMES = _NOT_NAMES
