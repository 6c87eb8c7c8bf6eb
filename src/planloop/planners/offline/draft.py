"""An iteration's draft: the offline planner's steps to write one iteration's plan.

It applies the frameworks of :mod:`planloop.planners.offline.catalog` in the proposal's
order, mines data points from the goal, the proposal, memory and checkpoint feedback, and
grows one Markdown plan. All state comes from the :class:`IterationContext` (the plan
written so far is parsed back), so the same context always produces byte-identical steps,
in the server's process or in a plan process (planloop.plan_processes). Goal, feedback and
memory text is data, never instructions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from planloop.constraints import gather
from planloop.domain import DataPoint, Feedback, utcnow
from planloop.memory import notes
from planloop.planners.base import IterationContext, IterationResult, Progress
from planloop.planners.offline import catalog, families, steering
from planloop.planners.offline import plan_document as pd
from planloop.planners.offline.extraction import MAX_TEXT, extract_data_points, merge_new
from planloop.planners.offline.families import budget_view
from planloop.planners.offline.families import render as outline_view
from planloop.planners.offline.families.budget_view import plural
from planloop.planners.offline.families.person_budget import budget_of, with_persons_budget
from planloop.planners.offline.families.person_schedule import with_persons_schedule
from planloop.planners.offline.families.render import amended
from planloop.planners.offline.families.tables import structure
from planloop.planners.offline.plan_document import PlanDocument
from planloop.planners.offline.relabels import relabelled
from planloop.planners.offline.section_kit import SectionInput
from planloop.terms import join_words, shorten

MEMORY_POINTS_PER_NOTE = 8
MEMORY_EXTRACTIONS_KEPT = 256  # notes whose data points are kept, by text (see _memory_points)
EXTRACTIONS_KEPT = 256  # goals, proposals and feedback whose data points are kept, by text
_REFINED = "refinement pass with everything known so far"


@dataclass(frozen=True)
class Step:
    """One step of an iteration: a progress report (``pause``: the step delay follows it,
    as after a framework applied) or, last, the iteration's result."""

    item: Progress | IterationResult
    pause: bool = False


def written_steps(ctx: IterationContext) -> list[Step]:
    """Every step of an iteration, written at once (what a plan process hands back)."""
    return list(write_steps(ctx))


def _repeats(value: str, seen: set[str]) -> bool:
    """Whether ``value`` says what one of ``seen`` says, or part of it: the proposal quotes
    the goal shortened ("30 April" of "30 April 2027", "must be usable again by 30 April…”":
    found by a new user's trial, each a second risk and a second Must have)."""
    said = value.lower().rstrip("…”\"' ")
    if said in seen:
        return True
    part = re.compile(rf"(?<![\w,.]){re.escape(said)}(?![\w,])")
    return any(part.search(known) for known in seen)


def write_steps(ctx: IterationContext) -> Iterator[Step]:
    """An iteration's steps in order: its progress reports, each marked when the step delay
    follows it, and last its result. All state comes from ``ctx``: the same context always
    gives the same steps, in this process or a plan process."""
    doc = PlanDocument.parse(ctx.state.plan)
    fresh: list[DataPoint] = []

    def gain(found: Sequence[DataPoint], by_value: bool = False) -> list[DataPoint]:
        known = [*ctx.state.data_points, *fresh]
        if by_value:  # the proposal and memory repeat the goal's numbers under other labels
            seen = {p.value.lower() for p in known}
            found = [p for p in found if not _repeats(p.value, seen)]
        new = merge_new(known, found)
        fresh.extend(new)
        return new

    for source, text, by_value in _sources(ctx):
        if source.startswith("memory:"):  # a fixed few per note, the same every iteration
            # ... none of a kind the run says itself: an earlier party's "guests 25" beside
            # this one's 30 (a user trial's: both in the data points)
            known = [*ctx.state.data_points, *fresh]
            labels = {p.label for p in known if not p.source.startswith("memory:")}
            found: Sequence[DataPoint] = [
                p for p in _memory_points(text, source) if p.label not in labels
            ]
        else:
            found = points_of(text, source)
        new = gain(found, by_value)
        if new:
            message = f"Found {plural(len(new), 'data point')} in {_where(source)}"
            yield Step(Progress(message=message, stage="extract", data_points=new))

    feedback = steering.merged_feedback(ctx.state.feedback)
    # new feedback, or more of it: a checkpoint approved with feedback after its changes
    # were requested has both texts (found by a new user's trial: the approval's was never
    # quoted nor applied, only the request's)
    unseen = [
        fb
        for fb in feedback
        if fb.checkpoint not in doc.reviewer
        or pd.blockquote(fb.text) not in doc.reviewer[fb.checkpoint]
    ]
    mined: dict[int, list[DataPoint]] = {}
    for fb in feedback:
        mined[fb.checkpoint] = gain(points_of(fb.text, f"feedback:{fb.checkpoint}"))
        if fb in unseen:
            found_n = len(mined[fb.checkpoint])
            progress = Progress(
                message=f"Read checkpoint {fb.checkpoint} feedback: "
                f"{plural(found_n, 'new data point')}",
                stage="feedback",
                data_points=mined[fb.checkpoint] or None,
            )
            yield Step(progress)

    points = [*ctx.state.data_points, *fresh]
    start = ctx.started_on or utcnow().date()
    cs = gather(ctx.goal, start, feedback, memory=ctx.memory)
    # a Schedule the person wrote is every section's milestones (families/person_schedule.py)
    mine = ctx.state.person_sections
    outline = with_persons_budget(with_persons_schedule(families.build(ctx.goal, cs), mine), mine)
    inp = SectionInput.build(ctx.goal, points, feedback, outline=outline)
    titles = _titles(ctx)
    work = steering.plan_work(ctx, feedback, unseen, titles)
    revised: list[str] = []

    for fw in work.apply:
        applying = Progress(message=f"Applying {fw.title}", stage=fw.id, frameworks_applied=[fw])
        yield Step(applying, pause=True)
        doc.sections[titles[fw.id]] = _body(fw.id, inp)
    for fw_id, checkpoints in work.revise.items():
        title = titles[fw_id]
        why = f"after checkpoint {join_words(str(k) for k in checkpoints)} feedback"
        yield Step(Progress(message=f"Revising {title} {why}", stage=fw_id), pause=True)
        body = _body(fw_id, inp)
        if _core(doc.sections.get(title, "")) == _core(body):  # honest: nothing changed
            mark = f"_Checked in iteration {ctx.iteration} {why}: no change was needed._"
            doc.sections[title] = f"{mark}\n\n{body}"
            continue
        mark = f"_Revised in iteration {ctx.iteration} {why}._"
        doc.sections[title] = f"{mark}\n\n{body}"
        revised.append(title)
    for fw in ctx.state.frameworks:  # an applied framework whose section went missing
        if titles[fw.id] not in doc.sections:
            doc.sections[titles[fw.id]] = _body(fw.id, inp)
    revised += _edited_schedule(doc, ctx, titles, inp, outline)
    if not work.refine:  # sections the new facts changed say so; the rest stay as they are
        revised += _follow(doc, ctx, titles, inp, {t for t in revised}, unseen)
    if work.refine:
        message = "Refinement pass: revising sections with everything known so far"
        yield Step(Progress(message=message, stage="refine"), pause=True)
        revised += _refresh(doc, ctx, titles, inp)

    revised += _outline(doc, outline, feedback, unseen, ctx.iteration)
    if work.refine or ctx.iteration >= ctx.max_iterations or doc.extra:
        applied = [t for t in doc.sections if t in titles.values()]
        structure = doc.top.get(outline.family.structure, "")
        doc.extra[pd.NEXT_ACTIONS] = pd.next_actions(inp, applied, structure)
        doc.extra[pd.OPEN_QUESTIONS] = pd.open_questions(inp)
    for fb in unseen:
        said = len(cs.from_source(f"feedback:{fb.checkpoint}"))
        points_said = relabelled(mined[fb.checkpoint], outline)  # a line's price: no budget
        how = steering.applied_text(fb, work, titles, points_said, said)
        doc.reviewer[fb.checkpoint] = pd.reviewer_entry(fb, ctx.iteration, how)
    why = ""
    if unseen and work.revise:
        why = f" after checkpoint {join_words(str(fb.checkpoint) for fb in unseen)} feedback"
    change = steering.summary_text(work, titles, revised, fresh, why)
    doc.log[ctx.iteration] = f"- Iteration {ctx.iteration}: {change}."
    result = IterationResult(
        frameworks_applied=work.apply,
        data_points=fresh,
        # the record of data points says what each is now (a replaced deadline, an
        # audience), as every section reads them
        plan=doc.render(ctx.goal, relabelled(points, outline), amended(outline)),
        summary=f"Iteration {ctx.iteration} {change}.",
        key_finding=steering.key_finding(fresh, inp),
    )
    yield Step(result)


def _sources(ctx: IterationContext) -> list[tuple[str, str, bool]]:
    """(source, text, dedupe-by-value) for the goal, the proposal and each memory note."""
    # The approach quotes the goal; mine only what the proposal adds to it.
    proposal = f"{ctx.proposal_text}\n{ctx.proposal.approach}".replace(ctx.goal, " ")
    for note in ctx.memory:  # ... nor the memory notes' titles it names (read as memory)
        proposal = proposal.replace(notes.title_of(note.name, note.text), " ")
    out = [("goal", ctx.goal, False), ("proposal", proposal, True)]
    out += [(f"memory:{note.name}", note.text, True) for note in ctx.memory]
    return out


def own_words(name: str, text: str) -> str:
    """What a memory note states: a person's note, all of it; a plan planloop saved, only
    its goal. The rest of a saved plan is another run's output — dates it assumed, budget
    lines it derived, the data points it had itself read from older plans — which, read again
    as data points, gave every later plan on the goal mislabelled figures (its assumed end as
    a "start date", its start as a "deadline") and cost a full read of each old plan at every
    iteration."""
    if notes.kind_of(name, text) != "plan":
        return text
    return notes.parse_facts(text).get("goal") or text


def points_of(text: str, source: str) -> tuple[DataPoint, ...]:
    """The data points of a goal, a proposal or a feedback, extracted once per text: a run
    reads the same ones at every iteration (data points are frozen, so they are shared)."""
    return _extracted(text[:MAX_TEXT], source)


@functools.lru_cache(maxsize=EXTRACTIONS_KEPT)
def _extracted(text: str, source: str) -> tuple[DataPoint, ...]:
    return tuple(extract_data_points(text, source))


def _memory_points(text: str, source: str) -> list[DataPoint]:
    """The first :data:`MEMORY_POINTS_PER_NOTE` data points of a memory note's
    :func:`own_words`, extracted once per text (a run reads the same notes at every
    iteration, and many runs the same notes)."""
    return list(_memory_extraction(text, source))


@functools.lru_cache(maxsize=MEMORY_EXTRACTIONS_KEPT)
def _memory_extraction(text: str, source: str) -> tuple[DataPoint, ...]:
    words_of_note = own_words(source.removeprefix("memory:"), text)
    return tuple(extract_data_points(words_of_note, source)[:MEMORY_POINTS_PER_NOTE])


def _where(source: str) -> str:
    return f"memory note {source[7:]}" if source.startswith("memory:") else f"the {source}"


def _titles(ctx: IterationContext) -> dict[str, str]:
    """A unique, safe section title per framework id (proposal, applied and catalog)."""
    out: dict[str, str] = {}
    used = {t.lower() for t in (*pd.RESERVED, *pd.TOP)}
    catalog_fws = [spec.framework for spec in catalog.CATALOG]
    for fw in [*ctx.proposal.frameworks, *ctx.state.frameworks, *catalog_fws]:
        if fw.id in out:
            continue
        title = shorten(fw.title, 80) or shorten(fw.id, 80) or "Framework"
        if title.lower() in used:
            title = f"{title} ({shorten(fw.id, 40)})"
        while title.lower() in used:
            title += " (2)"
        used.add(title.lower())
        out[fw.id] = title
    return out


def _body(fw_id: str, inp: SectionInput) -> str:
    return catalog.section_body(catalog.get(fw_id), inp)


def _refresh(
    doc: PlanDocument, ctx: IterationContext, titles: dict[str, str], inp: SectionInput
) -> list[str]:
    """Re-render every applied section; mark the ones whose content changed (a section
    that only gains a feedback note is updated without a "Revised" mark)."""
    changed = []
    for fw in ctx.state.frameworks:
        title = titles[fw.id]
        body = _body(fw.id, inp)
        old = doc.sections.get(title, "")
        if _core(old) != _core(body):
            doc.sections[title] = f"_Revised in iteration {ctx.iteration}: {_REFINED}._\n\n{body}"
            changed.append(title)
        elif _unmarked(old) != body:
            doc.sections[title] = body
    return changed


def _outline(
    doc: PlanDocument,
    outline: families.Outline,
    feedback: Sequence[Feedback],
    unseen: Sequence[object],
    iteration: int,
) -> list[str]:
    """The outline's sections, rebuilt; those feedback changed are marked (and only those)."""
    fresh = {
        outline_view.SCHEDULE: outline_view.schedule(outline),
        outline.family.structure: structure(outline),
        outline_view.BUDGET: budget_view.budget(outline),
        outline_view.CONSTRAINTS: outline_view.constraints(outline),
    }
    if feedback:
        fresh[outline_view.FEEDBACK] = outline_view.feedback(outline, feedback)
    changed = []
    for title, body in fresh.items():
        before = doc.top.get(title)
        if unseen and before is not None and _unmarked(before) != body:
            body = f"_Revised in iteration {iteration} after checkpoint feedback._\n\n{body}"
            changed.append(title)
        elif before is not None and before.startswith("_Revised") and _unmarked(before) == body:
            body = before  # still the revised version: keep saying so
        fresh[title] = body
    doc.top = fresh
    return changed


def _follow(
    doc: PlanDocument,
    ctx: IterationContext,
    titles: dict[str, str],
    inp: SectionInput,
    done: set[str],
    unseen: Sequence[object],
) -> list[str]:
    """Applied sections whose content no longer matches the facts are rewritten and marked,
    so no section keeps a team, owner or date that a later one contradicts."""
    changed = []
    why = "after checkpoint feedback" if unseen else "with the new facts"
    for fw in ctx.state.frameworks:
        title = titles[fw.id]
        if title in done or title not in doc.sections:
            continue
        body = _body(fw.id, inp)
        if _core(doc.sections[title]) != _core(body):
            doc.sections[title] = f"_Revised in iteration {ctx.iteration} {why}._\n\n{body}"
            changed.append(title)
    return changed


def _core(body: str) -> str:
    """A section without its marks and feedback notes: what it says about the plan."""
    parts = _unmarked(body).split("\n\n")
    while parts and parts[0].startswith(("_Adjusted for checkpoint", "**Reviewer focus")):
        parts.pop(0)
    return "\n\n".join(parts)


def _unmarked(body: str) -> str:
    """A section body without its "Revised in iteration" line."""
    if body.startswith(("_Revised in iteration ", "_Checked in iteration ")):
        return body.split("\n\n", 1)[1] if "\n\n" in body else ""
    return body


_NAMES_MILESTONES = re.compile(r"\(M[0-9]{1,2}\)|^\| M[0-9]{1,2}\b", re.M)
_NAMES_LINES = re.compile(r"\bsee Budget\b|\bthe Budget's\b")


def _edited_schedule(
    doc: PlanDocument,
    ctx: IterationContext,
    titles: dict[str, str],
    inp: SectionInput,
    outline: families.Outline,
) -> list[str]:
    """Each applied section that names the milestones, written again from the Schedule the
    person wrote (families/person_schedule.py) when it still says the planner's own (found
    by user trials: an edited M3 came back as the old M3 in the RACI, the work breakdown and
    the next actions); and each that cites the Budget's lines, from the Budget they wrote
    (families/person_budget.py: an edited line left "the largest line is …" as it was)."""
    names = []
    if any(m.source == "edit" for m in outline.milestones):
        names.append(("Schedule", _NAMES_MILESTONES))
    if budget_of(ctx.state.person_sections):
        names.append(("Budget", _NAMES_LINES))
    out: list[str] = []
    for fw in ctx.state.frameworks:
        title = titles[fw.id]
        body = _body(fw.id, inp)
        now = doc.sections.get(title)
        said = [what for what, cited in names if cited.search(body)]
        if now is None or _core(now) == _core(body) or not said:
            continue
        doc.sections[title] = (
            f"_Revised in iteration {ctx.iteration} from your {join_words(said)}._\n\n{body}"
        )
        out.append(title)
    return out
