// One run's live event stream over EventSource: named events, de-duplicated by seq.
//
// EventSource reconnects by itself (the server sends `retry: 2000`) and sends the last
// event id; if the browser gives up (readyState CLOSED) a new EventSource resumes with
// ?last_event_id=. Every event with seq <= the last one handled is ignored, so a message
// can never appear twice, and replay fills any gap, so none is missing.

import { apiPath } from './api.js';

export const EVENT_TYPES = [
  'planning_started', 'iteration_started', 'iteration_progress', 'iteration_completed',
  'plan_checked',
  'checkpoint_reached', 'checkpoint_approved', 'checkpoint_rejected',
  'checkpoint_changes_requested', 'plan_edited', 'checkpoint_expired', 'checkpoint_extended',
  'plan_saved', 'run_paused',
  'run_resumed', 'final_plan', 'error', 'complete',
];

const RETRY_MS = 2000;

export class RunStream {
  // onEvent(data) for each new event; onStatus('connecting' | 'live' | 'down' | 'live-again' | 'closed')
  constructor(runId, { onEvent, onStatus }) {
    this.runId = runId;
    this.onEvent = onEvent;
    this.onStatus = onStatus;
    this.last = 0;
    this.source = null;
    this.outage = false;
    this.closed = false;
    this.timer = null;
  }

  start(afterSeq = 0) {
    this.last = afterSeq;
    this.connect();
  }

  connect() {
    if (this.closed) return;
    const base = apiPath(`/api/runs/${encodeURIComponent(this.runId)}/events`);
    const url = this.last > 0 ? `${base}?last_event_id=${this.last}` : base;
    const source = new EventSource(url);
    this.source = source;
    if (!this.outage) this.onStatus('connecting');
    source.addEventListener('open', () => {
      if (this.source !== source) return;
      this.onStatus(this.outage ? 'live-again' : 'live');
      this.outage = false;
    });
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (event) => this.handle(source, event));
    }
  }

  handle(source, event) {
    if (this.source !== source || this.closed) return;
    // `error` is both the server's named event (with data) and the connection's error.
    if (event.type === 'error' && !(event instanceof MessageEvent && event.data)) {
      this.connectionError(source);
      return;
    }
    let data;
    try {
      data = JSON.parse(event.data);
    } catch {
      return;
    }
    if (typeof data.seq !== 'number' || data.seq <= this.last) return;
    this.last = data.seq;
    this.onEvent(data);
    if (data.type === 'complete') this.close();
  }

  connectionError(source) {
    if (!this.outage) {
      this.outage = true; // one message per outage, not one per retry
      this.onStatus('down');
    }
    if (source.readyState === EventSource.CLOSED && !this.timer) {
      // The browser gave up (e.g. an HTTP error while the server restarts): resume ourselves.
      this.timer = setTimeout(() => {
        this.timer = null;
        if (this.source === source) this.connect();
      }, RETRY_MS);
    }
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = null;
    if (this.source) this.source.close();
    this.source = null;
    this.onStatus('closed');
  }
}
