// Any iteration's plan, opened from the timeline, and "Continue from here": a new run that
// starts from that plan with the person's feedback (the run shown stays as it is).

import { api, post } from './api.js';
import { byId, el, setText } from './render.js';
import { showMarkdown } from './planview.js';

export class PlanDialog {
  // onForked(runId): open the new run.
  constructor({ onForked }) {
    this.onForked = onForked;
    this.dialog = byId('plan-dialog');
    this.body = byId('plan-body');
    this.feedback = byId('fork-feedback');
    this.iterations = byId('fork-iterations');
    this.runId = null;
    this.iteration = null;
    byId('plan-close').addEventListener('click', () => this.dialog.close());
    byId('plan-form').addEventListener('submit', (event) => event.preventDefault());
    byId('fork-btn').addEventListener('click', () => this.fork());
  }

  // A memory note read at full width (the memory panel is a narrow column): its sanitized
  // HTML, without the run's "Continue from here".
  showNote(title, note) {
    this.runId = null;
    this.iteration = null;
    setText('plan-title', `📚 ${title}`);
    setText('plan-meta', 'A note in your memory');
    byId('fork-details').hidden = true;
    this.body.setAttribute('aria-label', 'The memory note');
    this.body.replaceChildren(...[...note.childNodes].map((node) => node.cloneNode(true)));
    if (!this.dialog.open) this.dialog.showModal();
  }

  async open(runId, iteration) {
    byId('fork-details').hidden = false;
    this.body.setAttribute('aria-label', 'Plan after this iteration');
    this.runId = runId;
    this.iteration = iteration;
    setText('plan-title', `📄 Plan after iteration ${iteration}`);
    setText('plan-meta', '');
    setText('fork-error', '');
    this.feedback.value = '';
    this.iterations.value = '';
    byId('fork-details').open = false;
    this.body.setAttribute('aria-busy', 'true');
    this.body.replaceChildren(el('p', { class: 'muted', text: 'Loading the plan…' }));
    if (!this.dialog.open) this.dialog.showModal();
    const path = `/api/runs/${encodeURIComponent(runId)}/plan?iteration=${iteration}`;
    try {
      const plan = await api(path);
      if (this.runId !== runId || this.iteration !== iteration) return;
      const revision = plan.revision ? ` · revision ${plan.revision}` : '';
      setText('plan-meta', plan.partial ? `A partial plan${revision}` : revision.slice(3));
      await showMarkdown(this.body, plan.plan_markdown ?? plan.markdown ?? '');
    } catch (err) {
      this.body.removeAttribute('aria-busy');
      this.body.replaceChildren(el('p', { class: 'error-text', text: `Could not load the plan: ${err.message}` }));
    }
  }

  async fork() {
    const body = { from_iteration: this.iteration, feedback: this.feedback.value.trim() };
    const raw = this.iterations.value.trim();
    if (raw) {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > 50) {
        setText('fork-error', 'Iterations must be a whole number from 1 to 50.');
        return;
      }
      body.max_iterations = n;
    }
    setText('fork-error', '');
    const button = byId('fork-btn');
    button.disabled = true;
    try {
      const created = await post(`/api/runs/${encodeURIComponent(this.runId)}/fork`, body);
      this.dialog.close();
      this.onForked(created.run_id);
    } catch (err) {
      setText('fork-error', `Could not continue from here: ${err.message}`);
    } finally {
      button.disabled = false;
    }
  }
}
