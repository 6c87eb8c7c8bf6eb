// The proposal dialog: goal -> proposed approach, frameworks, memory, editable numbers.
// Escape (the dialog's native cancel) simply closes it; only Approve starts a run.
// The entity checkboxes start from the memory panel's selection and report changes back to it.

import { api, post } from './api.js';
import { byId, el, fillList, setText } from './render.js';

export class ProposalDialog {
  constructor({ onApprove, onSelect = () => {} }) {
    this.onApprove = onApprove;
    this.onSelect = onSelect;
    this.dialog = byId('proposal-dialog');
    this.goal = byId('proposal-goal');
    this.approve = byId('proposal-approve');
    this.maxIterations = byId('max-iterations');
    this.interval = byId('checkpoint-interval');
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
    this.goal.addEventListener('input', () => { this.approve.disabled = true; });
    this.options.addEventListener('change', () => {
      this.onSelect(this.selected());
      this.propose();
    });
  }

  async open(goal, selected = []) {
    this.proposal = null;
    this.goal.value = goal || '';
    this.approve.disabled = true;
    byId('proposal-details').hidden = true;
    setText('proposal-error', '');
    setText('proposal-status', goal ? '' : 'Type the goal to plan for, then press Propose.');
    this.options.replaceChildren();
    if (!this.dialog.open) this.dialog.showModal();
    this.goal.focus();
    await this.loadEntities(selected);
    if (goal) await this.propose();
  }

  // The selected entities come first, checked; then the rest of memory (the first 30).
  async loadEntities(selected = []) {
    let entities = [];
    try {
      entities = (await api('/api/entities')) || [];
    } catch {
      entities = [];
    }
    const described = new Map(entities.map((entity) => [entity.name, entity.description]));
    const rest = entities.map((e) => e.name).filter((name) => !selected.includes(name));
    const boxes = [...selected, ...rest.slice(0, 30)].map((name) => {
      const box = el('input', { type: 'checkbox', value: name });
      box.checked = selected.includes(name);
      return el('label', { class: 'entity' }, box,
        el('span', { text: name, title: described.get(name) || '' }));
    });
    this.options.replaceChildren(...boxes);
    byId('entity-picker').hidden = boxes.length === 0;
  }

  selected() {
    return [...this.options.querySelectorAll('input:checked')].map((box) => box.value);
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
    this.approve.disabled = true;
    try {
      const proposal = await post('/api/proposals', { goal, selected_entities: this.selected() });
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
    setText('proposal-memory', names.length
      ? `${names.join(', ')} (coverage ${Math.round((memory.coverage || 0) * 100)}%)`
      : 'No memory entities selected: the plan starts from the goal alone.');
    for (const box of this.options.querySelectorAll('input')) {
      if (names.includes(box.value)) box.checked = true;
    }
    this.maxIterations.value = proposal.max_iterations;
    this.interval.value = proposal.checkpoint_interval;
    byId('proposal-details').hidden = false;
    this.approve.disabled = false;
  }

  submit() {
    if (!this.proposal || this.approve.disabled) return;
    const maxIterations = Number(this.maxIterations.value);
    const interval = Number(this.interval.value);
    const valid = (n) => Number.isInteger(n) && n >= 1 && n <= 50;
    if (!valid(maxIterations) || !valid(interval)) {
      setText('proposal-error', 'Iterations and checkpoint interval must be whole numbers from 1 to 50.');
      return;
    }
    const request = {
      goal: this.goal.value.trim(),
      proposal: { ...this.proposal, max_iterations: maxIterations, checkpoint_interval: interval },
      max_iterations: maxIterations,
      checkpoint_interval: interval,
      selected_entities: this.selected(),
    };
    this.dialog.close(); // disappears immediately; the run starts behind it
    this.onApprove(request);
  }
}
