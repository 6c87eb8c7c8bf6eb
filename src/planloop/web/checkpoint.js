// The checkpoint dialog. Escape never closes it: a checkpoint is decided only by
// Approve or Reject (here or in another tab), or ends with the run.

import { byId, dataPointText, el, fillList, setText } from './render.js';

export class CheckpointDialog {
  constructor({ onDecide }) {
    this.onDecide = onDecide;
    this.dialog = byId('checkpoint-dialog');
    this.feedback = byId('checkpoint-feedback');
    this.current = null;
    this.dialog.addEventListener('cancel', (event) => event.preventDefault());
    // Some browsers force-close a modal on a repeated Escape: put it straight back.
    this.dialog.addEventListener('close', () => {
      if (this.current !== null) this.dialog.showModal();
    });
    byId('checkpoint-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.decide('approve');
    });
    byId('checkpoint-reject').addEventListener('click', () => this.decide('reject'));
  }

  get number() {
    return this.current === null ? null : this.current.checkpoint_number;
  }

  show(data, error = '') {
    const same = this.number === data.checkpoint_number;
    this.current = data;
    setText('checkpoint-title', `✋ Checkpoint ${data.checkpoint_number} - Approve to Continue?`);
    const deadline = data.expires_at ? new Date(data.expires_at) : null;
    setText('checkpoint-meta', `After iteration ${data.iteration}`
      + (deadline && !Number.isNaN(deadline.getTime())
        ? ` · decide before ${deadline.toLocaleString()}` : ''));
    setText('checkpoint-summary', data.summary || '');
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
    fillList(byId('checkpoint-datapoints'), points.slice(0, 50), dataPointText);
    if (points.length > 50) {
      byId('checkpoint-datapoints').append(el('li', { text: `… and ${points.length - 50} more` }));
    }
    setText('checkpoint-error', error);
    if (!same && !error) this.feedback.value = '';
    if (!this.dialog.open) this.dialog.showModal();
  }

  // Close the dialog (the checkpoint was decided, possibly elsewhere, or the run ended).
  hide(number = null) {
    if (this.current === null || (number !== null && number !== this.number)) return;
    this.current = null;
    if (this.dialog.open) this.dialog.close();
  }

  async decide(decision) {
    const data = this.current;
    if (data === null) return;
    const feedback = this.feedback.value.trim();
    this.hide();
    const error = await this.onDecide(data.checkpoint_number, decision, feedback);
    if (error) this.show(data, error);
  }
}
