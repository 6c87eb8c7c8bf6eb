// The proposal dialog: goal -> proposed approach, frameworks, memory, editable numbers.
// Escape (the dialog's native cancel) simply closes it; only Approve starts a run.
// The entity checkboxes start from the memory panel's selection and report changes back to it.
// Memory: nothing checked = automatic (the notes related to the goal; selected_entities is left
// out), some checked = those, "No memory" = none (selected_entities: [], sent explicitly).

import { api, post } from './api.js';
import { recheckLimit } from './limit.js';
import { RunNumbers } from './proposalnumbers.js';
import { byId, el, fillList, setText } from './render.js';

export class ProposalDialog {
  constructor({ onApprove, onSelect = () => {} }) {
    this.onApprove = onApprove;
    this.onSelect = onSelect;
    this.dialog = byId('proposal-dialog');
    this.goal = byId('proposal-goal');
    this.approve = byId('proposal-approve');
    this.numbers = new RunNumbers({ onChange: () => this.updateApprove() });
    this.ready = false; // a proposal is shown for the goal as it is typed
    this.options = byId('entity-options');
    this.proposal = null;
    this.request = 0;
    byId('propose-btn').addEventListener('click', () => this.propose());
    byId('proposal-cancel').addEventListener('click', () => this.dialog.close());
    byId('proposal-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.goal.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.propose();
      }
    });
    this.goal.addEventListener('input', () => {
      this.ready = false;
      this.updateApprove();
    });
    this.options.addEventListener('change', (event) => {
      if (event.target === this.noMemory) this.showNoMemory();
      this.onSelect(this.selected() || []);
      this.propose();
    });
    this.noMemory = el('input', { type: 'checkbox', id: 'no-memory', 'data-choice': 'none' });
  }

  async open(goal, selected = []) {
    this.proposal = null;
    this.goal.value = goal || '';
    recheckLimit(this.goal);
    this.ready = false;
    this.updateApprove();
    byId('proposal-details').hidden = true;
    setText('proposal-error', '');
    setText('proposal-status', goal ? '' : 'Type the goal to plan for, then press Propose.');
    this.options.replaceChildren();
    if (!this.dialog.open) this.dialog.showModal();
    this.goal.focus();
    await this.loadEntities(selected);
    if (goal) await this.propose();
  }

  // "No memory" first; then the selected entities, checked; then the rest of memory (the
  // first 30). Each shows its title (a plan: its goal), its name on hover.
  async loadEntities(selected = []) {
    let entities = [];
    try {
      entities = (await api('/api/memory/entities')) || [];
    } catch {
      entities = [];
    }
    const known = new Map(entities.map((entity) => [entity.name, entity]));
    this.titles = new Map(entities.map((entity) => [entity.name, entity.title || entity.name]));
    const rest = entities.map((e) => e.name).filter((name) => !selected.includes(name));
    const boxes = [...selected, ...rest.slice(0, 30)].map((name) => {
      const box = el('input', { type: 'checkbox', value: name });
      box.checked = selected.includes(name);
      const entity = known.get(name) || {};
      return el('label', { class: 'entity' }, box,
        el('span', { text: entity.title || name, title: name }));
    });
    this.noMemory.checked = false;
    const none = el('label', { class: 'entity no-memory' }, this.noMemory,
      el('strong', { text: 'No memory' }),
      el('span', { class: 'muted', text: '— start from a blank slate' }));
    this.options.replaceChildren(none, ...boxes);
    byId('entity-picker').hidden = boxes.length === 0;
    this.showNoMemory();
  }

  showNoMemory() {
    for (const box of this.options.querySelectorAll('input[value]')) {
      box.disabled = this.noMemory.checked;
      if (this.noMemory.checked) box.checked = false;
    }
  }

  // undefined: automatic grounding (nothing checked); []: no memory; else the names checked.
  selected() {
    if (this.noMemory.checked) return [];
    const names = [...this.options.querySelectorAll('input[value]:checked')].map((b) => b.value);
    return names.length ? names : undefined;
  }

  body(fields) {
    const selected = this.selected();
    return selected === undefined ? fields : { ...fields, selected_entities: selected };
  }

  async propose() {
    const goal = this.goal.value.trim();
    if (!goal) {
      setText('proposal-error', 'Please type a goal first.');
      this.goal.focus();
      return;
    }
    const ticket = ++this.request;
    setText('proposal-error', '');
    setText('proposal-status', 'Preparing a proposal…');
    this.ready = false;
    this.updateApprove();
    try {
      const proposal = await post('/api/proposals', this.body({ goal }));
      if (ticket !== this.request) return;
      this.show(proposal);
      setText('proposal-status', '');
    } catch (err) {
      if (ticket !== this.request) return;
      setText('proposal-status', '');
      setText('proposal-error', `Could not prepare a proposal: ${err.message}`);
    }
  }

  show(proposal) {
    this.proposal = proposal;
    setText('proposal-approach', proposal.approach);
    const frameworks = (proposal.frameworks || []).map((f, i) => `${i + 1}. ${f.title || f.id}`);
    fillList(byId('proposal-frameworks'), frameworks, (text) => text);
    const memory = proposal.memory || { entities: [], coverage: 0 };
    const names = memory.entities || [];
    const titles = names.map((name, i) => memory.titles?.[i] || this.titles?.get(name) || name);
    setText('proposal-memory', names.length
      ? `${titles.join(', ')} (coverage ${Math.round((memory.coverage || 0) * 100)}%)`
      : this.noMemory.checked ? 'No memory: the plan starts from the goal alone.'
        : 'No memory note is related to this goal: the plan starts from the goal alone.');
    for (const box of this.options.querySelectorAll('input[value]')) {
      if (names.includes(box.value)) box.checked = true;
    }
    this.numbers.set(proposal.max_iterations, proposal.checkpoint_interval);
    byId('proposal-details').hidden = false;
    this.ready = true;
    this.updateApprove();
  }

  // Approve: a proposal for the goal as typed, and numbers the server takes.
  updateApprove() {
    this.approve.disabled = !(this.ready && this.numbers.valid);
  }

  submit() {
    if (!this.proposal || this.approve.disabled) return;
    const values = this.numbers.values();
    if (values === null) { // each field says what is wrong with it
      this.numbers.focusInvalid();
      return;
    }
    const [maxIterations, interval] = values;
    const request = this.body({
      goal: this.goal.value.trim(),
      proposal: { ...this.proposal, max_iterations: maxIterations, checkpoint_interval: interval },
      max_iterations: maxIterations,
      checkpoint_interval: interval,
    });
    this.dialog.close(); // disappears immediately; the run starts behind it
    this.onApprove(request);
  }
}
