// The list of earlier runs: reopen any of them, finished or not (sets #run=<id>).

import { api } from './api.js';
import { byId, el } from './render.js';
import { TERMINAL, statusLabel } from './status.js';

const POLL_MS = 3000;

export class RunsList {
  // onLoad(runs): each fresh list (the waiting signals read it); keepPolling(): poll even
  // while the tab is hidden (the person asked to be notified).
  constructor({ onLoad = () => {}, keepPolling = () => false } = {}) {
    this.onLoad = onLoad;
    this.keepPolling = keepPolling;
    this.list = byId('runs-list');
    this.empty = byId('runs-empty');
    this.current = null;
    this.live = null; // the open run as its page shows it: {runId, status, done, max}
    this.timer = null;
  }

  // The open run's item says what the run bar says, as its events arrive: the list's poll
  // comes every few seconds, and not at all in a hidden tab (a new user's trial: the list
  // said "0/20 · running" while the run bar said "Iterations 8 of 20 done").
  follow(live) {
    this.live = live;
    if (!live) return;
    const button = [...this.list.querySelectorAll('button[data-run-id]')]
      .find((b) => b.dataset.runId === live.runId);
    if (button) this.showState(button, live.status, live.done, live.max);
  }

  showState(button, status, done, max) {
    const badge = button.querySelector('.badge');
    badge.className = `badge badge-${status}`;
    badge.textContent = statusLabel(status);
    button.querySelector('.run-done').textContent = `${done}/${max}`;
  }

  // Coalesce bursts of refresh requests (a replay emits many events).
  refresh(delay = 150) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.load(), delay);
  }

  // While any listed run is unfinished, statuses change: look again every few seconds.
  async load() {
    let runs = null;
    try {
      runs = await api('/api/runs?limit=50');
    } catch {
      runs = null;
    }
    if (runs) {
      this.empty.hidden = runs.length > 0;
      const byId = new Map(runs.map((run) => [run.run_id, run]));
      this.list.replaceChildren(...runs.map((run) => this.item(run, byId.get(run.parent_run_id))));
      this.onLoad(runs);
    }
    // (With notifications on, a run started elsewhere — another tab, the terminal — counts.)
    if (!runs || runs.some((run) => !TERMINAL.has(run.status)) || this.keepPolling()) {
      if (!document.hidden || this.keepPolling()) this.refresh(POLL_MS);
      else document.addEventListener('visibilitychange', () => this.refresh(), { once: true });
    }
  }

  // Where a continued run came from, in words: its iteration and the parent's goal (a page
  // trial's "↳ continued from 77559572" named nothing a person knows).
  lineage(run, parent) {
    const at = run.from_iteration ? `iteration ${run.from_iteration} of ` : '';
    if (!parent) return `↳ continued from ${at}run ${run.parent_run_id.slice(0, 8)}`;
    const goal = parent.goal.length > 40 ? `${parent.goal.slice(0, 40)}…` : parent.goal;
    return `↳ continued from ${at}“${goal}”`;
  }

  item(run, parent) {
    const goal = run.goal.length > 90 ? `${run.goal.slice(0, 90)}…` : run.goal;
    const when = new Date(run.created_at);
    const live = this.live && this.live.runId === run.run_id ? this.live : null;
    const button = el('button', {
      type: 'button',
      class: 'run-link',
      'data-run-id': run.run_id,
      'aria-current': run.run_id === this.current ? 'true' : null,
      onclick: () => { window.location.hash = `run=${run.run_id}`; },
    },
    el('span', { class: 'run-goal', text: goal }),
    el('span', { class: 'badge' }),
    run.parent_run_id ? el('span', {
      class: 'run-meta run-lineage', text: this.lineage(run, parent),
    }) : null,
    el('span', { class: 'run-meta' }, el('span', { class: 'run-done' }),
      ` · ${Number.isNaN(when.getTime()) ? '' : when.toLocaleString()}`));
    if (live) this.showState(button, live.status, live.done, live.max);
    else this.showState(button, run.status, run.iteration, run.max_iterations);
    return el('li', {}, button);
  }

  select(runId) {
    this.current = runId;
    for (const button of this.list.querySelectorAll('button[data-run-id]')) {
      if (button.dataset.runId === runId) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
  }
}
