// The chat-style transcript: one <li> per message; iteration blocks keyed by number.

import { el, setSafeHtml } from './render.js';

export class Transcript {
  constructor(list) {
    this.list = list;
    this.blocks = new Map();
    this.stick = true;
    this.seen = { top: 0, height: 0 }; // the scroller at its last scroll event
    // Follow until the reader scrolls up; follow again once they are back at the end.
    // Content that grew since a follow's scroll is no reason to stop (that raced: a long
    // plan arriving left a follower at its end), nor is a scroll up because content shrank.
    const follow = () => {
      const now = this.scroller();
      const up = now.top < this.seen.top - 1 && now.height >= this.seen.height;
      this.stick = !up && (now.atEnd || this.stick);
      this.seen = { top: now.top, height: now.height };
    };
    list.addEventListener('scroll', follow);
    window.addEventListener('scroll', follow, { passive: true });
  }

  // What scrolls the transcript: the list itself, or on a phone the page (style.css).
  scroller() {
    const box = getComputedStyle(this.list).overflowY === 'visible'
      ? document.scrollingElement : this.list;
    return {
      top: box.scrollTop,
      height: box.scrollHeight,
      atEnd: box.scrollHeight - box.scrollTop - box.clientHeight < 80,
      toEnd: () => { box.scrollTop = box.scrollHeight; },
    };
  }

  clear() {
    this.list.replaceChildren();
    this.blocks.clear();
  }

  // kind: user | assistant | system | success | error | checkpoint | info
  add(kind, text, extra = null) {
    const item = el('li', { class: `msg msg-${kind}` },
      text ? el('p', { class: 'msg-text', text }) : null);
    if (extra) item.append(extra);
    this.list.append(item);
    this.scroll();
    return item;
  }

  // A message whose body is server-sanitized HTML (chat replies, plans).
  addHtml(kind, title, html, className = 'markdown') {
    const body = el('div', { class: className });
    setSafeHtml(body, html);
    return this.add(kind, title, body);
  }

  // The block of one iteration: heading, live progress lines, then its duration.
  iteration(number, heading) {
    let block = this.blocks.get(number);
    if (!block) {
      const progress = el('ul', { class: 'progress-lines', 'aria-label': `Iteration ${number} progress` });
      const found = el('ul', { class: 'datapoints', 'aria-label': `Iteration ${number} data points` });
      const item = this.add('iteration', heading, el('div', { class: 'iteration-body' }, progress, found));
      item.dataset.iteration = String(number);
      block = { item, progress, found, stage: null, points: new Set() };
      this.blocks.set(number, block);
    }
    return block;
  }

  // An iteration that starts again (attempt 2, 3, ...): what its abandoned attempt showed goes.
  restartIteration(number) {
    const block = this.blocks.get(number);
    if (!block) return;
    block.progress.replaceChildren();
    block.found.replaceChildren();
    block.points.clear();
    if (block.draft) block.draft.remove();
    if (block.status) block.status.remove();
    block.draft = null;
    block.status = null;
    block.item.classList.remove('done');
  }

  progress(number, text, stage) {
    const block = this.blocks.get(number);
    if (!block) return;
    const line = el('li', { class: 'progress-line' },
      stage ? el('span', { class: 'stage', text: stage }) : null, el('span', { text }));
    block.progress.append(line);
    // Keep the block compact: only the latest few lines stay visible.
    while (block.progress.children.length > 6) block.progress.firstElementChild.remove();
    this.scroll();
  }

  dataPoints(number, points, format) {
    const block = this.blocks.get(number);
    if (!block) return;
    for (const dp of points || []) {
      const key = `${dp.label}\u0000${dp.value}`.toLowerCase();
      if (block.points.has(key)) continue;
      block.points.add(key);
      block.found.append(el('li', { text: format(dp) }));
    }
    this.scroll();
  }

  // Model text streamed during an iteration: one status line and the draft's tail, in place.
  delta(number, text, status) {
    const block = this.blocks.get(number);
    if (!block) return;
    if (!block.draft) {
      block.status = el('p', { class: 'progress-line live' });
      block.draft = el('p', { class: 'draft' });
      block.progress.after(block.status, block.draft);
    }
    if (status) block.status.textContent = status;
    block.draft.textContent = (block.draft.textContent + (text || '')).slice(-400);
    this.scroll();
  }

  // ``heading``: what the block is called once done ("Iteration 2 of 4", no longer
  // "Starting iteration 2 of 4...").
  finishIteration(number, text, heading = null) {
    const block = this.blocks.get(number);
    if (!block) return;
    block.item.classList.add('done');
    const title = block.item.querySelector(':scope > .msg-text');
    if (heading && title) title.textContent = heading;
    if (block.draft) block.draft.remove(); // the plan holds the result; keep the block compact
    block.draft = null;
    let done = block.item.querySelector('.iteration-done');
    if (!done) {
      done = el('p', { class: 'iteration-done' });
      block.item.append(done);
    }
    done.textContent = text;
    this.scroll();
  }

  // Once the run is complete the plan is what one reads: each iteration block folds to its
  // heading, with a button to unfold it.
  collapseIterations() {
    for (const { item } of this.blocks.values()) {
      if (item.classList.contains('collapsed') || item.querySelector('.steps-toggle')) continue;
      item.classList.add('collapsed');
      const toggle = el('button', { type: 'button', class: 'small steps-toggle', 'aria-expanded': 'false', text: 'Show steps' });
      toggle.addEventListener('click', () => {
        const open = item.classList.toggle('collapsed') === false;
        toggle.setAttribute('aria-expanded', String(open));
        toggle.textContent = open ? 'Hide steps' : 'Show steps';
      });
      item.querySelector('.msg-text')?.after(toggle);
    }
  }

  // The plan's checks (budget, caps, dates, owners, feedback): one line each, flags first.
  checks(number, checks) {
    const block = this.blocks.get(number);
    if (!block) return;
    if (block.checks) block.checks.remove();
    block.checks = checkList(checks);
    block.item.querySelector('.iteration-body').append(block.checks);
    this.scroll();
  }

  // The final plan's checks, as one message.
  checkSummary(checks) {
    const flagged = checks.filter((c) => c.status !== 'pass').length;
    const title = flagged ? `🔎 Checks: ${flagged} flagged` : `🔎 Checks: all ${checks.length} passed`;
    return this.add(flagged ? 'error' : 'success', title, checkList(checks));
  }

  // A plan that has just arrived is read from its start, not its end: shown there if the
  // reader was following along (it arrives after the messages below it, and may be long).
  reveal(item) {
    if (!this.stick) return;
    this.stick = false;
    requestAnimationFrame(() => item.scrollIntoView({ block: 'start' }));
  }

  // Follow the newest message unless the reader has scrolled up.
  scroll() {
    if (this.pending || !this.stick) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      // the reader may have scrolled away since this was asked for (on a phone the page
      // scrolls: a button scrolled to must stay where it was brought)
      if (!this.stick) return;
      this.scroller().toEnd();
      // Where this scroll left it is where the reader starts from: its scroll event may
      // come coalesced with theirs in one frame, and a scroll up from here must read as up.
      const now = this.scroller();
      this.seen = { top: now.top, height: now.height };
    });
  }
}

const PARTLY = /not read, so not checked|Nothing to check was read/;

export function checkList(checks) {
  const sorted = [...(checks || [])].sort((a, b) => (a.status === 'pass') - (b.status === 'pass'));
  const list = el('ul', { class: 'checks', 'aria-label': 'Plan checks' });
  for (const c of sorted) {
    const flagged = c.status !== 'pass';
    const where = flagged && c.sections && c.sections.length ? ` (${c.sections.join(', ')})` : '';
    // a pass that could not check all it was given ("… not read, so not checked") is no
    // plain tick: three trials took the ✓ beside it for "all applied"
    const partly = !flagged && PARTLY.test(c.message || '');
    const mark = flagged ? '⚑' : partly ? '◐' : '✓';
    const kind = flagged ? 'check-flag' : partly ? 'check-partly' : 'check-pass';
    list.append(el('li', { class: kind, text: `${mark} ${c.message || c.name}${where}` }));
  }
  return list;
}
