"""The memory panel (issue 5): search, open an entity safely, ground the next plan, plan again."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from tests.browser.conftest import PHONE, Watch, new_page
from tests.browser.flow import (
    GOAL,
    button,
    create_run,
    in_viewport,
    no_horizontal_overflow,
    proposal_dialog,
    propose,
    run_state,
    says,
)
from tests.server import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]

HOSTILE_NOTE = """# Quince pastry chef

<img src=x onerror=window.__pwned=1>
<script>window.__pwned=2</script>

Bakes **quince** tarts. [x](javascript:window.__pwned=3) and [site](https://example.org/q)

- role: quince pastry chef
- knows: [[Ana Quince]]
- mentor: [[Nobody Here]]
"""


def memory(page: Page) -> Locator:
    return page.get_by_role("region", name="Memory")


def create_entity(page: Page, **body: Any) -> dict[str, Any]:
    r = page.request.post("/api/memory/entities", data=body)
    assert r.status == 201, r.text()
    entity: dict[str, Any] = r.json()
    return entity


def search(page: Page, query: str) -> Locator:
    """Type into the search box (no Enter: the search is debounced); returns the results list."""
    panel = memory(page)
    panel.get_by_role("searchbox", name="Search memory").fill(query)
    return panel.get_by_role("list", name="Memory entities")


def result(page: Page, name: str) -> Locator:
    return memory(page).get_by_role("button", name=name, exact=True)


def entity_view(page: Page, name: str) -> Locator:
    return memory(page).get_by_role("article", name=name)


def use_box(page: Page, name: str) -> Locator:
    """The open entity's own "use in the next plan" checkbox."""
    return entity_view(page, name).get_by_label("Use in the next plan")


def chosen(page: Page) -> Locator:
    """The panel's list of the entities selected to ground the next plan."""
    return memory(page).get_by_role("list", name=re.compile("Grounding the next plan"))


def wait_completed(page: Page, run_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state = run_state(page, run_id)
        if state["status"] == "completed":
            return state
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not complete: {state['status']}")


def test_search_finds_a_note_and_opens_it_safely(
    page: Page, watch: Watch, server: ServerProcess
) -> None:
    page.goto("/")
    create_entity(page, name="Ana Quince", type="person", observations=["Sells quince jam"])
    create_entity(page, name="quince-chef", markdown=HOSTILE_NOTE)
    panel = memory(page)
    expect(panel).to_be_visible()
    results = search(page, "quince tarts")
    # the debounced search lists the note: name, type and a snippet, all as text
    expect(result(page, "quince-chef")).to_be_visible()
    named = page.get_by_role("button", name="quince-chef", exact=True)
    item = results.get_by_role("listitem").filter(has=named)
    expect(item.locator(".badge")).to_have_text("note")
    expect(item.locator(".memory-snippet")).to_contain_text("quince")
    expect(panel.get_by_role("status")).to_contain_text("for “quince tarts”")
    # open it with the keyboard: focus moves to the entity's heading
    result(page, "quince-chef").focus()
    page.keyboard.press("Enter")
    view = entity_view(page, "quince-chef")
    expect(view).to_be_visible()
    expect(view.get_by_role("heading", name="quince-chef")).to_be_focused()
    expect(results).to_be_hidden()
    # the rendered Markdown: headings and emphasis, hostile markup only as text
    note = view.locator(".markdown")
    expect(note.get_by_role("heading", name="Quince pastry chef")).to_be_visible()
    expect(note.locator("strong")).to_have_text("quince")
    expect(note).to_contain_text("<img src=x onerror=window.__pwned=1>")
    expect(note).to_contain_text("<script>window.__pwned=2</script>")
    assert note.locator("img, script, [onerror], a[href^='javascript']").count() == 0
    link = note.get_by_role("link", name="site")
    expect(link).to_have_attribute("href", "https://example.org/q")
    expect(link).to_have_attribute("rel", "noopener noreferrer nofollow")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("script").count() == 1  # app.js only
    # observations and links, as text; an existing link target opens
    observations = view.get_by_role("region", name="Observations")
    expect(observations.get_by_role("listitem")).to_have_text(["role: quince pastry chef"])
    links_out = view.get_by_role("region", name="Links out")
    expect(links_out).to_contain_text("Nobody Here (not in memory)")
    expect(links_out.get_by_role("button")).to_have_count(1)
    links_out.get_by_role("button", name="Ana Quince").click()
    ana = entity_view(page, "Ana Quince")
    expect(ana).to_be_visible()
    expect(ana.locator(".badge")).to_have_text("person")
    expect(ana.get_by_role("region", name="Observations")).to_contain_text("Sells quince jam")
    # links in lead back
    ana.get_by_role("region", name="Links in").get_by_role("button", name="quince-chef").click()
    expect(entity_view(page, "quince-chef")).to_be_visible()
    # back to the results: focus returns to the entity's button in the list
    button(entity_view(page, "quince-chef"), "← Back to results").click()
    expect(results).to_be_visible()
    expect(result(page, "quince-chef")).to_be_focused()
    # a search with no match says so; an empty query lists all of memory
    search(page, "zeppelinfactory")
    expect(panel.get_by_role("status")).to_have_text("Nothing in memory matches “zeppelinfactory”.")
    expect(results.get_by_role("listitem")).to_have_count(0)
    search(page, "")
    expect(result(page, "Ana Quince")).to_be_visible()
    expect(panel.get_by_role("status")).to_contain_text("in memory")
    # nothing was fetched for the note: no image, no other site
    assert [u for u in watch.requests if u.endswith("/x") or not u.startswith(server.url)] == []


def test_selected_entities_ground_the_proposal_and_the_run(page: Page, watch: Watch) -> None:
    page.goto("/")
    create_entity(page, name="glasshouse-tomatoes", observations=["Tomatoes ripen in July"])
    create_entity(page, name="glasshouse-budget", observations=["Heating costs 300 a month"])
    proposals: list[Any] = []
    page.on(
        "request",
        lambda r: proposals.append(r.post_data_json) if r.url.endswith("/api/proposals") else None,
    )
    search(page, "glasshouse")
    panel = memory(page)
    for name in ("glasshouse-tomatoes", "glasshouse-budget"):
        panel.get_by_role("checkbox", name=f"Use {name} in the next plan").check()
    expect(chosen(page).get_by_role("listitem")).to_have_count(2)
    # the entity view shows the same selection
    result(page, "glasshouse-budget").click()
    expect(use_box(page, "glasshouse-budget")).to_be_checked()
    # the proposal pre-checks the selection and sends it; the goal does not mention it
    dialog = propose(page, GOAL)
    for name in ("glasshouse-tomatoes", "glasshouse-budget"):
        expect(dialog.get_by_label(name, exact=True)).to_be_checked()
        expect(dialog.locator("#proposal-memory")).to_contain_text(name)
    assert proposals[-1]["selected_entities"] == ["glasshouse-tomatoes", "glasshouse-budget"]
    # unchecking in the dialog changes the selection everywhere
    dialog.get_by_label("glasshouse-budget", exact=True).uncheck()
    expect(dialog.locator("#proposal-memory")).not_to_contain_text("glasshouse-budget")
    expect(dialog.locator("#proposal-memory")).to_contain_text("glasshouse-tomatoes")
    expect(chosen(page).locator("li > span")).to_have_text(["glasshouse-tomatoes"])
    dialog.get_by_label("Max iterations").fill("1")
    dialog.get_by_label("Checkpoint every").fill("1")
    button(dialog, "Approve").click()
    page.wait_for_url("**/#run=*")
    run_id = page.url.split("#run=", 1)[1]
    state = run_state(page, run_id)
    assert state["selected_entities"] == ["glasshouse-tomatoes"]
    # the selection grounded this plan; the panel starts afresh for the next one
    expect(panel.locator("#memory-selection")).to_be_hidden()
    expect(use_box(page, "glasshouse-budget")).not_to_be_checked()
    expect(says(page, "✅ Planning completed!")).to_have_count(1)
    plan = wait_completed(page, run_id)["memory_entity"]
    assert plan
    # the finished plan links to the entity that grounded it
    r = page.request.get(f"/api/memory/entities/{plan}")
    assert "glasshouse-tomatoes" in r.json()["links_out"]
    # the panel lists the newly saved plan once the run is over
    button(entity_view(page, "glasshouse-budget"), "← Back to results").click()
    search(page, "")
    # listed by its title (the goal), not its file name
    expect(memory(page).locator(f'button[data-open="{plan}"]')).to_have_text(GOAL)
    watch.check()


def test_plan_again_proposes_the_old_goal_grounded_in_the_old_plan(page: Page) -> None:
    page.goto("/")
    old_goal = "Plant an orchard of 40 apricot trees by next spring"
    run_id = create_run(page, goal=old_goal, max_iterations=1, checkpoint_interval=1)
    plan = wait_completed(page, run_id)["memory_entity"]
    search(page, "apricot orchard")
    result(page, old_goal).click()  # a plan is listed by its goal, not its file name
    view = entity_view(page, old_goal)  # titled by its goal
    expect(view.locator(".badge")).to_have_text("plan")
    # the note says its goal once under its title, no "type: plan" line (a new user's
    # trial: a plan's goal four times over, and the raw line)
    note = view.locator(".memory-note")
    expect(note.locator("h3").first).to_contain_text(f"Plan: {old_goal}")
    expect(note.locator("h1")).to_have_count(0)
    expect(note).not_to_contain_text("type: plan")
    expect(note).not_to_contain_text(f"Plan for: {old_goal}")
    # ... and reads at full width, not in the panel's column (the same trial: 13,000 px tall)
    button(view, "Read full width").click()
    reader = page.locator("#plan-dialog")
    expect(reader).to_be_visible()
    expect(reader.locator("#plan-title")).to_have_text(f"📚 {old_goal}")
    expect(reader.locator("#plan-body h3").first).to_contain_text(f"Plan: {old_goal}")
    expect(reader.locator("#fork-details")).to_be_hidden()  # a note is no run to continue
    assert reader.bounding_box()["width"] > 2 * view.bounding_box()["width"]  # type: ignore[index]
    button(reader, "Close").click()
    expect(reader).to_be_hidden()
    expect(view.get_by_role("region", name="Observations")).to_contain_text(f"goal: {old_goal}")
    button(view, "Plan again").click()
    dialog = proposal_dialog(page)
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Goal")).to_have_value(old_goal)
    expect(button(dialog, "Approve")).to_be_enabled()
    expect(dialog.locator(f'input[value="{plan}"]')).to_be_checked()
    expect(dialog.get_by_label(old_goal, exact=True)).to_be_checked()
    expect(dialog.locator("#proposal-memory")).to_contain_text(old_goal)
    # cancelling keeps the selection; approving starts the new run from the old plan
    button(dialog, "Cancel").click()
    expect(dialog).to_be_hidden()
    expect(chosen(page).locator("li > span")).to_have_text([old_goal])
    button(view, "Plan again").click()
    expect(button(dialog, "Approve")).to_be_enabled()
    dialog.get_by_label("Max iterations").fill("1")
    dialog.get_by_label("Checkpoint every").fill("1")
    button(dialog, "Approve").click()
    page.wait_for_url("**/#run=*")
    new_run = page.url.split("#run=", 1)[1]
    assert new_run != run_id
    state = run_state(page, new_run)
    assert state["goal"] == old_goal
    assert state["selected_entities"] == [plan]
    # a plan without plans: a note has no Plan again
    create_entity(page, name="apricot-soil", observations=["Apricots like chalky soil"])
    search(page, "chalky soil")
    result(page, "apricot-soil").click()
    expect(entity_view(page, "apricot-soil")).to_be_visible()
    expect(button(entity_view(page, "apricot-soil"), "Plan again")).to_have_count(0)
    # a long title wraps itself, never the Close button (a second page trial: "Clos / e")
    long_goal = (
        "Plant an orchard of 40 apricot trees by next spring on the south-facing slope behind"
        " the old farmhouse, budget £2,000"
    )
    long_plan = wait_completed(page, create_run(page, goal=long_goal, max_iterations=1))
    search(page, "farmhouse slope")
    memory(page).locator(f'button[data-open="{long_plan["memory_entity"]}"]').click()
    button(entity_view(page, long_goal), "Read full width").click()
    reader = page.locator("#plan-dialog")
    close = button(reader, "Close")
    box = close.bounding_box()
    assert box is not None and box["height"] < 50, box
    # the trial's fonts squeezed it where this machine's do not: the rule itself is checked
    shrinks, wraps = close.evaluate(
        "b => [getComputedStyle(b).flexShrink, getComputedStyle(b).whiteSpace]"
    )
    assert (shrinks, wraps) == ("0", "nowrap")
    close.click()


def test_the_panel_on_a_phone(browser: Browser, server: ServerProcess, watch: Watch) -> None:
    width = PHONE["width"]
    context = browser.new_context(viewport=PHONE, base_url=server.url)  # type: ignore[arg-type]
    try:
        page = new_page(context, watch)
        page.goto("/")
        long_word = "pneumonoultramicroscopic" * 6
        create_entity(
            page,
            name="phone-width-note",
            markdown=(
                f"# Narrow screens\n\n{long_word}\n\n| month | rent | staff | flour |\n"
                "|---|---|---|---|\n| Jan | 2100 | 3 | 400 |\n\n- mentor: [[Ana Quince]]\n"
            ),
        )
        # folded away like the runs list; a keyboard opens it
        panel = memory(page)
        expect(panel).to_be_visible()
        expect(page.locator("#memory-details")).not_to_have_attribute("open", "")
        panel.locator("summary").focus()
        page.keyboard.press("Enter")
        box = panel.get_by_role("searchbox", name="Search memory")
        in_viewport(page, box)
        search(page, "narrow screens")
        in_viewport(page, result(page, "phone-width-note"))
        no_horizontal_overflow(page, width)
        result(page, "phone-width-note").click()
        view = entity_view(page, "phone-width-note")
        expect(view.locator(".markdown table")).to_be_visible()
        in_viewport(page, button(view, "← Back to results"))
        in_viewport(page, use_box(page, "phone-width-note"))
        no_horizontal_overflow(page, width)
        use_box(page, "phone-width-note").check()
        in_viewport(page, button(panel, "Plan with these"))
        page.get_by_label("Message or goal").fill(GOAL)
        button(panel, "Plan with these").click()
        dialog = proposal_dialog(page)
        expect(button(dialog, "Approve")).to_be_enabled()
        expect(dialog.get_by_label("phone-width-note", exact=True)).to_be_checked()
        in_viewport(page, button(dialog, "Approve"))
        no_horizontal_overflow(page, width)
        watch.check()
    finally:
        context.close()
