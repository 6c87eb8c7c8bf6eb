"""A thing due by a day, said at a checkpoint: "the deposit for the cottage is due by 15
January", "we must pay the balance by 1 May". It is a task due then, not the plan's
deadline (found by a new user's trial: a June walking holiday moved to 15 January, its
departure with it). Read as a constraint of kind "addition" with that day."""

from __future__ import annotations

import re

from planloop.constraints.holds import clause_of
from planloop.constraints.model import Constraint

_THING = (
    r"(?:deposits?|payments?|balance|fees?|forms?|applications?|invoices?|rent|tickets?"
    r"|registrations?|entries|entry|paperwork|references?|consent\sforms?"
    # a part of the work wanted first: "my supervisor wants a full draft by 1 August" (a
    # thirteenth trial's: the dissertation's deadline moved to the draft's)
    r"|drafts?|chapters?|proposals?|abstracts?|outlines?|quotes?"
    # what is confirmed or renewed for the plan: "school places must be confirmed by the end
    # of June" (found as a user: a move's day moved to it)
    r"|places?|visas?|passports?|permits?|licen[cs]es?|insurance|mortgage\soffer|survey)"
)
# "the deposit for the cottage is due by", "the balance must be paid by"
_DUE = re.compile(
    rf"\b(?:(?:the|a|an|our|my|their)\s)?((?:[\w'’-]+\s){{0,2}}?{_THING}"
    r"(?:\s(?:for|on|of)\s(?:the\s|our\s|my\s)?[\w'’-]+(?:\s[\w'’-]+)?)?)"
    r"\s(?:is|are|will\sbe|must\sbe|has\sto\sbe|have\sto\sbe|must|should|will|needs?\sto"
    r"|ha(?:s|ve)\sto)?\s?"
    # "school applications must go in by" (the same trial's: the move moved to it)
    r"(?P<done>due|needed|paid|in|sent|returned|submitted|payable|go\sin|handed\sin|ready|done"
    r"|confirmed|renewed|booked|signed|approved|arranged)\s$",
    re.I,
)
# "The Fleece wants a £400 deposit by" (a fifth trial's: the party moved to 15 January)
_WANTS = re.compile(
    r"\b(?:wants?|needs?|asks?\sfor|requires?|expects?)\s(?:a\s|an\s|the\s|our\s)?"
    rf"((?:[£$€][\d,.]+k?\s)?(?:[\w'’-]+\s){{0,1}}?{_THING})\s$",
    re.I,
)
# "we must pay the deposit by", "send the forms back by"
_DO_BY = re.compile(
    rf"\b(pay|send|submit|return|post|book|confirm|renew)\s(?:in\s|off\s)?(?:the\s|our\s|my\s|a\s)?"
    rf"((?:[\w'’-]+\s){{0,2}}?{_THING}(?:\s(?:for|on|of)\s(?:the\s|our\s|my\s)?[\w'’-]+)?)"
    r"(?:\s(?:back|in|off))?\s$",
    re.I,
)


# an offer's end: "the 0% balance transfer offer ends on 31 March 2027" (a fifth trial's:
# the debt-free deadline moved to it)
_OFFER_ENDS = re.compile(
    r"\b((?:[\w%'’-]+\s){0,5}?(?:offer|deal|promotion|interest[\s-]free\speriod|fixed\srate))"
    r"\s(?:ends|expires|runs\sout|finishes|stops)\s$",
    re.I,
)


# what is done with a thing said done so: "confirmed" is to confirm it
_DONE_AS = {"confirmed": "confirm", "renewed": "renew", "booked": "book", "signed": "sign",
            "approved": "get approval for", "arranged": "arrange"}  # fmt: skip


def _done_to(thing: str, done: str = "") -> str:
    """What is done with a thing due: money is paid ("pay the £400 deposit"), one confirmed
    is confirmed, the rest sent."""
    if verb := _DONE_AS.get(done.lower()):
        return f"{verb} the {thing}"
    paid = re.search(r"deposit|payment|balance|fee|rent|[£$€]", thing, re.I)
    return f"{'pay' if paid else 'send'} the {thing}"


def a_things_due(c: Constraint, text: str, dated_goal: bool = False) -> Constraint:
    """A deadline said of a thing due (a deposit, a form) as that task, due then: in
    feedback, or in a goal that names another day ("defend my thesis by 30 June 2027; my
    supervisor wants the full draft by 15 April": a new user's trial)."""
    if c.kind != "deadline" or c.when is None:
        return c
    if not (c.source.startswith("feedback:") or (c.source == "goal" and dated_goal)):
        return c
    clause = clause_of(text, c.text)
    before = clause[: clause.lower().find(c.text.lower())]
    if m := _DUE.search(before):
        thing = re.sub(r"\s(?:is|are|will|must|has|have)$", "", m.group(1).strip(), flags=re.I)
        # not the joining word before it: "…, so school applications must go in by"
        thing = re.sub(r"^(?:so|and|but|then|also|as|because)\s", "", thing, flags=re.I)
        task = _done_to(thing, m["done"])
    elif m := _DO_BY.search(before):
        task = f"{m.group(1)} the {m.group(2).strip()}".lower()
    elif m := _OFFER_ENDS.search(before):
        thing = re.sub(r"^(?:the|my|our|a|an)\s", "", m.group(1).strip(), flags=re.I)
        task = f"plan for the end of the {thing}: clear it or move it first"
    elif m := _WANTS.search(before):
        task = _done_to(m.group(1).strip())
    else:
        return c
    said = clause.strip()
    return c.model_copy(update={"kind": "addition", "text": said, "subject": task.lower()})
