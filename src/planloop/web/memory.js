// The memory panel: search the memory folder, open an entity (its server-sanitized HTML, its
// observations and links), select entities to ground the next plan, plan again from an old plan.
// The selection is the one the proposal dialog pre-checks; the dialog reports changes back.

import { api } from './api.js';
import { byId, el, setSafeHtml } from './render.js';

const DEBOUNCE_MS = 250;
const MAX_SELECTED = 50; // the API's limit on selected_entities

// A plan entity's goal: its `goal: …` observation (the plan note's ## Facts).
export function planGoal(entity) {
  for (const observation of entity.observations || []) {
    const match = /^goal:\s*(.+)$/i.exec(String(observation));
    if (match) return match[1].trim();
  }
  return '';
}

const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;

// A note as the panel shows it, under its title and type badge: without its "type: …" line,
// and a saved plan without its first heading (its goal, cut short) and its "Plan for: <the
// title>" line, each of which says again what is above it (a new user's trial: a plan's
// goal four times over). A person's own note keeps its heading as written.
function tidy(note, title, isPlan) {
  const first = note.firstElementChild;
  if (isPlan && first && first.tagName === 'H1') first.remove();
  for (const p of [...note.querySelectorAll(':scope > p')].slice(0, 3)) {
    const text = p.textContent.trim();
    if (/^type:\s*\S+$/i.test(text) || text === `Plan for: ${title}`) p.remove();
  }
}

export class MemoryPanel {
  // onPlan(goal | null): open the proposal dialog (null: the composer's text is the goal).
  // onRead(title, note): read an opened note at full width.
  constructor({ onPlan, onRead = null }) {
    this.onPlan = onPlan;
    this.onRead = onRead;
    this.panel = byId('memory-panel');
    this.query = byId('memory-query');
    this.status = byId('memory-status');
    this.results = byId('memory-results');
    this.entity = byId('memory-entity');
    this.chips = byId('memory-selected');
    this.selection = new Set();
    this.titles = new Map(); // name -> readable title (a plan's goal), as last listed
    this.opened = null;
    this.timer = null;
    this.ticket = 0; // the latest search or open wins; older answers are dropped
    byId('memory-search').addEventListener('submit', (event) => {
      event.preventDefault();
      this.search();
    });
    this.query.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.search(), DEBOUNCE_MS);
    });
    this.query.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.query.value) {
        this.query.value = '';
        this.search();
      }
    });
    // Notes change outside the page too (an editor, Obsidian): look again on coming back.
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) this.refresh();
    });
    byId('memory-plan').addEventListener('click', () => this.onPlan(null));
    byId('memory-clear').addEventListener('click', () => {
      this.setSelection([]);
      this.query.focus();
    });
  }

  selected() {
    return [...this.selection];
  }

  setSelection(names) {
    this.selection = new Set(names);
    this.showSelection();
  }

  toggle(name, on) {
    if (on && !this.selection.has(name) && this.selection.size >= MAX_SELECTED) {
      this.status.textContent = `At most ${MAX_SELECTED} entities can ground a plan.`;
    } else if (on) {
      this.selection.add(name);
    } else {
      this.selection.delete(name);
    }
    this.showSelection();
  }

  showSelection() {
    const names = this.selected();
    byId('memory-selection').hidden = names.length === 0;
    byId('memory-selection-label').textContent = `Grounding the next plan (${names.length}):`;
    this.chips.replaceChildren(...names.map((name) => el('li', {},
      el('span', { text: this.titleOf(name), title: name }),
      el('button', {
        type: 'button',
        class: 'chip-remove',
        'aria-label': `Remove ${name}`,
        onclick: () => {
          this.toggle(name, false);
          (this.selection.size ? byId('memory-plan') : this.query).focus();
        },
      }, '×'))));
    for (const box of this.panel.querySelectorAll('input[data-name]')) {
      box.checked = this.selection.has(box.dataset.name);
    }
  }

  titleOf(name) {
    return this.titles.get(name) || name;
  }

  checkbox(name, props = {}) {
    const box = el('input', { type: 'checkbox', 'data-name': name, ...props });
    box.checked = this.selection.has(name);
    box.addEventListener('change', () => this.toggle(name, box.checked));
    return box;
  }

  // Re-list after memory changed (a run saved its plan), unless an entity is being read.
  refresh() {
    if (this.opened === null) this.search();
  }

  async search() {
    clearTimeout(this.timer);
    const query = this.query.value.trim();
    const ticket = ++this.ticket;
    let items;
    try {
      items = query
        ? (await api(`/api/memory/search?q=${encodeURIComponent(query)}&limit=20`)).results
        : await api('/api/memory/entities');
    } catch (err) {
      if (ticket === this.ticket) this.status.textContent = `Could not search memory: ${err.message}`;
      return;
    }
    if (ticket !== this.ticket) return;
    items = items || [];
    for (const item of items) if (item.title) this.titles.set(item.name, item.title);
    if (query) {
      this.status.textContent = items.length
        ? `${count(items.length, 'result', 'results')} for “${query}”`
        : `Nothing in memory matches “${query}”.`;
    } else {
      this.status.textContent = items.length
        ? `${count(items.length, 'entity', 'entities')} in memory`
        : 'Memory is empty: finished plans and saved notes appear here.';
    }
    // keep the keyboard's place when the list is redrawn under it
    const focused = this.results.contains(document.activeElement) ? document.activeElement : null;
    const entity = focused?.closest('li')?.dataset.entity;
    this.results.replaceChildren(...items.map((item) => this.item(item)));
    this.showResults();
    if (focused) {
      const item = [...this.results.children].find((li) => li.dataset.entity === entity);
      (item?.querySelector(focused.tagName) || this.query).focus();
    }
  }

  // A note by its readable title (a plan's goal, not its file name); the name on hover.
  item(entry) {
    const name = entry.name;
    const title = entry.title || name;
    const text = entry.snippet || entry.description || '';
    return el('li', { class: 'memory-item', 'data-entity': name },
      el('label', { class: 'memory-pick' },
        this.checkbox(name, { 'aria-label': `Use ${title} in the next plan` })),
      el('button', {
        type: 'button', class: 'memory-open', 'data-open': name, title: name,
        onclick: () => this.open(name),
      }, title),
      el('span', { class: 'badge', text: entry.type || 'note' }),
      text ? el('p', { class: 'memory-snippet', text }) : null);
  }

  showResults() {
    this.opened = null;
    this.entity.hidden = true;
    this.entity.replaceChildren();
    this.results.hidden = false;
  }

  back(name) {
    this.showResults();
    const opener = [...this.results.querySelectorAll('button[data-open]')]
      .find((b) => b.dataset.open === name);
    (opener || this.query).focus();
  }

  async open(name) {
    clearTimeout(this.timer);
    const ticket = ++this.ticket;
    const previous = this.opened;
    this.opened = name; // a refresh meanwhile must not replace what is being opened
    this.status.textContent = `Opening ${name}…`;
    let entity;
    try {
      entity = await api(`/api/memory/entities/${encodeURIComponent(name)}`);
    } catch (err) {
      if (ticket !== this.ticket) return;
      this.opened = previous;
      this.status.textContent = err.status === 404
        ? `${name} is no longer in memory.` : `Could not open ${name}: ${err.message}`;
      return;
    }
    if (ticket !== this.ticket) return;
    this.status.textContent = '';
    this.show(entity);
  }

  show(entity) {
    const name = entity.name;
    this.opened = name;
    const exists = new Map((entity.relations || []).map((r) => [r.to, r.exists]));
    if (entity.title) this.titles.set(name, entity.title);
    const title = el('h3', {
      id: 'memory-entity-title', tabindex: '-1', text: entity.title || name, title: name,
    });
    const note = el('div', { class: 'markdown memory-note' });
    setSafeHtml(note, entity.html || '');
    const isPlan = entity.type === 'plan';
    tidy(note, entity.title || name, isPlan);
    this.entity.replaceChildren(...[
      el('div', { class: 'memory-entity-head' }, title,
        el('span', { class: 'badge', text: entity.type || 'note' })),
      el('div', { class: 'row' },
        el('button', { type: 'button', onclick: () => this.back(name) }, '← Back to results'),
        isPlan ? el('button', {
          type: 'button', class: 'primary', onclick: () => this.planAgain(entity),
        }, 'Plan again') : null,
        this.onRead ? el('button', {
          type: 'button', onclick: () => this.onRead(entity.title || name, note),
        }, 'Read full width') : null),
      el('label', { class: 'entity' }, this.checkbox(name), 'Use in the next plan'),
      note,
      this.section('Observations', entity.observations, (text) => text),
      this.section('Links out', entity.links_out, (to) => this.link(to, exists.get(to) !== false)),
      this.section('Links in', entity.links_in, (from) => this.link(from, true)),
    ].filter(Boolean));
    this.results.hidden = true;
    this.entity.hidden = false;
    title.focus();
  }

  section(heading, items, make) {
    if (!items || items.length === 0) return null;
    const id = `memory-${heading.toLowerCase().replace(' ', '-')}`;
    return el('section', { 'aria-labelledby': id },
      el('h4', { id, text: heading }),
      el('ul', {}, ...items.map((item) => el('li', {}, make(item)))));
  }

  link(name, exists) {
    if (!exists) return el('span', { class: 'muted', text: `${name} (not in memory)` });
    return el('button', {
      type: 'button', class: 'link-button', onclick: () => this.open(name),
    }, name);
  }

  // A new proposal for an old plan's goal, grounded in that plan (and the rest of the selection).
  planAgain(entity) {
    this.toggle(entity.name, true);
    this.onPlan(planGoal(entity));
  }
}
