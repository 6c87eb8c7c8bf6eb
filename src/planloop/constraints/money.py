"""Money in text: a total budget, a cap per period ("first month under EUR 5,000", "rent at
most €3,000 a month"), a cap per unit ("60 € a guest"), a cap on one line ("catering under
£3k"), or a price the plan charges ("stall fees under €40": income, not spending); revenue
and prices met elsewhere are not budgets."""

from __future__ import annotations

import re

from planloop.constraints.amounts import (
    MONEY,
    clause_before,
    context_of,
    money_of,
    singular,
    words_before,
)
from planloop.constraints.model import Constraint
from planloop.constraints.named_lines import ASKED_AT, listed_line, named_budget
from planloop.constraints.outlays import (
    BOUGHT_FOR,
    BUDGET_AFTER,
    BUDGET_CUE,
    BUDGET_FOR,
    BUDGET_FOR_BEFORE,
    CHARGED,
    CHARGED_FOR,
    FEE_FOR,
    HAD_START,
    ITEM_START,
    LINE_AFTER,
    LINE_ASKED,
    NEEDED_ON,
    SPEND_OF,
    SPENT_ON,
    THING_COSTS,
    asked_line,
    bare_line,
    is_line,
    kept_under,
    line_subject,
    needed_thing,
    one_thing_capped,
    priced_item,
    thing_of,
)
from planloop.constraints.periods import (
    EACH_PERIOD,
    PER_PERIOD,
    PERIOD_BEFORE,
    WHOLE_AFTER,
    each_period,
    period_cap,
)
from planloop.constraints.prices import ITS_COST, PRICE_BEFORE, RENT_CAPPED, charge_of
from planloop.constraints.sessions import EACH_AFTER, HAD_BEFORE, JOINING, often_after
from planloop.constraints.unspent import ASKED_FOR, DEPOSIT_AFTER, EARNED, loan_sought, theirs
from planloop.terms import clean

# what a price is per ("£30 a lesson"), never a word that joins the clause to the next
# ("lessons are £30 each and I can do one a week" had a cap per "and")
_PER = re.compile(rf"^\s?(?:(?:a|an|per|each|every)\s|/\s?)(?!{JOINING})([a-z]{{2,20}})\b", re.I)
_FEE = re.compile(r"^\s?[\w-]{2,20}\s(?:fee|charge|deposit|levy)\b", re.I)
_ARTICLE = re.compile(r"^(?:a|an|the)\s", re.I)
# "…, £7,000 including flights" (a second page trial's: no budget at all)
_ALL_IN = re.compile(r"\s?(?:including|incl\.?|inc\.?|all\sin|in\stotal|all\stold)\b", re.I)
_HAVING = re.compile(r"\b(?:with|have|has|got|investing)\s(?:a\s|about\s|only\s)?$", re.I)
_REPLACED = re.compile(r"(?:\binstead\sof|\brather\sthan|[0-9],?\snot)\s(?:the\s)?$", re.I)
_REVENUE = re.compile(r"\b(revenue|sales|arr|mrr|income|turnover|profit|raise|price|rent)\b", re.I)
_REVENUE_AFTER = re.compile(r"^\s?(?:in\s)?(?:revenue|sales|arr|mrr|profit|income)\b", re.I)


def read_money(text: str, source: str, taken: bytearray) -> list[Constraint]:
    out: list[Constraint] = []
    last_end, seen = -1, 0  # where the amount before ends, and how many were read by then
    for m in MONEY.finditer(text):
        if taken[m.start()]:
            continue  # read as an item of a list of costs (itemised.py)
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
        money = money_of(m)
        before, clause, tail = context_of(text, m.start(), m.end())
        if _REPLACED.search(text, max(0, m.start() - 16), m.start()):  # "… instead of £650"
            continue
        after_a_line = last_end >= 0 and len(out) > seen and out[-1].kind == "line_cap"
        listed = listed_line(text[last_end : m.start()], tail) if after_a_line else None
        last_end, seen = m.end(), len(out)
        if listed:  # "budget £250 for the photo booth and £400 for catering"
            out.append(Constraint(kind="line_cap", text=clean(f"{m.group(0)} {listed[1]}"),
                                  source=source, money=money, subject=listed[0]))  # fmt: skip
            continue
        per_text = per.group(0) if (per := _PER.match(tail)) else ""
        # as written ("a €12,000 budget"; "must not cost more than", read as "at most")
        written = clause_before(words_before(text, m.start()))
        said = _ARTICLE.sub("", clean(written + m.group(0) + per_text))
        if charged := charge_of(clause):
            subject, fixed = charged
            out.append(
                Constraint(
                    kind="price_cap",
                    text=said,
                    source=source,
                    money=money,
                    subject=subject,
                    unit=singular(per.group(1)) if per else "",
                    scope="set" if fixed else "",
                )
            )
            continue
        if per and singular(per.group(1)) in PER_PERIOD and EARNED.search(before):
            continue  # "make £500 a month": income aimed at, not a cap on spending
        if per and (whole := WHOLE_AFTER.match(text, m.end())):  # "… a year; it is our budget"
            said = clean(f"{written}{m.group(0)}{whole.group(0)}")
            out.append(Constraint(kind="budget", text=said, source=source, money=money))
            if (costs := THING_COSTS.search(before)) and (kit := thing_of(costs["kit"])):
                out.append(Constraint(kind="line_cap", text=said, source=source, money=money,
                                      subject=kit, scope="price"))  # fmt: skip  # all of it
            continue
        if per and singular(per.group(1)) in PER_PERIOD:
            unit = singular(per.group(1))
            out.append(each_period(said, source, money, unit, clause, before, tail))
            continue
        if per and per.group(1).lower() not in ("year", "total", "month"):
            if PRICE_BEFORE.search(before) and not re.search(r"budget|spend", clause, re.I):
                continue
            unit = singular(per.group(1))
            if unit == "hour" and (had := HAD_BEFORE.search(before)):  # "one a fortnight"
                out += often_after(singular(had.group(1).lower()), tail[per.end() :], source)
            elif unit != "hour":  # "£12 a walk, 3 walks a week"
                out += often_after(unit, tail[per.end() :], source)
            # "licences under £12 a user a month": a user's each month
            per_period = _PER.match(tail[per.end() :])
            every = PER_PERIOD.get(singular(per_period.group(1)), "") if per_period else ""
            out.append(
                Constraint(
                    kind="unit_cap",
                    text=f"{said} {clean(per_period.group(0))}" if per_period and every else said,
                    source=source,
                    money=money,
                    unit=unit,
                    subject=line_subject(clause, "")
                    or bare_line(clause),  # "catering under £25 a person"
                    scope=every,
                )
            )
            continue
        if EACH_AFTER.match(tail) and re.search(r"\bbudget\b", clause, re.I):
            # "budget £250 each": a head's, as "£25 a head" is (a twelfth trial's: £250 in all)
            said = _ARTICLE.sub("", clean(written + m.group(0) + " each"))
            out.append(
                Constraint(kind="unit_cap", text=said, source=source, money=money, unit="person")
            )
            continue
        if EACH_AFTER.match(tail) and (had := HAD_BEFORE.search(before)):
            # "lessons cost £38 each", "2 lessons a week at €25 each": a price per lesson
            # (found as a user: "£38 each" had been a budget of £38)
            said = _ARTICLE.sub("", clean(written + m.group(0) + " each"))
            unit = singular(had.group(1).lower())
            out.append(
                Constraint(kind="unit_cap", text=said, source=source, money=money, unit=unit)
            )
            out += often_after(unit, tail[tail.lower().index("each") + 4 :], source)  # "2 a week"
            continue
        if DEPOSIT_AFTER.match(tail) or ASKED_FOR.search(before) or theirs(before, tail):
            continue  # a deposit, money asked of a funder ("ask for £48,000"), or theirs
        if loan_sought(before, tail):
            continue  # "get a £5,000 bank loan": money to borrow, not a budget
        if _REVENUE_AFTER.match(tail) or (
            (earned := _REVENUE.search(before[-30:]))
            and not re.search(r"budget|spend", before[-30:], re.I)
            and not RENT_CAPPED.match(earned.group(0) + before[-30:][earned.end() :])
        ):
            continue
        if fee := FEE_FOR.match(tail):
            # "with €180 for the exam fee": that fee's price, not the plan's budget (found
            # by a new user's trial: the exam fee became €18, a tenth of a €180 budget)
            out.append(
                Constraint(
                    kind="line_cap",
                    text=clean(f"{said} {fee.group(0)}"),
                    source=source,
                    money=money,
                    subject=fee.group(1).lower(),
                    scope="price",
                )
            )
            continue
        if (bought := BOUGHT_FOR.match(tail)) and ITEM_START.search(before):
            # "…; £600 for printing 200 copies": one line's price (found by a new user's
            # trial: no budget, and nothing for the printing)
            said = clean(f"{said} {bought.group(0)}")
            out.append(
                Constraint(kind="line_cap", text=said, source=source, money=money,
                           subject=bought.group(1).lower(), scope="price")
            )  # fmt: skip
            continue
        if (spent := SPENT_ON.match(tail)) and HAD_START.search(before):
            # "…, £150 for timber and compost": the money the person has for the plan's
            # things, its budget (a new user's trial: no budget, and risks that spent it);
            # "6 hours a week, and $400 for a wetsuit" is no cap a week (a trial's)
            said = clean(f"{said} {spent.group(0)}")
            out.append(Constraint(kind="budget", text=said, source=source, money=money))
            continue
        # not a period said of something else before a budget: "5 hours a week, budget
        # £1,000" (a trial's: £1,000 a week, and no budget)
        # ... nor "4 hours a week, with £200 to spend", "… and have £600" (trials': a week)
        if (p := PERIOD_BEFORE.search(before)) and not re.search(
            r",\s(?:and\s)?(?:a\s|with\s)?(?:budget\b|$)|\band\s(?:I\s|we\s)?(?:have|got|with)\s$",
            before[p.end(1) :],
            re.I,
        ):
            scope = clean(p.group(1).lower()).removeprefix("the ")
            span = re.search(r"day|week|month|quarter|year", scope)
            # what is had each period: "one online lesson a week at $25" (found by a new
            # user's trial: a cap on nothing, which no line showed)
            each = EACH_PERIOD.search(before[: p.start()] + p.group(1))
            out.append(
                Constraint(
                    kind="period_cap",
                    text=said,
                    source=source,
                    money=money,
                    unit=span.group(0) if span else "month",
                    scope=scope,
                    subject=singular(each.group(1)) if each else "",
                )
            )
            continue
        # "add a children's activities line of £150", "charges £4,800 for labour"
        wanted = (
            LINE_ASKED.search(before)
            or ASKED_AT.search(before)
            or (CHARGED.search(before) and CHARGED_FOR.match(tail))
        )
        if wanted and is_line(wanted["thing"].split()[-1]):
            asked = wanted.re is not CHARGED_FOR
            out.append(
                Constraint(
                    kind="line_cap",
                    text=clean(before[wanted.start() :] + m.group(0))
                    if asked
                    else clean(f"{said} {wanted.group(0)}"),
                    source=source,
                    money=money,
                    subject=asked_line(wanted["thing"]),
                    scope="price",
                )
            )
            continue
        costs = THING_COSTS.search(before)
        thing = costs and thing_of(
            costs["thing"] or costs["kit"] or costs["quoter"] or costs["fee"] or costs["fare"]
        )
        # its last word names it: "the wedding photography" is photography, "the wedding"
        # the whole plan (a new user's trial: a wedding's photographer was its budget)
        if costs and thing and is_line(thing.split()[-1]):
            # "the illustrator costs £1,500", "the road closure permit costs £450": that
            # line's price (found by new users' trials: each had become the whole budget)
            out.append(
                Constraint(
                    kind="line_cap",
                    text=clean(costs.group(0) + m.group(0)),
                    source=source,
                    money=money,
                    subject=thing,
                    scope="price",
                )
            )
            continue
        if named := BUDGET_FOR_BEFORE.search(before):
            # "my budget for lessons is £200": that line's, as "budget £200 for lessons" is;
            # "the budget for this project is $50k", "for Lisbon": the whole plan's
            word = named.group(1)
            one_line = is_line(word) and not word[0].isupper()
            out.append(
                Constraint(
                    kind="line_cap" if one_line else "budget",
                    text=clean(named.group(0) + m.group(0)),
                    source=source,
                    money=money,
                    subject=word.lower() if one_line else "",
                )
            )
            continue
        if given := named_budget(before, m.group(0), source, money):  # "recruiter fees budget"
            out.append(given)
            continue
        if (needed := NEEDED_ON.search(before)) and is_line(needed.group(1)):
            # "I need an illustrator, budget £1,500": that one's budget, not the whole
            # plan's (found by a new user's trial: the book's printing got half of it)
            out.append(
                Constraint(
                    kind="line_cap",
                    text=clean(needed.group(0) + m.group(0)),
                    source=source,
                    money=money,
                    subject=thing_of(needed.group(1)) or needed.group(1).lower(),
                )
            )
            continue
        if capped := one_thing_capped(before, tail):
            its_price = capped[1] == "price"  # "removals quote is £1,100": that line's price
            said_as = f"{said} {capped[0]}" if its_price and _FEE.match(tail) else said
            said_as = said_as if its_price else f"{said} {capped[1]}"
            scope = "price" if its_price else ""
            out.append(Constraint(kind="line_cap", text=clean(said_as), source=source, money=money,
                                  subject=capped[0], scope=scope))  # fmt: skip
            continue
        if (line := line_subject(clause, tail)) and line.split()[-1] == "rent":
            # rent is paid by the month: "keep rent under $2,000" caps each month's
            out.append(period_cap(said, source, money, "month", line))
            continue
        if line:
            on = LINE_AFTER.match(tail)
            out.append(
                Constraint(
                    kind="line_cap",
                    text=f"{said} {on.group(0).strip()}" if on else said,
                    source=source,
                    money=money,
                    subject=line,
                )
            )
            continue
        # "sell the car for £3,000": a price; but "a store selling candles by 1 March with
        # £2,000" has the money (a second trial's: its budget read as a price)
        priced = PRICE_BEFORE.search(before) and not _HAVING.search(before)
        if priced and not re.search(r"budget|spend", clause, re.I):
            continue
        if ITS_COST.search(before) and not BUDGET_AFTER.match(tail):
            continue  # "… sit the exam; it costs about €150": one thing's price
        # "the loft in Derby, £12k, by March", "…on 20 March, £2,000": an amount set off
        # by commas, alone
        # ... or about so much: "… for 20 people, about £1,200" (found as a user: no budget)
        loose = re.sub(r"(?:about|around|roughly|approximately)\s?$", "", before, flags=re.I)
        alone = (
            loose.rstrip().endswith(",")
            and not re.sub(r"(?i:about|around|roughly|approximately)\s?$", "", clause).strip()
            and (not tail.strip() or tail.lstrip()[:1] in ",.;" or _ALL_IN.match(tail))
        )
        if of := SPEND_OF.match(tail):  # "$500 of ad spend": the ads' line, no total (a trial's)
            said, subject = clean(m.group(0) + of.group(0)), of["thing"].lower()
            out.append(Constraint(kind="line_cap", text=said, source=source, money=money,
                                  subject=subject))  # fmt: skip
            continue
        on = BUDGET_FOR.match(tail)
        last = on.group(1).split()[-1] if on else ""
        if on and re.search(r"\bbudget\b[^.;]{0,12}$", before, re.I) and is_line(last):
            # "budget £400 for courses": that line's, not the whole plan's (found as a user:
            # a job search's course money became its total budget)
            said = clean(f"{said} {on.group(0).strip()}")
            subject = on.group(1).lower()
            out.append(
                Constraint(kind="line_cap", text=said, source=source, money=money, subject=subject)
            )
            continue
        if cue := BUDGET_CUE.search(before):
            bare_for = re.fullmatch(r"for\s?(?:a\s|an\s|about\s|around\s|roughly\s|~)?", cue[0])
            # "hire a food photographer for £800": its price; "a camera I bought for £2,400":
            # none of the plan's (a trial's: each had become the whole budget)
            lead = before[: cue.start()]  # ... or "buy a bungalow for under £280,000"
            under = _LIMIT_CUE.fullmatch(cue[0]) and lead.lower().endswith("for ")
            if (bare_for or under) and (
                price := priced_item(lead[:-4] if under else lead)
            ) is not None:
                price_of = Constraint(kind="line_cap", text=said, source=source, money=money,
                                      subject=price, scope="price")  # fmt: skip
                out += [price_of] if price else []
                continue
            if after := BUDGET_AFTER.match(tail):  # "on a €2,000 budget": not its clause
                said = clean(m.group(0) + after.group(0))
            elif bare_for or cue.group(0)[:6].lower() == "budget":
                # not "Renovate our bathroom … for", nor "to Japan … on a budget of" (a trial's)
                said = clean(cue.group(0) + m.group(0))
            elif _LIMIT_CUE.fullmatch(cue.group(0)):  # "for under £15,000", not the goal
                lead = "for " if before[: cue.start()].lower().endswith("for ") else ""
                said = clean(lead + cue.group(0) + m.group(0))
            below = re.match(r"(?:under|below)\b", cue.group(0), re.I) is not None
            out.append(
                Constraint(kind="budget", text=said, source=source, money=money, below=below)
            )
        elif alone and source != "goal" and (thing := needed_thing(text[: m.start()][-200:])):
            # "we need a cottage that sleeps 14 …, about £1,600": the cottage's price (a
            # page trial's: the £3,000 budget became £1,600)
            out.append(Constraint(kind="line_cap", text=clean(f"{thing} {said}"), source=source,
                                  money=money, subject=thing, scope="price"))  # fmt: skip
        elif after := BUDGET_AFTER.match(tail):  # "a €2,000 budget", not its clause
            said = clean(m.group(0) + after.group(0))
            out.append(Constraint(kind="budget", text=said, source=source, money=money))
        elif alone:
            out.append(Constraint(kind="budget", text=said, source=source, money=money))
    # "keep catering under €600": the line stays below it, not at it (a new user's trial)
    return [c.model_copy(update={"below": True}) if kept_under(c) else c for c in out]


# one thing, the clause's last word: "for shoes and race entry" is the whole budget
_LIMIT_CUE = re.compile(
    r"(?:under|below|at\smost|no\smore\sthan|up\sto|within|max(?:imum)?)\s?"
    r"(?:about\s|around\s|roughly\s|~)?",
    re.I,
)
