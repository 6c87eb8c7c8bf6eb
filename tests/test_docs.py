"""Documentation that must not drift: docs/events.md and the OpenAPI schema's error shape."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from planloop import docgen
from planloop.events import EVENT_MODELS, EVENT_TYPES

ROOT = Path(__file__).resolve().parents[1]
# Routers of work in progress elsewhere (the web page's api/pages.py, the memory's
# api/memory.py): they get `responses=ERRORS` (planloop.api.responses) with that work;
# then drop their tags here.
PENDING_TAGS: set[str] = set()


def test_events_md_is_generated_from_the_event_models() -> None:
    current = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    assert current == docgen.render(), "docs/events.md is stale: run python -m planloop.docgen"


def test_every_event_type_has_its_fields_and_a_valid_example() -> None:
    text = docgen.render()
    for model, tag in zip(EVENT_MODELS, EVENT_TYPES, strict=True):
        assert f"\n## {tag}\n" in text
        for name in model.model_fields:
            if name != "type":
                assert f"| `{name}` |" in text, (tag, name)
        example = docgen.example(model)
        assert example["type"] == tag and {"run_id", "seq", "ts"} <= set(example)


def test_the_check_flag_fails_on_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "events.md"
    stale.write_text("# Events\n")
    cmd = [sys.executable, "-m", "planloop.docgen", "--check", "--output", str(stale)]
    assert subprocess.run(cmd, capture_output=True, check=False).returncode == 1
    assert subprocess.run([*cmd[:-3], "--output", str(stale)], check=False).returncode == 0
    assert subprocess.run(cmd, capture_output=True, check=False).returncode == 0


@pytest.mark.timeout(60)
async def test_openapi_documents_the_error_shape_on_every_api_route(
    client: httpx.AsyncClient,
) -> None:
    schema = (await client.get("/openapi.json")).json()
    assert schema["components"]["schemas"]["ErrorOut"]["properties"]["error"]
    error_ref = "#/components/schemas/ErrorOut"
    missing = []
    api_ops = 0
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, op in operations.items():
            if PENDING_TAGS & set(op.get("tags", [])):
                continue
            api_ops += 1
            documented = {
                status
                for status, response in op["responses"].items()
                if status.startswith("4")
                and response.get("content", {}).get("application/json", {}).get("schema", {})
                == {"$ref": error_ref}
            }
            if not {"404", "422"} <= documented:
                missing.append(f"{method.upper()} {path}")
    assert api_ops >= 15
    assert not missing, f"routes without the ErrorOut responses: {missing}"
