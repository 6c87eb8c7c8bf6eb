// What an iteration's events do to an open run's view: planning started, an iteration
// started (again, or revised), its progress and data points, its end, the plan's checks.
// Mixed into RunView (runview.js), whose transcript and timeline they update.

import { dataPointText, el, frameworkTitles, seconds } from './render.js';

const STAGES = {
  framework: '🧩 framework', extract: '🔎 data', feedback: '💬 feedback', refine: '✨ refine',
  restart: '↻ restart', model: '🤖 model', memory: '📚 memory',
};

export const iterationEvents = {
  on_planning_started(d) {
    this.status = 'running';
    this.max = d.max_iterations;
    this.timeline.reset(this.max);
    this.transcript.add('user', `🎯 ${d.goal}`);
    this.transcript.add('system', `🚀 Starting planning with ${d.max_iterations} iterations...`,
      el('p', { class: 'muted', text: `A checkpoint every ${d.checkpoint_interval} iterations · planner: ${d.planner}` }));
  },

  on_iteration_started(d) {
    this.status = 'running';
    const max = d.max_iterations || d.max || this.max;
    let known = this.transcript.blocks.has(d.iteration);
    if (known && this.revising) {
      // Requested changes: the iterations since the last review run again, in new blocks.
      this.transcript.blocks.delete(d.iteration);
      this.transcript.iteration(d.iteration, `🔄 Revising iteration ${d.iteration} of ${max} with your feedback...`);
      known = false;
    }
    if (known && d.attempt > 1) this.transcript.restartIteration(d.iteration);
    this.transcript.iteration(d.iteration, `🔄 Starting iteration ${d.iteration} of ${max}...`);
    if (known) this.transcript.progress(d.iteration, 'started again after an interruption', STAGES.restart);
    this.timeline.iterationStarted(d.iteration);
  },

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
  },

  on_iteration_completed(d) {
    this.transcript.dataPoints(d.iteration, d.data_points, dataPointText);
    const fw = frameworkTitles(d.frameworks_applied);
    this.transcript.finishIteration(d.iteration,
      `✓ Iteration ${d.iteration} done in ${seconds(d.duration_ms)}${fw ? ` · ${fw}` : ''}`,
      `Iteration ${d.iteration} of ${this.max}`);
    this.timeline.iterationCompleted(d.iteration, d.duration_ms);
  },

  on_plan_checked(d) {
    this.lastChecks = d.checks;
    this.transcript.checks(d.iteration, d.checks);
  },
};
