// Telling the person that a checkpoint waits for them: the "waiting for you" bar above the
// transcript (it reopens a dismissed checkpoint dialog), the tab's title and favicon, and a
// browser notification for a run they are not looking at (only once they allowed it with
// the 🔔 button: the page never asks on load).

import { byId } from './render.js';

const TITLE = 'planloop';
const ICON = 'favicon.svg';
const WAITING_ICON = 'favicon-waiting.svg';
const SAME_WAIT_MS = 20000;

// A run's wait, as the runs list shows it: a new checkpoint (or revision) is a new key.
const waitKey = (run) => `${run.run_id}@${run.updated_at}`;

export class WaitingSignals {
  // onReview(): reopen the open run's checkpoint; onOpenRun(runId): show another run.
  constructor({ onReview, onOpenRun }) {
    this.onOpenRun = onOpenRun;
    this.bar = byId('waiting-bar');
    this.text = byId('waiting-text');
    this.icon = document.querySelector('link[rel="icon"]');
    this.notifyButton = byId('notify-btn');
    this.here = null; // the open run's waiting checkpoint: {runId, number, goal} or null
    this.elsewhere = []; // other runs awaiting approval: [{run_id, goal}]
    this.notified = new Set();
    this.primed = false;
    this.lastNotified = new Map();
    byId('waiting-open').addEventListener('click', () => onReview());
    this.notifyButton.addEventListener('click', () => this.askPermission());
    this.showNotifyButton();
  }

  get canNotify() {
    return 'Notification' in window && Notification.permission === 'granted';
  }

  showNotifyButton() {
    const supported = 'Notification' in window;
    this.notifyButton.hidden = !supported || Notification.permission !== 'default';
  }

  async askPermission() {
    if (!('Notification' in window)) return;
    try {
      await Notification.requestPermission();
    } catch {
      // an old browser's callback form, or refused: the button simply stays
    }
    this.showNotifyButton();
  }

  // The open run's checkpoint waits (or null); `dialogOpen` hides the bar behind the dialog.
  setHere(waiting, dialogOpen) {
    this.here = waiting;
    this.bar.hidden = waiting === null || dialogOpen;
    if (waiting) {
      this.text.textContent = `✋ Checkpoint ${waiting.number} is waiting for you`
        + (waiting.revision ? ` (revision ${waiting.revision})` : '');
    }
    this.render();
  }

  // Put the keyboard on "Review checkpoint" (the checkpoint dialog was put aside).
  focusReview() {
    if (!this.bar.hidden) byId('waiting-open').focus();
  }

  // Runs other than the open one that wait, from the runs list's poll.
  // The first list only primes: runs that already waited when the page opened are not news,
  // nor is the open run (the page shows it).
  setElsewhere(runs, openRunId) {
    const waiting = runs.filter((r) => r.status === 'awaiting_approval');
    this.elsewhere = waiting.filter((r) => r.run_id !== openRunId);
    for (const run of waiting) {
      if (!this.primed || run.run_id === openRunId) this.notified.add(waitKey(run));
      else this.notify(run.run_id, waitKey(run), run.goal);
    }
    this.primed = true;
    this.render();
  }

  // A checkpoint reached live in the open run: notify if the person is not looking.
  reached(runId, key, goal) {
    if (document.hidden) this.notify(runId, key, goal);
    else this.notified.add(key); // seen: never notify for it later
  }

  notify(runId, key, goal) {
    if (this.notified.has(key)) return;
    this.notified.add(key);
    // The stream and the runs list may both see one checkpoint: one notification a run at once.
    const last = this.lastNotified.get(runId) || 0;
    if (!this.canNotify || Date.now() - last < SAME_WAIT_MS) return;
    this.lastNotified.set(runId, Date.now());
    try {
      const note = new Notification('planloop: a checkpoint is waiting for you', {
        body: goal || '', tag: key,
      });
      note.onclick = () => {
        window.focus();
        this.onOpenRun(runId);
        note.close();
      };
    } catch {
      // a browser that allows notifications only from a service worker: the title still says it
    }
  }

  render() {
    const waiting = this.here !== null || this.elsewhere.length > 0;
    document.title = waiting ? `✋ Waiting for you · ${TITLE}` : TITLE;
    const href = waiting ? WAITING_ICON : ICON;
    if (this.icon && this.icon.getAttribute('href') !== href) this.icon.setAttribute('href', href);
  }
}
