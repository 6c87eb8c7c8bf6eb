// One open run: turns its events into transcript messages, the timeline, the control
// buttons' state and the checkpoint dialog. Replaying a run's events from seq 0 rebuilds
// exactly what a live viewer saw, so a reload or a second tab shows the same page.

import { api, post } from './api.js';
import { CheckpointDialog, keyOf } from './checkpoint.js';
import { el, seconds, setSafeHtml } from './render.js';
import { showMarkdown } from './planview.js';
import { exportBar, tableOfContents } from './exportbar.js';
import { iterationEvents } from './iterationevents.js';
import { reviewEvents } from './reviewevents.js';
import { TERMINAL, statusLabel } from './status.js';
import { RunStream } from './stream.js';

const ENDINGS = {
  rejected: '🛑 Planning stopped: the checkpoint was rejected.',
  cancelled: '⏹️ Planning stopped.',
  expired: '⌛ Planning stopped: the checkpoint was not decided in time.',
  failed: '⏹️ Planning stopped after the error above.',
};
const quietDecisionErrors = new Set(['checkpoint_already_decided', 'checkpoint_not_waiting']);

export class RunView {
  // readOnly: a viewer's share link (share.js) watches; it never gets the decision dialog.
  // signals: the waiting bar, title, favicon and notifications (the owner's page only).
  constructor({ transcript, timeline, signals = null, onChange, onConnection, onNote = null, readOnly = false }) {
    this.readOnly = readOnly;
    this.onNote = onNote; // (name) => void: open a memory note in the memory panel
    this.transcript = transcript;
    this.timeline = timeline;
    this.signals = signals; // WaitingSignals: the waiting bar, title, favicon, notifications
    this.onChange = onChange; // (view) => void: status, controls, runs list
    this.onConnection = onConnection; // (state) => void
    this.dialog = new CheckpointDialog({
      onDecide: (n, d, f, plan) => this.decide(n, d, f, plan),
      onLoad: (n, r) => this.loadCheckpoint(n, r),
      onLatestPlan: () => this.latestPlan(),
      onExtend: (n) => this.extend(n),
      onToggle: () => this.signal(),
      // the keyboard goes where the checkpoint comes back from: the waiting bar's button
      onDismiss: () => { if (this.signals) this.signals.focusReview(); },
    });
    this.runId = null;
    this.stream = null;
  }

  open(runId, view) {
    this.close();
    this.runId = runId;
    this.goal = view.goal;
    this.status = view.status;
    this.max = view.max_iterations;
    this.pauseRequested = Boolean(view.pause_requested);
    this.pending = null;
    this.deciding = null;
    this.revising = false;
    this.finalShown = false;
    this.savedNote = null;
    this.lastChecks = null;
    this.reachedAt = new Map();
    this.transcript.clear();
    this.timeline.reset(this.max);
    this.stream = new RunStream(runId, {
      onEvent: (data) => this.apply(data),
      onStatus: (state) => this.connection(state),
    });
    this.stream.start(0);
    this.changed();
  }

  close() {
    if (this.stream) this.stream.close();
    this.stream = null;
    this.runId = null;
    this.pending = null;
    this.dialog.hide();
    clearTimeout(this.syncTimer);
    this.signal();
  }

  // The waiting bar, title and favicon follow the open run's pending checkpoint.
  signal() {
    const p = this.pending;
    if (this.signals) this.signals.setHere(p ? { number: p.checkpoint_number, revision: p.revision || 0 } : null,
      this.dialog.isOpen);
  }

  // The waiting bar's button: bring the (dismissed) checkpoint dialog back.
  review() {
    if (!this.pending) return;
    if (this.dialog.key === keyOf(this.pending)) this.dialog.reopen();
    else this.dialog.show(this.pending);
  }

  async latestPlan() {
    if (!this.runId) return '';
    const plan = await api(`/api/runs/${encodeURIComponent(this.runId)}/plan`).catch(() => null);
    return plan ? (plan.plan_markdown ?? plan.markdown ?? '') : '';
  }

  async loadCheckpoint(number, revision = null) {
    const runId = this.runId;
    if (!runId) return null;
    const query = revision ? `?revision=${revision}` : '';
    return api(`/api/runs/${encodeURIComponent(runId)}/checkpoints/${number}${query}`);
  }

  get active() {
    return this.runId !== null && !TERMINAL.has(this.status);
  }

  changed() {
    this.timeline.update(statusLabel(this.status));
    this.onChange(this);
  }

  connection(state) {
    if (state === 'down') this.transcript.add('error', '❌ Connection error during planning');
    if (state === 'live-again') {
      this.transcript.add('info', '🟢 Live again: reconnected to the run.');
      this.dialog.review.retry(); // a plan that could not be loaded meanwhile
    }
    this.onConnection(state);
  }

  apply(d) {
    const handler = this[`on_${d.type}`];
    if (handler) handler.call(this, d);
    this.changed();
  }

  on_run_paused(d) {
    this.status = 'paused';
    this.pauseRequested = false;
    this.transcript.add('info', `⏸️ Paused after iteration ${d.iteration}. Press Resume to continue.`);
  }

  on_run_resumed() {
    this.status = 'running';
    this.pauseRequested = false;
    this.transcript.add('info', '▶️ Resumed.');
  }

  on_final_plan(d) {
    this.finalShown = true;
    this.transcript.add('success', '✅ Planning completed!');
    this.showPlan('📄 Final plan');
    const metrics = el('dl', { class: 'metrics' });
    const rows = [
      ['Iterations', d.iterations],
      ['Checkpoints', d.checkpoints],
      ['Frameworks', (d.frameworks || []).length],
      ['Data points', (d.data_points || []).length],
      ['Total time', seconds(d.duration_ms)],
    ];
    for (const [label, value] of rows) metrics.append(el('dt', { text: label }), el('dd', { text: value }));
    this.transcript.add('info', '📊 Final metrics', metrics);
    if (this.lastChecks) this.transcript.checkSummary(this.lastChecks);
    if (d.memory_entity) this.savedToMemory(d.memory_entity);
  }

  // The saved plan by what a person knows it as, its goal, with a way to open it (its file
  // name, "plan_organise_a_40th_…_4d81361f", is on hover); said once per note.
  savedToMemory(name) {
    if (this.savedNote === name) return;
    this.savedNote = name;
    const open = this.onNote
      ? el('button', { type: 'button', class: 'small', title: name, onclick: () => this.onNote(name) }, 'Open the note')
      : null;
    this.transcript.add('success', `💾 Saved to memory as “${this.goal}”.`, open);
  }

  on_error(d) {
    this.transcript.add('error', `❌ Planning error: ${d.message || d.error || 'unknown error'}`);
  }

  on_complete(d) {
    this.status = d.status;
    this.pending = null;
    this.pauseRequested = false;
    this.dialog.hide();
    this.signal();
    if (ENDINGS[d.status]) this.transcript.add('info', ENDINGS[d.status]);
    if (!this.finalShown) this.showPlan('📄 Partial plan (what was written before planning stopped)');
    if (d.status === 'completed') this.transcript.collapseIterations();
    this.timeline.note('end', d.status === 'completed' ? '🏁 done' : `⏹️ ${statusLabel(d.status)}`, `tl-end tl-${d.status}`);
  }

  // The plan as server-sanitized HTML, in a placeholder that keeps its place in the transcript.
  showPlan(title) {
    const body = el('div', { class: 'markdown plan', 'aria-busy': 'true' }, el('p', { class: 'muted', text: 'Loading the plan…' }));
    const item = this.transcript.add('plan', title, body);
    const runId = this.runId;
    api(`/api/runs/${encodeURIComponent(runId)}/plan`).then(async (plan) => {
      body.removeAttribute('aria-busy');
      if (plan.html) setSafeHtml(body, plan.html);
      else await showMarkdown(body, plan.plan_markdown ?? plan.markdown ?? '');
      if (!body.querySelector('h1, h2, h3, p, table, ul, ol, pre') || runId !== this.runId) return;
      const toc = tableOfContents(body, `plan-${runId.slice(0, 8)}`);
      body.before(exportBar(runId, item));
      if (toc) body.before(toc);
      this.transcript.reveal(item);
    }).catch((err) => {
      body.removeAttribute('aria-busy');
      body.replaceChildren(el('p', { class: 'error-text', text: `Could not load the plan: ${err.message}` }));
    });
  }

  // Open or close the dialog once a burst of replayed events has settled (no flicker).
  syncDialog() {
    clearTimeout(this.syncTimer);
    if (this.readOnly) return;
    this.syncTimer = setTimeout(() => {
      const p = this.pending;
      if (p && this.deciding !== p.checkpoint_number && this.dialog.key !== keyOf(p)) {
        this.dialog.show(p);
      } else if (!p) {
        this.dialog.hide();
      }
    }, 60);
  }

  async decide(number, decision, feedback, planMarkdown) {
    this.deciding = number;
    const body = { decision, feedback };
    if (decision === 'edit') body.plan_markdown = planMarkdown;
    try {
      await post(`/api/runs/${encodeURIComponent(this.runId)}/checkpoints/${number}`, body);
      return null;
    } catch (err) {
      const stillWaiting = this.pending && this.pending.checkpoint_number === number;
      if (quietDecisionErrors.has(err.code) || !stillWaiting) return null;
      return `Could not send the decision: ${err.message}`;
    } finally {
      this.deciding = null;
    }
  }

  async control(action) {
    if (!this.runId) return;
    try {
      const view = await post(`/api/runs/${encodeURIComponent(this.runId)}/${action}`);
      if (action === 'pause' && view.status === 'running') {
        this.pauseRequested = Boolean(view.pause_requested);
        this.transcript.add('info', '⏸️ Pausing after the current iteration...');
      }
      if (action === 'resume') this.pauseRequested = false;
    } catch (err) {
      this.transcript.add('error', `❌ ${err.message}`);
    }
    this.changed();
  }
}

// What the review's decisions and deadlines do to the view (reviewevents.js).
Object.assign(RunView.prototype, iterationEvents, reviewEvents);
