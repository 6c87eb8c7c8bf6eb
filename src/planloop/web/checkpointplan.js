// The plan under review in the checkpoint dialog, from the checkpoint's own record (the
// event carries only titles): rendered with its changed sections marked, its checks, the
// plain diff and its revisions.
//
// A plan that could not be loaded (the network dropped, the server restarting) says so
// with a Try again, and is tried again by itself: when the browser is back online, when the
// stream reconnects, when the dialog is reopened, and after a growing pause. Until it is
// shown the dialog's decisions wait (a new user's trial: a window back online showed
// checkpoint 2 with "The plan could not be loaded." and checkpoint 1's checks for good,
// and Reject still worked on a plan nobody had seen).

import { byId, el } from './render.js';
import { fillChanges, fillDiff, markChanges, showMarkdown } from './planview.js';
import { checkList } from './transcript.js';

// A checkpoint and its revision: a revised checkpoint keeps its number.
export const keyOf = (data) => (data ? `${data.checkpoint_number}:${data.revision || 0}` : null);

const RETRY_MS = [2000, 5000, 10000, 30000];

export class CheckpointPlan {
  // onLoad(number, revision?) -> the checkpoint's detail (plan, changes, checks); it throws
  // when that cannot be read. onState(state): 'loading', 'shown', 'failed', or 'none' (no
  // checkpoint, or a server that keeps no plan per checkpoint: nothing to wait for).
  constructor({ onLoad, onState }) {
    this.onLoad = onLoad;
    this.onState = onState;
    this.section = byId('checkpoint-review');
    this.plan = byId('checkpoint-plan');
    this.diff = byId('checkpoint-diff');
    this.toggle = byId('checkpoint-diff-toggle');
    this.data = null;
    this.detail = null;
    this.state = 'none';
    this.attempt = 0;
    this.timer = null;
    this.toggle.addEventListener('click', () => this.showDiff(this.diff.hidden));
    window.addEventListener('online', () => this.retry());
  }

  // The plan is shown (or there is none to wait for): a decision may be made.
  get ready() {
    return this.state === 'shown' || this.state === 'none';
  }

  setState(state) {
    this.state = state;
    this.onState(state);
  }

  // A new checkpoint (or revision): nothing of the last one's stays (its checks, diff,
  // revisions) while this one's loads.
  async load(data) {
    this.stop();
    this.data = data;
    this.showDiff(false);
    this.section.hidden = !('changes' in data);
    if (!('changes' in data)) {
      this.setState('none');
      return;
    }
    fillChanges(byId('checkpoint-changes'), data.changes || null);
    byId('checkpoint-checks').replaceChildren();
    fillDiff(this.diff, '');
    byId('checkpoint-revisions').hidden = true;
    byId('checkpoint-revisions').replaceChildren();
    await this.fetch();
  }

  async fetch() {
    const data = this.data;
    const key = keyOf(data);
    clearTimeout(this.timer);
    this.setState('loading');
    this.plan.setAttribute('aria-busy', 'true');
    this.plan.replaceChildren(el('p', { class: 'muted', text: 'Loading the plan…' }));
    let detail = null;
    let problem = 'no answer';
    try {
      detail = await this.onLoad(data.checkpoint_number);
    } catch (err) {
      problem = err.message;
    }
    if (keyOf(this.data) !== key) return; // moved on meanwhile
    if (!detail) {
      this.failed(problem);
      return;
    }
    this.attempt = 0;
    this.detail = detail;
    this.fillRevisions(data, detail);
    await this.showDetail(detail, key);
    if (keyOf(this.data) === key) this.setState('shown');
  }

  failed(problem) {
    this.plan.removeAttribute('aria-busy');
    this.plan.replaceChildren(
      el('p', { class: 'error-text', text: `The plan at this checkpoint could not be loaded: ${problem}.` }),
      el('p', { class: 'muted', text: 'You can decide once it is shown. It is tried again by itself.' }),
      el('button', { type: 'button', class: 'small', onclick: () => this.fetch() }, 'Try again'),
    );
    const pause = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)];
    this.attempt += 1;
    this.timer = setTimeout(() => this.retry(), pause);
    this.setState('failed');
  }

  // Try again now, if the plan could not be loaded (back online, reconnected, reopened).
  retry() {
    if (this.data !== null && this.state === 'failed') this.fetch();
  }

  // The checkpoint was decided or the run ended: nothing more to load.
  stop() {
    clearTimeout(this.timer);
    this.timer = null;
    this.data = null;
    this.detail = null;
    this.attempt = 0;
    this.state = 'none';
  }

  async showDetail(detail, key) {
    fillChanges(byId('checkpoint-changes'), detail.changes || null);
    byId('checkpoint-checks').replaceChildren(...(detail.checks && detail.checks.length ? [checkList(detail.checks)] : []));
    fillDiff(this.diff, (detail.changes || {}).diff || '');
    await showMarkdown(this.plan, detail.plan_markdown || '');
    if (keyOf(this.data) !== key) return;
    markChanges(this.plan, detail.changes);
  }

  // A revised checkpoint keeps every revision's plan and changes: one button each.
  fillRevisions(data, detail) {
    const box = byId('checkpoint-revisions');
    const all = detail.revisions || [];
    box.hidden = all.length < 2;
    box.replaceChildren(...all.map((r) => el('button', {
      type: 'button',
      class: 'small',
      'aria-pressed': String(r.revision === detail.revision),
      text: r.revision === detail.latest_revision ? `Revision ${r.revision} (now)` : `Revision ${r.revision}`,
      onclick: async () => {
        const key = keyOf(this.data);
        const shown = r.revision === detail.revision ? detail
          : await this.onLoad(data.checkpoint_number, r.revision).catch(() => null);
        if (!shown || keyOf(this.data) !== key) return;
        for (const b of box.children) b.setAttribute('aria-pressed', String(b === box.children[r.revision - 1]));
        await this.showDetail(shown, key);
      },
    })));
  }

  showDiff(on) {
    this.diff.hidden = !on;
    this.plan.hidden = on;
    this.toggle.setAttribute('aria-pressed', String(on));
    this.toggle.textContent = on ? 'Show plan' : 'Show diff';
  }
}
