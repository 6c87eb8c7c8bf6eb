// One open run: turns its events into transcript messages, the timeline, the control
// buttons' state and the checkpoint dialog. Replaying a run's events from seq 0 rebuilds
// exactly what a live viewer saw, so a reload or a second tab shows the same page.

import { api, post } from './api.js';
import { CheckpointDialog } from './checkpoint.js';
import { dataPointText, el, frameworkTitles, seconds, setSafeHtml } from './render.js';
import { RunStream } from './stream.js';

const TERMINAL = new Set(['completed', 'rejected', 'cancelled', 'expired', 'failed']);
const ENDINGS = {
  rejected: '🛑 Planning stopped: the checkpoint was rejected.',
  cancelled: '⏹️ Planning stopped.',
  expired: '⌛ Planning stopped: the checkpoint was not decided in time.',
  failed: '⏹️ Planning stopped after the error above.',
};
const STAGES = {
  framework: '🧩 framework', extract: '🔎 data', feedback: '💬 feedback', refine: '✨ refine',
  restart: '↻ restart', model: '🤖 model', memory: '📚 memory',
};
const quietDecisionErrors = new Set(['checkpoint_already_decided', 'checkpoint_not_waiting']);

export class RunView {
  // readOnly: a viewer's share link (share.js) watches; it never gets the decision dialog.
  constructor({ transcript, timeline, onChange, onConnection, readOnly = false }) {
    this.readOnly = readOnly;
    this.transcript = transcript;
    this.timeline = timeline;
    this.onChange = onChange; // (view) => void: status, controls, runs list
    this.onConnection = onConnection; // (state) => void
    this.dialog = new CheckpointDialog({ onDecide: (n, d, f) => this.decide(n, d, f) });
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
    this.finalShown = false;
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
  }

  get active() {
    return this.runId !== null && !TERMINAL.has(this.status);
  }

  changed() {
    this.timeline.update(this.status ? this.status.replace('_', ' ') : '');
    this.onChange(this);
  }

  connection(state) {
    if (state === 'down') this.transcript.add('error', '❌ Connection error during planning');
    if (state === 'live-again') {
      this.transcript.add('info', '🟢 Live again: reconnected to the run.');
    }
    this.onConnection(state);
  }

  apply(d) {
    const handler = this[`on_${d.type}`];
    if (handler) handler.call(this, d);
    this.changed();
  }

  on_planning_started(d) {
    this.status = 'running';
    this.max = d.max_iterations;
    this.timeline.reset(this.max);
    this.transcript.add('user', `🎯 ${d.goal}`);
    this.transcript.add('system', `🚀 Starting planning with ${d.max_iterations} iterations...`,
      el('p', { class: 'muted', text: `A checkpoint every ${d.checkpoint_interval} iterations · planner: ${d.planner}` }));
  }

  on_iteration_started(d) {
    this.status = 'running';
    const max = d.max_iterations || d.max || this.max;
    const known = this.transcript.blocks.has(d.iteration);
    if (known && d.attempt > 1) this.transcript.restartIteration(d.iteration);
    this.transcript.iteration(d.iteration, `🔄 Starting iteration ${d.iteration} of ${max}...`);
    if (known) this.transcript.progress(d.iteration, 'started again after an interruption', STAGES.restart);
    this.timeline.iterationStarted(d.iteration);
  }

  on_iteration_progress(d) {
    this.transcript.iteration(d.iteration, `🔄 Starting iteration ${d.iteration} of ${this.max}...`);
    if (d.delta) {
      this.transcript.delta(d.iteration, d.delta, d.message);
      return;
    }
    const applied = d.frameworks_applied && d.frameworks_applied.length ? d.frameworks_applied : null;
    const badge = STAGES[d.stage] || (applied ? STAGES.framework : null);
    if (d.message) this.transcript.progress(d.iteration, d.message, badge);
    if (applied && !applied.every((f) => (d.message || '').includes(f.title))) {
      this.transcript.progress(d.iteration, frameworkTitles(applied), STAGES.framework);
    }
    if (d.data_points) this.transcript.dataPoints(d.iteration, d.data_points, dataPointText);
  }

  on_iteration_completed(d) {
    this.transcript.dataPoints(d.iteration, d.data_points, dataPointText);
    const fw = frameworkTitles(d.frameworks_applied);
    this.transcript.finishIteration(d.iteration,
      `✓ Iteration ${d.iteration} done in ${seconds(d.duration_ms)}${fw ? ` · ${fw}` : ''}`);
    this.timeline.iterationCompleted(d.iteration, d.duration_ms);
  }

  on_checkpoint_reached(d) {
    this.status = 'awaiting_approval';
    this.transcript.add('checkpoint', `⏹️ CHECKPOINT REACHED (Iteration ${d.iteration})`,
      el('p', { class: 'pre', text: d.summary || '' }));
    this.timeline.checkpoint(d.checkpoint_number, 'waiting');
    this.reachedAt.set(d.checkpoint_number, Date.parse(d.ts));
    this.pending = d;
    this.syncDialog();
  }

  on_checkpoint_approved(d) {
    this.decided(d, 'approved');
    this.status = 'running';
    this.transcript.add('success', '✅ Checkpoint approved! Continuing iterations...',
      d.feedback ? el('p', { class: 'feedback', text: `💬 Feedback: ${d.feedback}` }) : null);
  }

  on_checkpoint_rejected(d) {
    this.decided(d, 'rejected');
    this.status = 'rejected';
    this.transcript.add('error', `⛔ Checkpoint ${d.checkpoint_number} rejected.`,
      d.feedback ? el('p', { class: 'feedback', text: `💬 Feedback: ${d.feedback}` }) : null);
  }

  decided(d, state) {
    const number = d.checkpoint_number ?? d.checkpoint;
    if (this.pending && this.pending.checkpoint_number === number) this.pending = null;
    this.dialog.hide(number);
    const waited = Date.parse(d.ts) - this.reachedAt.get(number);
    this.timeline.checkpoint(number, state, Number.isFinite(waited) ? Math.max(0, waited) : null);
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
    if (d.memory_entity) {
      this.transcript.add('success', `💾 Plan saved to memory as entity: ${d.memory_entity}`);
    }
  }

  on_error(d) {
    this.transcript.add('error', `❌ Planning error: ${d.message || d.error || 'unknown error'}`);
  }

  on_complete(d) {
    this.status = d.status;
    this.pending = null;
    this.pauseRequested = false;
    this.dialog.hide();
    if (ENDINGS[d.status]) this.transcript.add('info', ENDINGS[d.status]);
    if (!this.finalShown) this.showPlan('📄 Partial plan (what was written before planning stopped)');
    this.timeline.note('end', d.status === 'completed' ? '🏁 done' : `⏹️ ${d.status}`, `tl-end tl-${d.status}`);
  }

  // The plan as server-sanitized HTML, in a placeholder that keeps its place in the transcript.
  showPlan(title) {
    const body = el('div', { class: 'markdown plan', 'aria-busy': 'true' }, el('p', { class: 'muted', text: 'Loading the plan…' }));
    this.transcript.add('plan', title, body);
    const runId = this.runId;
    api(`/api/runs/${encodeURIComponent(runId)}/plan`).then((plan) => {
      body.removeAttribute('aria-busy');
      if (!plan.html) {
        body.replaceChildren(el('p', { class: 'muted', text: 'No plan was written yet.' }));
        return;
      }
      setSafeHtml(body, plan.html);
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
      if (p && this.deciding !== p.checkpoint_number && this.dialog.number !== p.checkpoint_number) {
        this.dialog.show(p);
      } else if (!p) {
        this.dialog.hide();
      }
    }, 60);
  }

  async decide(number, decision, feedback) {
    this.deciding = number;
    try {
      await post(`/api/runs/${encodeURIComponent(this.runId)}/checkpoints/${number}`, { decision, feedback });
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
