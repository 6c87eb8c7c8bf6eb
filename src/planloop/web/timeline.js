// The run at a glance: a <progress> of iterations and a timeline of iterations
// (with their durations) and checkpoints (with their decisions).

import { el, seconds } from './render.js';

export class Timeline {
  // onOpenPlan(iteration): show the plan as it was after that iteration.
  constructor({ progress, label, list, onOpenPlan = null }) {
    this.onOpenPlan = onOpenPlan;
    this.progressEl = progress;
    this.labelEl = label;
    this.list = list;
    this.reset(1);
  }

  reset(max) {
    this.max = Math.max(1, max || 1);
    this.done = 0;
    this.items = new Map();
    this.list.replaceChildren();
    this.update();
  }

  item(key, text, cls) {
    let node = this.items.get(key);
    if (!node) {
      node = el('li');
      this.items.set(key, node);
      this.list.append(node);
    }
    node.className = `tl ${cls}`;
    node.textContent = text;
    return node;
  }

  iterationStarted(i) {
    this.item(`i${i}`, `${i} ⏳`, 'tl-running').setAttribute('title', `Iteration ${i} running`);
    this.current = i;
    this.update();
  }

  // A finished iteration is a button: its plan, and "Continue from here".
  iterationCompleted(i, ms) {
    const node = this.item(`i${i}`, '', 'tl-done');
    node.setAttribute('title', `Iteration ${i} took ${seconds(ms)}`);
    const text = `${i} · ${seconds(ms)}`;
    if (this.onOpenPlan) {
      node.append(el('button', {
        type: 'button', class: 'tl-open', text, 'aria-label': `Plan after iteration ${i}`,
        onclick: () => this.onOpenPlan(i),
      }));
    } else {
      node.textContent = text;
    }
    this.done = Math.max(this.done, i);
    this.update();
  }

  // A checkpoint: waiting, then approved or rejected after `waitedMs` of review.
  checkpoint(k, state, waitedMs = null) {
    const marks = {
      waiting: '✋', approved: '✅', rejected: '⛔', changes_requested: '↩️', edited: '📝', expired: '⌛',
    };
    const waited = waitedMs === null ? '' : ` · ${seconds(waitedMs)}`;
    const node = this.item(`c${k}`, `${marks[state] || '✋'} CP ${k}${waited}`,
      `tl-checkpoint tl-${state}`);
    node.setAttribute('title', `Checkpoint ${k}: ${state}${waited ? `, reviewed in ${seconds(waitedMs)}` : ''}`);
  }

  note(key, text, cls) {
    this.item(key, text, cls);
  }

  update(statusText) {
    this.progressEl.max = this.max;
    this.progressEl.value = Math.min(this.done, this.max);
    const status = statusText ? ` — ${statusText}` : '';
    this.labelEl.textContent = `Iterations ${this.done} of ${this.max} done${status}`;
  }
}
