// What the checkpoint review's events do to an open run's view: a checkpoint reached, changes
// requested, a deadline passed or moved, an edited plan, approvals and rejections. Mixed into
// RunView (runview.js), whose state (pending, dialog, timeline, transcript) they update.

import { post } from './api.js';
import { keyOf } from './checkpoint.js';
import { el } from './render.js';

const FRESH_MS = 120000; // a checkpoint reached this recently is news (older ones are replay)

export const reviewEvents = {
  on_checkpoint_reached(d) {
    this.status = 'awaiting_approval';
    this.transcript.add('checkpoint', `⏹️ CHECKPOINT REACHED (Iteration ${d.iteration})`,
      el('p', { class: 'pre', text: d.summary || '' }));
    this.timeline.checkpoint(d.checkpoint_number, 'waiting');
    this.reachedAt.set(d.checkpoint_number, Date.parse(d.ts));
    this.pending = d;
    this.revising = false;
    if (Date.now() - Date.parse(d.ts) < FRESH_MS) {
      if (this.signals) this.signals.reached(this.runId, `${this.runId}#${keyOf(d)}`, this.goal);
    }
    this.signal();
    this.syncDialog();
  },

  decided(d, state) {
    const number = d.checkpoint_number ?? d.checkpoint;
    if (this.pending && this.pending.checkpoint_number === number) this.pending = null;
    this.dialog.hide(number);
    this.signal();
    const waited = Date.parse(d.ts) - this.reachedAt.get(number);
    this.timeline.checkpoint(number, state, Number.isFinite(waited) ? Math.max(0, waited) : null);
  },

  on_checkpoint_changes_requested(d) {
    this.decided(d, 'changes_requested');
    this.status = 'running';
    this.revising = true;
    this.transcript.add('info', `↩️ Changes requested at checkpoint ${d.checkpoint_number ?? d.checkpoint}: the iterations since the last review run again.`,
      d.feedback ? el('p', { class: 'feedback', text: `💬 Feedback: ${d.feedback}` }) : null);
  },

  // on_timeout "expire": the checkpoint still waits and can be decided, or given more time.
  on_checkpoint_expired(d) {
    this.timeline.checkpoint(d.checkpoint_number, 'expired');
    this.transcript.add('error', `⌛ Checkpoint ${d.checkpoint_number} passed its deadline: it still waits — decide it, or give it more time.`);
    if (this.pending && this.pending.checkpoint_number === d.checkpoint_number) {
      this.pending = { ...this.pending, expired: true };
      if (this.dialog.key === keyOf(this.pending) && this.dialog.isOpen) this.dialog.show(this.pending);
    }
  },

  // The dialog's "+1 hour": an hour more than the deadline as it stands (an expired one's:
  // an hour from now). The API takes a deadline from now, so the page counts from the one
  // shown (a page trial's "+1 hour" moved 10:54:03 PM to 10:54:04 PM).
  async extend(number) {
    const shown = this.pending && this.pending.checkpoint_number === number
      ? Date.parse(this.pending.expires_at || '') : NaN;
    const from = Number.isFinite(shown) ? Math.max(Date.now(), shown) : Date.now();
    const seconds = Math.min(30 * 86400, Math.ceil((from - Date.now()) / 1000) + 3600);
    try {
      await post(`/api/runs/${encodeURIComponent(this.runId)}/checkpoints/${number}/extend`, { seconds });
      return null;
    } catch (err) {
      return `Could not give it more time: ${err.message}`;
    }
  },

  on_checkpoint_extended(d) {
    this.timeline.checkpoint(d.checkpoint_number, 'waiting');
    this.transcript.add('info', `⏳ Checkpoint ${d.checkpoint_number} now waits until ${new Date(d.expires_at).toLocaleString()}.`);
    if (this.pending && this.pending.checkpoint_number === d.checkpoint_number) {
      this.pending = { ...this.pending, expires_at: d.expires_at, expired: false };
      if (this.dialog.key === keyOf(this.pending) && this.dialog.isOpen) this.dialog.show(this.pending);
    }
  },

  on_plan_saved(d) {
    this.savedToMemory(d.memory_entity);
  },

  on_plan_edited(d) {
    this.decided(d, 'edited');
    this.status = 'running';
    this.transcript.add('success', `📝 Your edited plan was accepted at checkpoint ${d.checkpoint_number ?? d.checkpoint}. Continuing iterations...`,
      d.feedback ? el('p', { class: 'feedback', text: `💬 Feedback: ${d.feedback}` }) : null);
  },

  on_checkpoint_approved(d) {
    this.decided(d, 'approved');
    this.status = 'running';
    this.transcript.add('success', '✅ Checkpoint approved! Continuing iterations...',
      d.feedback ? el('p', { class: 'feedback', text: `💬 Feedback: ${d.feedback}` }) : null);
  },

  on_checkpoint_rejected(d) {
    this.decided(d, 'rejected');
    this.status = 'rejected';
    this.transcript.add('error', `⛔ Checkpoint ${d.checkpoint_number} rejected.`,
      d.feedback ? el('p', { class: 'feedback', text: `💬 Feedback: ${d.feedback}` }) : null);
  },
};
