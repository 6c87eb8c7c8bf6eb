"""Wishes that are not numbers: exclusions ("no discounts") and what lifts them again ("a
band is fine after all"), priorities ("billing module first"), focus ("focus on
retention") and additions ("add a judging rubric")."""

from __future__ import annotations

import re

from planloop.constraints.dates import AWAY_RE, FOR_A_WHILE, for_a_while
from planloop.constraints.holds import PHRASE_END
from planloop.constraints.model import Constraint
from planloop.constraints.needs import read_needs
from planloop.constraints.priorities import read_priorities
from planloop.terms import clean

_STOP = PHRASE_END
_EXCLUDE = re.compile(
    r"\b(?:no|without|avoid|avoiding|never|don't|do\snot|must\snot|mustn't|exclude|excluding"
    r"|rule\sout|skip|drop|leave\sout|cut\sout|scrap|ditch)\s"
    # the thing, not how it is had: "don't book tours in advance" rules out tours, not every
    # booking (found as a user: "Book a bed for every night" was dropped)
    r"(?:book\s|buy\s|hire\s|order\s|using\s|use\s|offering\s|offer\s)?"
    r"(?:an?\s|the\s|any\s)?"
    r"((?:(?:[\w'-]{2,25}|\d)\s?){1,5}?)"  # a one-digit number too: "no flights over 3 hours"
    r"(?=\s?(?:in|during|for|until|before|after|by|with|within)\s|" + _STOP[3:],
    re.I,
)
# "without losing open tickets", "without breaking the build": what must be kept, not left out.
_LOSING = (
    r"losing|breaking|dropping|disrupting|interrupting|hurting|harming|affecting|missing"
    r"|compromising|sacrificing|damaging"
)
_NOT_EXCLUSIONS = re.compile(
    # "swim 400 m without stopping", "without a break": how it is done, nothing left out
    # (found by a new user's trial: "Excluded: without stopping")
    r"^(?:stopping|a\s(?:break|rest|pause)|breaks|rests|walking|help)\b"
    r"|^(?:more|later|less|fewer|longer|earlier|than|one|team(?!-)|budget|deadline|way|need|problem"
    r"|longer|matter|doubt|idea|memory|change|changes|further|other|rush|"
    + _LOSING
    # "must not exceed 70 km", "never go over 3 hours": a limit on a number, not a thing
    + r"|exceed|exceeds|go\sover|go\sabove|be\sover|be\smore|rise\sabove|fall\sbelow"
    r"|drop\sbelow"
    # "so don't buy any", "don't buy them": a thing said before, by what said it (a user
    # trial's: "Excluded: don't buy any", what not to buy lost)
    r"|(?:any|them|it|those|these)\s*$"
    # "never on Mondays", "not at weekends": the days of the work (weekdays.py), no thing
    r"|(?:on|at|during)\s(?:the\s)?(?:mon|tue|wed|thu|fri|sat|sun|week)\w*\s*$"
    # "no work on Fridays please": the days too, whatever follows (a user's trial: also
    # "Excluded: work on Fridays please")
    r"|(?:work|working)\s(?:on|at|during)\s(?:the\s)?(?:mon|tue|wed|thu|fri|sat|sun|week)\w*)\b",
    re.I,
)
_KEEPING = re.compile(r"^without\s(?:" + _LOSING + r")\s+(.+)$", re.I)


def kept(phrase: str) -> str | None:
    """What a "without …" phrase keeps ("without losing open tickets": "open tickets"), or
    None when it leaves something out ("without a loan")."""
    m = _KEEPING.match(phrase.strip())
    return m.group(1) if m else None


_FOCUS = re.compile(
    r"\b(?:focus(?:ed)?|concentrate|emphasis|emphasise|emphasize|more\sweight)\s(?:more\s)?"
    r"(?:on\s)?(?:the\s)?((?:[\w'-]{2,25}\s?){1,5}?)" + _STOP,
    re.I,
)
_LEAD_VERBS = re.compile(
    r"^(?:(?:start\swith|begin\swith|do|ship|migrate|build|open|move|deliver|handle|tackle|put|the|a|an|and|we|want"
    r"|should|must|please|let's|lets|go|with)\s)+",
    re.I,
)
_ARTICLE = re.compile(r"^(?:a|an|the|any|our)\s", re.I)
# What each person pays or books for themselves is not the plan's to book or pay: "flights
# are booked by each person", "everyone pays their own travel" (found as a user: the plan
# kept "Travel booked for every attendee" and a travel line of €5,500).
_EACH = (
    r"(?:each\s(?:person|attendee|guest|participant)|every(?:one|body)"
    r"|the\s(?:attendees|guests|participants)|people|themselves)"
)
_SELF_PAID = re.compile(
    r"\b((?:[\w'-]{2,25}\s){1,3}?)(?:is|are|will\sbe)\s(?:booked|paid(?:\sfor)?|covered"
    r"|arranged|bought)\s(?:by\s" + _EACH + r"|individually|separately)\b"
    r"|\b" + _EACH + r"\s(?:books?|pays?(?:\sfor)?|arranges?|covers?|buys?)\s(?:their|his\sor"
    r"\sher)\sown\s((?:[\w'-]{2,25}\s?){1,3}?)"
    + _STOP
    # "tools are donated by the hardware shop": given, not bought (group 3)
    + r"|\b((?:(?!and\b|or\b)[\w'-]{2,25}\s){1,3}?)"
    r"(?:is|are|will\sbe|get|gets|have\sbeen|has\sbeen)\s"
    r"(?:(?:given|provided\sfree)\s(?:by|from)\s(?:the\s|a\s|our\s)?[\w'-]+(?:\s[\w'-]+)?"
    # "medals are donated", by whoever (a second trial's: still bought)
    r"|(?:donated|lent|loaned|sponsored)\b(?:\s(?:by|from)\s(?:the\s|a\s|our\s)?[\w'-]+(?:\s[\w'-]+)?)?)"
    # ... said the other way: "the council will lend us equipment" (group 4; found by a new
    # user's trial: read as nothing, and the plan bought the kit)
    # ... or by name: "Council will lend us litter pickers" (a user trial's: read as a person)
    r"|(?:\b(?:the|a|our|my)\s[\w'-]+(?:\s[\w'-]+)?|(?-i:\b[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?))"
    r"\s(?:will|can|has\sagreed\sto|have\sagreed\sto"
    r"|(?:is|are)\sgoing\sto|offered\sto)\s(?:lend|loan|donate|give|provide|sponsor)\s(?:us\s|me\s)?"
    r"(?:the\s|some\s|their\s|its\s|his\s|her\s)?((?:[\w'-]{2,25}\s?){1,3}?)" + _STOP,
    re.I,
)
# What a person allows again: "a band is fine after all", "allow discounts", "bring back the DJ".
_FINE = re.compile(
    r"\b((?:[\w'-]{2,25}\s){1,4}?)(?:is|are)\s(?:fine|ok|okay|allowed|acceptable|welcome)\b",
    re.I,
)
_ALLOW = re.compile(
    r"\b(?:allow|permit|bring\sback|add\sback|put\sback|reinstate)\s(?:an?\s|the\s)?"
    r"((?:[\w'-]{2,25}\s?){1,4}?)(?=\s?(?:in|during|for|until|before|after)\s|" + _STOP[3:],
    re.I,
)


# "Add a task: photograph 30 pieces": the words after the colon are the task.
_TASK_COLON = re.compile(
    r"\b(add|include)\s(?:an?\s|one\s|this\s)?(?:more\s)?(?:task|step|item|action|to-?do)s?\s*:\s*",
    re.I,
)
# What a reviewer asks the plan to gain: "add a judging rubric", "include a sponsor pack".
_ADD = re.compile(
    r"\b(?:add|include|plan\sin|we\s(?:also\s|still\s)?need|we'll\sneed|we\swill\sneed"
    r"|I\s(?:also|still)\sneed)\s(?!back\b)"
    r"((?:[\w'-]{1,25}[,\s]{0,2}){1,16})",
    re.I,
)
# "add a rubric to the judging": the task ends before "to"; "a day trip to Nara" names
# where it goes, so "to" before a capitalised name stays.
_ADD_CUT = re.compile(
    # ... but "being able to tread water", "how to fall": what the task is (a trial's "Being able")
    r"\s(?:(?<!able\s)(?<!how\s)to(?!\s(?-i:[A-Z]))|into|by|before|after|so|because|that|which"
    r"|but|then|please"
    r"|as|on(?=\s(?:the\s)?[0-9]))\s.*$",  # "… on 30 March": the step's day
    re.I,
)
# what is no step to add: "add 2 more", "add it" (but "add a 2-minute trailer" is)
_NOT_A_STEP = re.compile(r"(?:more|less|another|it|that|this|[0-9](?![0-9.]*-[a-z]))", re.I)
# a result still to get, with its number: "an IELTS score of 7", not an amount that ends
# the list (found by a new user's trial: read as nothing)
_SCORE = re.compile(
    r"(?:an?\s|the\s)?[\w\s-]{2,30}\s(?:score|grade|band|level|mark)\s(?:of\s)?[0-9.]+\+?", re.I
)
_TAKEN_TO = re.compile(
    r"\s*(?:[A-Z][a-z]+\s)?(?:takes?|brings?|drives?|carr(?:y|ies)|drops?|delivers?)\s"
    r"(?:[\w'’-]+\s){1,5}?to\s(?:the\s|a\s|our\s|my\s)?[\w'’-]+"
    r"(?:\s(?!(?:the|a|for|before|after|on|in|by|and)\b)[\w'’-]+)?"
)
_PRICED_AT = re.compile(r"\s(?:of|for|at|costing)\s*$", re.I)  # "… exercise of £300"
_ADD_SPLIT = re.compile(r",\s*(?:and\s)?|\sand\s", re.I)
# A list of things asked for ends where a new instruction begins ("… and keep seeds under
# £200") or an amount does.
_CLAUSE = re.compile(
    r"^(?:keep|make|move|cut|drop|remove|start|use|hire|book|set|get|reduce|increase|limit"
    r"|cap|spend|plan|focus|ask|push|delay|no|don't|do|let|let's|please|we|i|it|stay|avoid"
    r"|skip|allow|give|put|send|finish|aim|target|budget)\b|.*[0-9$€£¥]",
    re.I,
)


# "Also sell on Etsy", "also invite the board": a task in the words of its verb. Not a
# change to a constraint ("also keep travel under €2,000") nor a statement ("also, the
# budget is …").
_ALSO = re.compile(r"\balso\s([a-z][\w'-]{1,20}\s(?:[\w'-]{1,25}\s?){1,24})", re.I)
# "also book a florist and send invitations by 1 March": two tasks, each with its verb
_AND_TASK = re.compile(
    r"\s(?:and|then)\s(?=(?:book|get|send|hire|buy|order|invite|find|print|arrange|call"
    r"|email|write|prepare|confirm|rent|reserve|set\sup|sort|organi[sz]e)\b)",
    re.I,
)
_NOT_TASKS = re.compile(
    r"^(?:the|a|an|we|i|it|our|my|this|that|there|is|are|be|was|note|keep|make|move|cut"
    r"|reduce|increase|limit|cap|spend|budget|delay|push|drop|remove|no|not|don't|avoid|skip"
    r"|allow|focus|start|finish|aim|target|want|need|would|should|could|can|will|please"
    r"|add|include)\b|.*[$€£¥]",
    re.I,
)


# "I'd also like to sit the exam": the task is what follows the wish (found as a user: a
# task named "Like")
# What a reviewer will do in place of something ruled out: "no bouncy castle, we will do
# a treasure hunt instead", "we will plant a tree per finisher instead" asks for it (found
# as a user: it was read as no constraint at all, and the plan never named it).
_INSTEAD = re.compile(
    r"\b(?:we(?:'ll|\s+will|\s+can|\s+could|\s+would\s+rather|\s+want\s+to)?|let's"
    r"|i(?:'ll|\s+will|\s+can|\s+would\s+rather|\s+want\s+to)?)\s+(?!not\b|be\b)[a-z]{2,15}"
    r"\s+((?:an?\s|the\s|some\s)?[a-z][\w'-]{1,20}"
    r"(?:\s[\w'-]{1,20}){0,4}?)\s+instead\b",
    re.I,
)
_WISH_TO = re.compile(r"^(?:like|love|want|need|have|plan|hope|intend|aim)\sto\s", re.I)
_NEXT_INSTRUCTION = re.compile(
    r"\s(?:and|then)\s(?=(?:keep|make|move|cut|drop|remove|reduce|increase|limit|cap|spend"
    r"|push|delay|no|don't|avoid|skip|allow|focus|budget)\b)",
    re.I,
)


# A reviewer's own step with its own date: "I want to finish a SQL course by the end of
# March", "I want a soft launch by 1 November". Its date is the step's (found as a user:
# it became the whole job search's deadline); gather() gives it back to the plan when the
# step is the goal itself ("I want to open the shop by March").
# A step said with its own date, in the imperative: "Book everything by 31 March 2027",
# "order the units before January" (found by a new user's trial: the holiday itself was
# moved to 31 March, the day its bookings were due).
_TASK_BY = re.compile(
    r"(?:^|(?<=[.;!?]\s))((?:book|order|pay\sfor|buy|confirm|send|reserve|arrange|sort\sout"
    r"|sign)\s[^.;,]{2,40}?)\s(?:by|before)\s[^.;,]{3,40}?(?=[.;,!?]|$)",
    re.I,
)
_WANT_BY = re.compile(
    r"\b(?:I|we)\s(?:(?:also|really)\s)?(?:want|need|['’]d\slike|would\slike|plan|hope)\s"
    r"(?:to\s)?((?:(?:finish|complete|do|take|pass|sit|run|hold|get)\s)?(?:a|an|the|my|our)\s"
    r"[^.;,]{2,50}?)\s(?:by|before)\s[^.;,]{3,40}?"
    r"(?=\s(?:and|to|so|but|because|while)\s|[.;,!?]|$)",
    re.I,
)


def _each_asked_once(found: list[Constraint]) -> list[Constraint]:
    """Each task asked for once: "we also need to hire a van" is read by two patterns."""
    asked: set[str] = set()
    kept = []
    for c in found:
        if c.kind == "addition":
            if c.subject in asked:
                continue
            asked.add(c.subject)
        kept.append(c)
    return kept


def _subject(raw: str) -> str:
    s = clean(raw).strip(" '\"-")
    s = _LEAD_VERBS.sub("", s)
    s = re.sub(r"\s+(?:first|then)$", "", s, flags=re.I).strip()  # "no bouncy castle then"
    return _ARTICLE.sub("", s)


# "No study that week", "no interviews then": a time away said again, not a thing ruled
# out of the plan (found by a new user's trial: "no running that week" made running an
# exclusion, "Won't have: running that week").
_FOR_A_TIME = re.compile(
    r"\b(?:then|that\s(?:week|day|weekend|fortnight|month|time)|those\s(?:days|weeks|dates)"
    r"|meanwhile|while\s(?:i|we)(?:['’]re|\sam|\sare)?\saway)$",
    re.I,
)


_AWAY_SAID = re.compile(rf"\b(?:{AWAY_RE}|holidays?)\b", re.I)


def read_wishes(text: str, source: str) -> list[Constraint]:
    out: list[Constraint] = []
    for m in _EXCLUDE.finditer(text):
        if _FOR_A_TIME.search(clean(m.group(1))) and _AWAY_SAID.search(text):
            continue
        if FOR_A_WHILE.match(text, m.end()) and for_a_while(text, m.end()):
            continue  # "no front crawl until 1 March": banned for a while, not left out
        subject = _subject(m.group(1))
        if len(subject) < 2 or _NOT_EXCLUSIONS.match(subject):
            continue
        out.append(
            Constraint(
                kind="exclusion", text=clean(m.group(0)), source=source, subject=subject.lower()
            )
        )
    for m in _SELF_PAID.finditer(text):
        subject = _subject(m.group(1) or m.group(2) or m.group(3) or m.group(4))
        if len(subject) >= 2 and not _NOT_EXCLUSIONS.match(subject):
            out.append(
                Constraint(
                    kind="exclusion",
                    text=clean(m.group(0)),
                    source=source,
                    subject=subject.lower(),
                    # what is given still comes: out of the budget only; what each person
                    # books is not the organiser's to book either
                    scope="budget" if m.group(3) or m.group(4) else "",
                )
            )
    for pattern in (_FINE, _ALLOW):
        for m in pattern.finditer(text):
            subject = _subject(m.group(1))
            if len(subject) >= 2:
                out.append(
                    Constraint(
                        kind="allowance",
                        text=clean(m.group(0)),
                        source=source,
                        subject=subject.lower(),
                    )
                )
    out += read_priorities(text, source, _subject)
    tasks = _TASK_COLON.sub(r"\1 ", text)
    for m in _ADD.finditer(tasks) if source != "goal" else ():  # the goal's "add" is the goal
        items = _ADD_SPLIT.split(m.group(1))
        # "a session with the CFO, Mark Reid": a name after a comma says who, no second
        # thing (found by a new user's trial: a task and a calendar event called "Mark Reid")
        for i in range(len(items) - 1, 0, -1):
            if re.fullmatch(r"\s*(?:[A-Z][\w'’-]+\s?){1,3}", items[i]) and "," in m.group(1):
                items[i - 1 : i + 1] = [f"{items[i - 1]}, {items[i].strip()}"]
        for n, item in enumerate(items):
            if n and _CLAUSE.match(item.strip()) and not _SCORE.fullmatch(item.strip()):
                break
            thing = re.sub(r"^\s*to\s", "", item)  # "need to hire"
            # "takes the old furniture to the tip": where it goes is the task's (found as a
            # user: "Tom takes the old furniture", the tip lost)
            went = _TAKEN_TO.match(thing)
            subject = _subject(went.group(0) if went else _ADD_CUT.sub("", thing))
            short = len(subject) < 3 and not (len(subject) == 2 and subject.isupper())  # "a DJ"
            if short or len(subject.split()) > 8:
                continue
            # "add 2 more", not "add a 2-minute trailer"
            if re.match(
                r"(?:more|less|another|it|that|this|[0-9](?![0-9.]*-[a-z]))", subject, re.I
            ):
                continue
            if re.search(r"\bline\s(?:of|for|at)$", subject, re.I):
                continue  # "add a … line of £150": a budget line, read with its money
            # "a paid design exercise of £300": the exercise, its price read with the money
            subject = _PRICED_AT.sub("", subject)
            if re.match(r"(?:budget|money|funds?|cash)\b", subject, re.I):
                continue  # "I also need a budget of £1,500": money, read as such (a trial's)
            out.append(
                Constraint(
                    kind="addition",
                    # the asking words as said: "We need a flat", not "We a flat"
                    text=clean(f"{tasks[m.start() : m.start(1)]} {_PRICED_AT.sub('', item)}"),
                    source=source,
                    subject=subject.lower(),
                )
            )
    out += read_needs(text, source)
    for m in _ALSO.finditer(tasks) if source != "goal" else ():
        # "also hire a facilitator and move it to Sheffield": the task ends where a new
        # instruction begins
        asked = _NEXT_INSTRUCTION.split(_WISH_TO.sub("", m.group(1)), maxsplit=1)[0]
        for task in _AND_TASK.split(asked):
            said = _ADD_CUT.sub("", task).strip()
            if _NOT_TASKS.match(said) or len(said.split()) > 12:
                continue
            out.append(  # the text keeps the task's own date: "send invitations by 1 March"
                Constraint(kind="addition", text=clean(task), source=source, subject=said.lower())
            )
    for m in _INSTEAD.finditer(text) if source != "goal" else ():
        subject = _subject(m.group(1))
        named = len(subject) >= 3 or (len(subject) == 2 and subject.isupper())  # "a DJ"
        if named and not _NOT_TASKS.match(subject):
            out.append(
                Constraint(
                    kind="addition", text=clean(m.group(0)), source=source, subject=subject.lower()
                )
            )
    out = _each_asked_once(out)
    if source != "goal":
        for m in _TASK_BY.finditer(text):  # "Book everything by 31 March 2027"
            if any(m.group(1).lower() in c.text.lower() for c in out if c.kind == "addition"):
                continue
            out.append(
                Constraint(
                    kind="addition",
                    text=clean(m.group(0)),
                    source=source,
                    subject=_subject(m.group(1)).lower(),
                )
            )
        for m in _WANT_BY.finditer(text):  # "I want to finish a SQL course by March"
            said = _subject(re.sub(r"^(?:a|an)\s", "", m.group(1), flags=re.I))
            out.append(
                Constraint(
                    kind="addition",
                    text=clean(m.group(0)),
                    source=source,
                    subject=said.lower(),
                    scope="wanted",
                )
            )
    for m in _FOCUS.finditer(text):
        subject = _subject(m.group(1))
        if len(subject) >= 3:
            out.append(
                Constraint(
                    kind="focus", text=clean(m.group(0)), source=source, subject=subject.lower()
                )
            )
    return out
