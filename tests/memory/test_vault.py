"""The memory vault against real files in a temporary folder."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from planloop.errors import InvalidInput, NotFound
from planloop.memory import EntityNotFound, EntitySummary, InvalidEntityName, Vault
from planloop.planners.base import MemoryNote

RUN = "ab12cd34-ef56-7890-aaaa-bbbbccccdddd"
RUN2 = "ff00ee11-2222-3333-4444-555566667777"
PLAN = "# Bakery plan\n\n## Steps\n\n1. Find a site\n2. Buy an oven\n"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (relative path -> bytes), the search index left out."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".planloop" not in path.parts
    }


def link_lines(vault: Vault, name: str) -> list[str]:
    text = vault.user_file.read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line == f"- [[entities/{name}.md]]"]


def write_entity(vault: Vault, name: str, text: str) -> None:
    (vault.entities_dir / f"{name}.md").write_text(text, encoding="utf-8")


def save(
    vault: Vault,
    run_id: str = RUN,
    goal: str = "Launch a bakery",
    plan: str = PLAN,
    facts: Mapping[str, str] | None = None,
    links: Sequence[str] = (),
) -> str:
    return vault.save_plan(run_id=run_id, goal=goal, plan=plan, facts=facts or {}, links=links)


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    return Vault(tmp_path / "memory")


# -- layout -------------------------------------------------------------------------------


def test_creates_layout(tmp_path: Path) -> None:
    root = tmp_path / "deep" / "memory"
    vault = Vault(root)
    assert (root / "entities").is_dir()
    text = (root / "user.md").read_text(encoding="utf-8")
    assert text.startswith("# User\n")
    assert "\n## Entities\n" in text
    assert vault.list_entities() == []


def test_existing_user_md_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "user.md").write_bytes(b"# Me\r\n\r\nMy own words \xff\r\n")
    Vault(tmp_path)
    Vault(str(tmp_path))
    assert (tmp_path / "user.md").read_bytes() == b"# Me\r\n\r\nMy own words \xff\r\n"


# -- save_plan: naming and content ---------------------------------------------------------


def test_save_plan_name_is_slug_plus_run_tag(vault: Vault) -> None:
    name = save(vault, goal="Launch a Bakery!  (in Lisbon)")
    assert name == "plan_launch_a_bakery_in_lisbon_ab12cd34"
    assert (vault.entities_dir / f"{name}.md").is_file()


@pytest.mark.parametrize(
    ("goal", "slug"),
    [
        ("Café über Straße", "cafe_uber_strae"),
        ("!!! ???", "plan"),
        ("x" * 30 + " " + "y" * 30, "x" * 30 + "_" + "y" * 9),
        ("a" * 39 + " tail", "a" * 39),  # no trailing "_" after the cut
    ],
)
def test_slug_rules(vault: Vault, goal: str, slug: str) -> None:
    assert save(vault, goal=goal) == f"plan_{slug}_ab12cd34"


def test_run_id_without_letters_or_digits_is_rejected(vault: Vault) -> None:
    before = snapshot(vault.root)
    with pytest.raises(InvalidEntityName, match="run_id"):
        save(vault, run_id="----")
    assert snapshot(vault.root) == before


def test_save_plan_content(vault: Vault) -> None:
    name = save(
        vault,
        goal="Launch a bakery\nin Lisbon by spring",
        facts={"budget": "40k\nEUR", "run_id": "forged", "site: area": "Alfama"},
    )
    text = vault.read(name)
    lines = text.splitlines()
    assert lines[0] == "# Launch a bakery"
    assert "type: plan" in lines
    assert "## Plan" in lines
    # the plan's own headings sit below "## Plan"; its content is kept
    assert "### Bakery plan" in lines
    assert "#### Steps" in lines
    assert "1. Find a site" in lines
    assert "# Bakery plan" not in lines
    facts = lines[lines.index("## Facts") + 1 :]
    assert f"- run_id: {RUN}" in facts
    assert "- goal: Launch a bakery in Lisbon by spring" in facts
    assert "- budget: 40k EUR" in facts
    assert "- site area: Alfama" in facts
    assert "- run_id: forged" not in facts
    assert "## Links" not in lines
    assert text.endswith("\n")


def test_links_only_to_existing_entities(vault: Vault) -> None:
    write_entity(vault, "bakery_market", "# Bakery market\n\nLisbon has 300 bakeries.\n")
    write_entity(vault, "Ovens", "# Ovens\n")
    name = save(vault, links=["bakery_market", "missing", "../user", "Ovens", "bakery_market"])
    text = vault.read(name)
    links = text.split("## Links\n", 1)[1]
    assert re.findall(r"\[\[[^\]]+\]\]", links) == [
        "[[entities/bakery_market.md]]",
        "[[entities/Ovens.md]]",
    ]
    assert "missing" not in text


def test_links_as_one_string_is_a_type_error(vault: Vault) -> None:
    with pytest.raises(TypeError):
        vault.save_plan(run_id=RUN, goal="g", plan="p", facts={}, links="bakery")


def test_plan_cannot_forge_facts_or_hide_them(vault: Vault) -> None:
    forged = "# Plan\n\n## Facts\n\n- run_id: victim-run\n\n```python\nprint('open fence')\n"
    name = save(vault, plan=forged)
    assert vault.find_by_run("victim-run") is None
    assert vault.find_by_run(RUN) == name


# -- atomic writes ------------------------------------------------------------------------


def test_atomic_write_leaves_no_temp_files(vault: Vault) -> None:
    first = save(vault)
    second = save(vault, run_id=RUN2, plan="Other plan")
    save(vault, plan="A revised plan")
    assert sorted(os.listdir(vault.entities_dir)) == sorted([f"{first}.md", f"{second}.md"])
    assert sorted(os.listdir(vault.root)) == [".planloop", "entities", "user.md"]
    assert "index.db" in os.listdir(vault.root / ".planloop")  # the search index


def test_failed_write_keeps_old_file_and_no_temp(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = save(vault)
    before = snapshot(vault.root)

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        save(vault, plan="A different plan")
    assert snapshot(vault.root) == before
    assert "Buy an oven" in vault.read(name)


# -- idempotence and distinct runs --------------------------------------------------------


def test_same_run_twice_is_one_entity_and_one_link(vault: Vault) -> None:
    first = save(vault)
    inode = (vault.entities_dir / f"{first}.md").stat().st_ino
    user_before = vault.user_file.read_bytes()
    second = save(vault)
    assert second == first
    assert os.listdir(vault.entities_dir) == [f"{first}.md"]
    assert len(link_lines(vault, first)) == 1
    # identical content: neither file was rewritten
    assert (vault.entities_dir / f"{first}.md").stat().st_ino == inode
    assert vault.user_file.read_bytes() == user_before


def test_same_run_with_new_content_rewrites_the_same_entity(vault: Vault) -> None:
    name = save(vault)
    assert save(vault, goal="Launch a bakery, revised", plan="Revised plan") == name
    assert os.listdir(vault.entities_dir) == [f"{name}.md"]
    text = vault.read(name)
    assert "Revised plan" in text
    assert "Buy an oven" not in text
    assert len(link_lines(vault, name)) == 1


def test_two_runs_with_the_same_goal_are_two_entities(vault: Vault) -> None:
    a = save(vault, run_id=RUN)
    b = save(vault, run_id=RUN2)
    assert a != b
    assert {e.name for e in vault.list_entities()} == {a, b}
    assert len(link_lines(vault, a)) == 1
    assert len(link_lines(vault, b)) == 1


def test_runs_sharing_a_tag_do_not_overwrite_each_other(vault: Vault) -> None:
    a = save(vault, run_id="abcdefgh-0001", plan="Plan A")
    b = save(vault, run_id="abcdefgh-0002", plan="Plan B")
    assert a != b
    assert "Plan A" in vault.read(a)
    assert "Plan B" in vault.read(b)
    assert save(vault, run_id="abcdefgh-0002", plan="Plan B") == b
    assert vault.find_by_run("abcdefgh-0001") == a


def test_concurrent_saves_keep_one_entity_per_run(tmp_path: Path) -> None:
    runs = [RUN, RUN2, RUN, RUN2, RUN, "0123abcd-x", "0123abcd-x", RUN] * 2
    for attempt in range(5):  # races are probabilistic: give a missing lock several chances
        vault = Vault(tmp_path / str(attempt))
        with ThreadPoolExecutor(max_workers=8) as pool:
            names = list(pool.map(lambda run, v=vault: save(v, run_id=run), runs))
        assert len(set(names)) == 3
        assert len(os.listdir(vault.entities_dir)) == 3
        for name in set(names):
            assert len(link_lines(vault, name)) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX only")
def test_saves_wait_for_another_process_holding_the_folder_lock(vault: Vault) -> None:
    import fcntl

    with ThreadPoolExecutor(max_workers=1) as pool:
        fd = os.open(vault.entities_dir, os.O_RDONLY)  # a separate open file, as another process
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            pending = pool.submit(save, vault)
            time.sleep(0.3)
            finished_early = pending.done()
            files_early = os.listdir(vault.entities_dir)
        finally:
            os.close(fd)  # releases the lock
        assert pending.result(timeout=5) == "plan_launch_a_bakery_ab12cd34"
    assert not finished_early
    assert files_early == []


# -- user.md ------------------------------------------------------------------------------


def test_person_edits_to_user_md_survive(tmp_path: Path) -> None:
    original = (
        "# User\n\nI am Ana; I bake.\n\n## Entities\n\n"
        "- [[entities/bakery_market.md]] my notes\n\n## Journal\n\n- 2026-01-01 started\n"
    )
    (tmp_path / "user.md").write_text(original, encoding="utf-8")
    vault = Vault(tmp_path)
    write_entity(vault, "bakery_market", "# Market\n")
    name = save(vault)
    text = vault.user_file.read_text(encoding="utf-8")
    assert text == original.replace("my notes\n", f"my notes\n- [[entities/{name}.md]]\n")


def test_user_md_without_entities_section_gets_one(tmp_path: Path) -> None:
    (tmp_path / "user.md").write_bytes(b"# Me\r\n\r\nNotes")
    vault = Vault(tmp_path)
    name = save(vault)
    raw = vault.user_file.read_bytes()
    assert (
        raw == f"# Me\r\n\r\nNotes\r\n\r\n## Entities\r\n\r\n- [[entities/{name}.md]]\r\n".encode()
    )


def test_existing_obsidian_style_link_is_not_duplicated(tmp_path: Path) -> None:
    name = "plan_launch_a_bakery_ab12cd34"
    original = f"# User\n\n## Entities\n\n- [[entities/{name}|my bakery plan]]\n"
    (tmp_path / "user.md").write_text(original, encoding="utf-8")
    vault = Vault(tmp_path)
    assert save(vault) == name
    assert vault.user_file.read_text(encoding="utf-8") == original


def test_deleted_user_md_is_recreated_with_the_link(vault: Vault) -> None:
    vault.user_file.unlink()
    name = save(vault)
    text = vault.user_file.read_text(encoding="utf-8")
    assert text.startswith("# User\n")
    assert link_lines(vault, name) == [f"- [[entities/{name}.md]]"]


def test_links_go_into_an_empty_entities_section_before_the_next_heading(
    tmp_path: Path,
) -> None:
    (tmp_path / "user.md").write_text("# User\n## Entities\n## Other\ntext\n", encoding="utf-8")
    vault = Vault(tmp_path)
    name = save(vault)
    assert vault.user_file.read_text(encoding="utf-8") == (
        f"# User\n## Entities\n\n- [[entities/{name}.md]]\n\n## Other\ntext\n"
    )


# -- list_entities ------------------------------------------------------------------------


def test_list_entities_descriptions_and_kinds(vault: Vault) -> None:
    plan = save(vault, goal="Launch a bakery")
    write_entity(vault, "ana", "# Ana\n\ntype: person\n\nOwner of the bakery.\n")
    write_entity(vault, "empty", "# Only a heading\n\n## And another\n")
    write_entity(vault, "long", "# Long\n\n" + "word " * 100 + "\n")
    write_entity(vault, "front", "---\ntype: place\ntags: [x]\n---\n\n# Alfama\n\nA district.\n")
    (vault.entities_dir / "not valid!.md").write_text("x", encoding="utf-8")
    (vault.entities_dir / "readme.txt").write_text("x", encoding="utf-8")
    summaries = vault.list_entities()
    assert [s.name for s in summaries] == ["ana", "empty", "front", "long", plan]
    by_name = {s.name: s for s in summaries}
    assert by_name["ana"] == EntitySummary("ana", "Owner of the bakery.", "person")
    assert by_name["empty"] == EntitySummary("empty", "Memory entity: empty", "note")
    assert by_name["front"] == EntitySummary("front", "A district.", "place")
    assert by_name["long"].kind == "note"
    assert by_name["long"].description.startswith("word word")
    assert len(by_name["long"].description) <= 160
    assert by_name[plan].kind == "plan"
    assert by_name[plan].description == "Plan for: Launch a bakery"


# -- read and notes -----------------------------------------------------------------------


def test_read_returns_raw_markdown_and_replaces_bad_bytes(vault: Vault) -> None:
    (vault.entities_dir / "raw.md").write_bytes(b"# Raw\n\ncaf\xe9 \xff\n")
    assert vault.read("raw") == "# Raw\n\ncaf\ufffd \ufffd\n"


def test_read_unknown_entity(vault: Vault) -> None:
    with pytest.raises(EntityNotFound, match="nobody") as info:
        vault.read("nobody")
    assert isinstance(info.value, NotFound)
    assert isinstance(info.value, LookupError)
    assert info.value.entity == "nobody"


def test_notes_in_order_and_unknown_names(vault: Vault) -> None:
    write_entity(vault, "b", "# B\n")
    write_entity(vault, "a", "# A\n")
    assert vault.notes(["b", "a", "b"]) == [MemoryNote("b", "# B\n"), MemoryNote("a", "# A\n")]
    assert vault.notes([]) == []
    with pytest.raises(EntityNotFound, match="ghost"):
        vault.notes(["a", "ghost"])
    with pytest.raises(TypeError):
        vault.notes("a")


# -- names and paths ----------------------------------------------------------------------

BAD_NAMES = [
    "../x",
    "a/b",
    "",
    "a\x00b",
    "x" * 121,
    "..",
    "a\\b",
    ".hidden",
    "-dash",
    "a..b",
    "trail ",
    "dot.",
]


@pytest.mark.parametrize("bad", BAD_NAMES)
def test_path_tricks_are_rejected_and_nothing_is_written(vault: Vault, bad: str) -> None:
    write_entity(vault, "ok", "# OK\n")
    before = snapshot(vault.root.parent)
    with pytest.raises(InvalidEntityName) as info:
        vault.read(bad)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, InvalidInput)
    assert repr(bad[:20])[1:-1] in info.value.message
    with pytest.raises(InvalidEntityName):
        vault.notes(["ok", bad])
    save(vault, links=[bad])
    after = snapshot(vault.root.parent)
    new = set(after) - set(before)
    assert len(new) == 1
    assert re.fullmatch(r"memory/entities/plan_launch_a_bakery_ab12cd34\.md", new.pop())
    assert "## Links" not in vault.read("plan_launch_a_bakery_ab12cd34")


def test_longest_valid_name_is_accepted(vault: Vault) -> None:
    name = "n" + "-._ x" * 23 + "abcd"
    assert len(name) == 120
    write_entity(vault, name, "# Long name\n")
    assert vault.read(name) == "# Long name\n"


def test_symlink_escaping_the_folder_is_refused(vault: Vault, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\npassword hunter2\n", encoding="utf-8")
    (vault.entities_dir / "evil.md").symlink_to(secret)
    write_entity(vault, "inside", "# Inside\n")
    (vault.entities_dir / "alias.md").symlink_to(vault.entities_dir / "inside.md")
    with pytest.raises(InvalidEntityName, match="outside"):
        vault.read("evil")
    assert [s.name for s in vault.list_entities()] == ["alias", "inside"]
    assert vault.search("password hunter2") == []
    assert vault.read("alias") == "# Inside\n"


# -- search -------------------------------------------------------------------------------


def test_search_ranks_by_terms_matched_then_bm25_then_name(vault: Vault) -> None:
    write_entity(vault, "ovens", "# Ovens\n\nDeck ovens for a bakery; ovens cost money.\n")
    write_entity(vault, "flour", "# Flour\n\nBakery flour suppliers in Lisbon.\n")
    write_entity(vault, "zebra", "# Zebra\n\nBakery.\n")
    write_entity(vault, "cats", "# Cats\n\nNothing relevant.\n")
    # most distinct terms first; among equals BM25: "bakery" weighs more in the short note
    assert [n.name for n in vault.search("lisbon BAKERY")] == ["flour", "zebra", "ovens"]
    assert [n.name for n in vault.search("ovens bakery")] == ["ovens", "zebra", "flour"]
    assert [n.name for n in vault.search("bakery", limit=2)] == ["zebra", "flour"]
    hit = vault.search("suppliers")[0]
    assert hit == MemoryNote("flour", "# Flour\n\nBakery flour suppliers in Lisbon.\n")
    # identical notes: the name decides
    write_entity(vault, "twin_b", "# Twin\n\nsourdough\n")
    write_entity(vault, "twin_a", "# Twin\n\nsourdough\n")
    assert [n.name for n in vault.search("sourdough")] == ["twin_a", "twin_b"]


def test_search_stems_and_folds_accents(vault: Vault) -> None:
    write_entity(vault, "cafes", "# Cafés\n\nThree bakeries near the café.\n")
    assert [n.name for n in vault.search("bakery cafe")] == ["cafes"]


def test_search_ignores_function_words(vault: Vault) -> None:
    write_entity(vault, "a", "# A\n\nthe and with for\n")
    assert vault.search("the and with for") == []


def test_search_matches_entity_names(vault: Vault) -> None:
    name = save(vault, goal="Open a croissanterie", plan="Steps only")
    assert [n.name for n in vault.search("croissanterie")] == [name]


@pytest.mark.parametrize("query", ["", "   ", "a an to", "!!"])
def test_search_without_usable_terms_is_empty(vault: Vault, query: str) -> None:
    write_entity(vault, "a", "# A\n\nan to a\n")
    assert vault.search(query) == []


def test_search_limit_zero(vault: Vault) -> None:
    write_entity(vault, "a", "bakery\n")
    assert vault.search("bakery", limit=0) == []


# -- find_by_run --------------------------------------------------------------------------


def test_find_by_run(vault: Vault) -> None:
    assert vault.find_by_run(RUN) is None
    a = save(vault, run_id=RUN)
    b = save(vault, run_id=RUN2, goal="Something else")
    write_entity(vault, "note", "# Note\n\n## Facts\n\n- run_id: not-a-plan\n")
    assert vault.find_by_run(RUN) == a
    assert vault.find_by_run(RUN2) == b
    assert vault.find_by_run("not-a-plan") is None
    assert vault.find_by_run("unknown") is None
    assert vault.find_by_run("") is None
