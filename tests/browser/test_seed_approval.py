"""The original page's way of approving a checkpoint still works in Chromium with approvals
bound to the watched run (issue 15, item 3): an EventSource on ``/api/execute-plan``,
then ``POST /api/checkpoint-approval`` with only ``{session_id, checkpoint}``. The stream's
response sets the ``planloop_watch`` cookie; the approval carries it back."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.timeout(60)

# What the original page does, restated in a few lines (its own code is not copied here).
SEED_CLIENT = """async (goal) => {
  const params = new URLSearchParams({goal, proposal: '', max_iterations: 3,
    checkpoint_interval: 1, session_id: null});
  const seen = [];
  return await new Promise((resolve) => {
    const source = new EventSource('/api/execute-plan?' + params);
    source.addEventListener('message', async (event) => {
      const data = JSON.parse(event.data);
      seen.push(data.type);
      if (data.type === 'checkpoint_reached') {
        const r = await fetch('/api/checkpoint-approval', {method: 'POST',
          headers: {'Content-Type': 'application/json'},
          body: JSON.stringify({session_id: null, checkpoint: data.checkpoint_number})});
        seen.push('approval ' + r.status);
      }
      if (['final_plan', 'error', 'complete'].includes(data.type)) {
        source.close();
        resolve(seen);
      }
    });
    source.onerror = () => { source.close(); resolve([...seen, 'stream error']); };
  });
}"""


def test_the_original_pages_approvals_reach_its_run(page: Page) -> None:
    page.goto("/")
    seen = page.evaluate(SEED_CLIENT, "Open a bakery in Lisbon within 6 months")
    approvals = [s for s in seen if s.startswith("approval")]
    assert approvals and all(a == "approval 200" for a in approvals), seen
    assert seen.count("checkpoint_approved") == len(approvals), seen
    assert seen[-1] == "final_plan", seen
    cookies = {c["name"]: c for c in page.context.cookies()}
    watch = cookies["planloop_watch"]
    assert watch["httpOnly"] and watch["sameSite"] == "Strict" and watch["path"] == "/api"
