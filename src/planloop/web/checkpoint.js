// The checkpoint dialog: the plan under review (rendered, its changed sections marked, or
// the plain diff), and the four decisions — Approve, Request changes (feedback required),
// Edit plan (the person's text becomes the plan), Reject. Escape and "Review later" put it
// aside (nothing is decided, the run keeps waiting) and the waiting bar brings it back. A
// checkpoint is otherwise closed only by a decision (here or in another tab) or the run's end.

import { byId, dataPointText, el, fillList, setText } from './render.js';
import { CheckpointPlan, keyOf } from './checkpointplan.js';
import { ConfirmButton } from './confirm.js';

export { keyOf };

const LIMIT = 50;

export class CheckpointDialog {
  // onDecide(number, decision, feedback, planMarkdown) -> error text or null;
  // onLoad(number, revision?) -> the checkpoint's detail (plan, changes) or null; onLatestPlan() -> the
  // run's plan text (to edit when there is no detail); onToggle() when it opens or closes;
  // onDismiss() once it was put aside (Escape, "Review later").
  constructor({ onDecide, onLoad, onLatestPlan, onExtend, onToggle = () => {}, onDismiss = () => {} }) {
    this.onDecide = onDecide;
    this.onExtend = onExtend;
    this.onLoad = onLoad;
    this.onLatestPlan = onLatestPlan;
    this.onToggle = onToggle;
    this.onDismiss = onDismiss;
    this.dialog = byId('checkpoint-dialog');
    this.feedback = byId('checkpoint-feedback');
    // the plan under review; no decision until it is shown (checkpointplan.js)
    this.review = new CheckpointPlan({ onLoad, onState: () => this.gate() });
    this.decisions = ['checkpoint-approve', 'checkpoint-revise', 'checkpoint-edit-btn', 'checkpoint-reject']
      .map((id) => byId(id));
    this.editor = byId('checkpoint-editor');
    this.edit = byId('checkpoint-edit');
    this.editButton = byId('checkpoint-edit-btn');
    this.current = null;
    this.dismissed = null; // the key the person put aside with "Review later"
    // Escape is "Review later" (a new user's trial: Escape did nothing here).
    this.dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      this.dismiss();
    });
    // Closed any other way while undecided and not put aside: put it straight back.
    this.dialog.addEventListener('close', () => {
      if (this.current !== null && this.dismissed !== this.key && !this.dialog.open) {
        this.dialog.showModal();
      }
      this.onToggle();
    });
    byId('checkpoint-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.decide('approve');
    });
    // Reject ends the run for good: the first press asks, the second rejects (found by a
    // new user's trial: one stray click ended a run at 8 of 12 iterations).
    this.reject = new ConfirmButton(byId('checkpoint-reject'), {
      confirmText: 'Yes, reject',
      warning: 'Rejecting ends the run for good (its plan so far is kept). Press “Yes, reject” to confirm.',
      say: (text) => setText('checkpoint-error', text),
      onConfirm: () => this.decide('reject'),
    });
    byId('checkpoint-revise').addEventListener('click', () => this.decide('revise'));
    this.editButton.addEventListener('click', () => this.editOrSave());
    byId('checkpoint-edit-discard').addEventListener('click', () => this.closeEditor());
    byId('checkpoint-later').addEventListener('click', () => this.dismiss());
    byId('checkpoint-extend').addEventListener('click', async () => {
      if (this.current === null) return;
      setText('checkpoint-error', (await this.onExtend(this.current.checkpoint_number)) || '');
    });
  }

  // The decisions wait for the plan: nobody decides a checkpoint whose plan is not shown.
  gate() {
    const ready = this.review.ready;
    for (const button of this.decisions) button.disabled = !ready;
    if (!ready) this.reject.disarm();
    setText('checkpoint-hold', this.review.state === 'failed'
      ? 'The plan is not shown, so this checkpoint cannot be decided yet.' : '');
  }

  get number() {
    return this.current === null ? null : this.current.checkpoint_number;
  }

  get key() {
    return keyOf(this.current);
  }

  get isOpen() {
    return this.dialog.open;
  }

  show(data, error = '') {
    const same = this.key === keyOf(data);
    this.reject.disarm();
    this.current = data;
    this.dismissed = null;
    setText('checkpoint-title', `✋ Checkpoint ${data.checkpoint_number} - Approve to Continue?`);
    const deadline = data.expires_at ? new Date(data.expires_at) : null;
    setText('checkpoint-meta', `After iteration ${data.iteration}`
      + (data.revision ? ` · revision ${data.revision}` : '')
      + (data.expired ? ' · past its deadline: it still waits for you'
        : deadline && !Number.isNaN(deadline.getTime())
          ? ` · decide before ${deadline.toLocaleString()}` : ''));
    setText('checkpoint-summary', data.summary || '');
    this.fillImprovements(data);
    setText('checkpoint-error', error);
    if (!same) {
      if (!error) this.feedback.value = '';
      this.closeEditor();
      this.review.load(data);
    }
    if (!this.dialog.open) this.dialog.showModal();
    this.onToggle();
  }

  fillImprovements(data) {
    const imp = data.improvements || {};
    const lines = [];
    if (imp.key_discovery) lines.push(`Key discovery: ${imp.key_discovery}`);
    const added = (imp.frameworks_added || []).map((f) => f.title || f.id);
    lines.push(added.length ? `Frameworks added: ${added.join(', ')}` : 'No new frameworks');
    lines.push(`Data points gained: ${imp.data_points_gained ?? 0}`);
    if ((imp.sections_added || []).length) lines.push(`Sections added: ${imp.sections_added.join(', ')}`);
    if ((imp.sections_revised || []).length) {
      lines.push(`Sections revised: ${imp.sections_revised.join(', ')}`);
    }
    fillList(byId('checkpoint-improvements'), lines, (text) => text);
    fillList(byId('checkpoint-frameworks'), data.frameworks_so_far || [], (f) => f.title || f.id);
    const points = data.data_points_so_far || [];
    fillList(byId('checkpoint-datapoints'), points.slice(0, LIMIT), dataPointText);
    if (points.length > LIMIT) {
      byId('checkpoint-datapoints').append(el('li', { text: `… and ${points.length - LIMIT} more` }));
    }
  }

  async editOrSave() {
    if (this.editor.hidden) {
      const key = this.key;
      const detail = this.review.detail;
      let text = detail ? detail.plan_markdown : null;
      if (text === null || text === undefined) text = await this.onLatestPlan();
      if (this.key !== key) return;
      this.edit.value = text || '';
      this.editor.hidden = false;
      this.editButton.textContent = 'Save my plan';
      this.edit.focus();
      return;
    }
    this.decide('edit');
  }

  closeEditor() {
    this.editor.hidden = true;
    this.editButton.textContent = 'Edit plan';
  }

  // Put the checkpoint aside to read the page; it still waits (the waiting bar reopens it).
  dismiss() {
    if (this.current === null) return;
    this.dismissed = this.key;
    if (this.dialog.open) this.dialog.close();
    this.onToggle();
    this.onDismiss();
  }

  reopen() {
    if (this.current === null) return;
    this.dismissed = null;
    this.review.retry();
    if (!this.dialog.open) this.dialog.showModal();
    this.onToggle();
  }

  // Close the dialog (the checkpoint was decided, possibly elsewhere, or the run ended).
  hide(number = null) {
    if (this.current === null || (number !== null && number !== this.number)) return;
    this.current = null;
    this.review.stop();
    this.dismissed = null;
    if (this.dialog.open) this.dialog.close();
    this.onToggle();
  }

  async decide(decision) {
    const data = this.current;
    if (data === null || !this.review.ready) return;
    const feedback = this.feedback.value.trim();
    let plan;
    if (decision === 'revise' && !feedback) {
      setText('checkpoint-error', 'Say what should change in the feedback box, then press Request changes.');
      this.feedback.focus();
      return;
    }
    if (decision === 'edit') {
      plan = this.edit.value;
      if (!plan.trim()) {
        setText('checkpoint-error', 'The edited plan is empty: write the plan, or discard your edits.');
        this.edit.focus();
        return;
      }
    }
    this.hide();
    const error = await this.onDecide(data.checkpoint_number, decision, feedback, plan);
    if (error) {
      this.show(data, error);
      if (decision === 'edit') {
        this.editor.hidden = false;
        this.edit.value = plan;
        this.editButton.textContent = 'Save my plan';
      }
    }
  }
}
