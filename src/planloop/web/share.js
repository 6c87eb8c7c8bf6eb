// The page of a share link (/s/<token>, served by api/shared.py with this as its entry
// instead of app.js): one run, live — plan, timeline, checkpoints — read-only for a viewer
// link; an approver link also gets the checkpoint dialog. No new-goal form, no memory,
// no chat, no runs list: the link opens its run and nothing else (api.js sends every call
// through the link's own door). A link revoked or expired meanwhile closes the view.

import { ApiError, api, shareMode } from './api.js';
import { watchLimits } from './limit.js';
import { byId, el } from './render.js';
import { RunView } from './runview.js';
import { statusLabel } from './status.js';
import { Timeline } from './timeline.js';
import { Transcript } from './transcript.js';

const match = /^\/s\/([A-Za-z0-9_-]{20,200})$/.exec(window.location.pathname);
const token = match ? match[1] : '';
const door = `/api/shares/${encodeURIComponent(token)}`;
shareMode(token);
watchLimits();

// What a link does not open is not on its page at all.
document.body.classList.add('shared');
for (const node of document.querySelectorAll('.sidebar, #composer, .run-buttons, #proposal-dialog')) {
  node.remove();
}
const banner = el('p', { id: 'share-banner', class: 'share-banner', role: 'status' });
byId('planner-banner').replaceWith(banner);

const CONNECTION = {
  connecting: 'Connecting…', live: '● Live', down: 'Reconnecting…',
  'live-again': '● Live', closed: '',
};
const CLOSED = {
  share_revoked: 'This share link was revoked: the run is no longer shown.',
  share_expired: 'This share link has expired: the run is no longer shown.',
  share_not_found: 'This share link does not exist.',
};

const transcript = new Transcript(byId('transcript'));
const timeline = new Timeline({
  progress: byId('run-progress'), label: byId('progress-label'), list: byId('timeline'),
});
let role = 'viewer';
let view = null;
let closed = false;

function say(text, kind = 'info') {
  banner.textContent = text;
  banner.dataset.kind = kind;
}

function describe() {
  const what = role === 'approver'
    ? 'you may decide its checkpoints' : 'read-only: the owner decides its checkpoints';
  let text = `Shared view (${role}) · ${what}`;
  if (role !== 'approver' && view && view.pending) text += ' · waiting for the owner’s decision';
  say(text);
}

function show(v) {
  byId('run-bar').hidden = v.runId === null;
  if (v.runId === null) return;
  byId('run-title').textContent = `${v.goal} · ${statusLabel(v.status)}`;
  describe();
}

function close(code) {
  if (closed) return;
  closed = true;
  if (view) view.close();
  transcript.clear();
  byId('run-bar').hidden = true;
  byId('connection').textContent = '';
  say(CLOSED[code] || 'This share link no longer opens the run.', 'closed');
}

// The stream dropped: a link revoked or expired meanwhile answers 410 (the server ended
// the stream); anything else is a passing outage the stream recovers from by itself.
async function check() {
  try {
    await api(door);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 410)) close(err.code);
  }
}

async function start() {
  let run;
  try {
    run = await api(door);
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 410)) close(err.code);
    else say(`Could not open the shared run: ${err.message}`, 'closed');
    return;
  }
  role = run.share.role;
  view = new RunView({
    transcript,
    timeline,
    readOnly: role !== 'approver',
    onChange: (v) => show(v),
    onConnection: (state) => {
      byId('connection').textContent = CONNECTION[state] ?? '';
      if (state === 'down') check();
    },
  });
  view.open(run.run_id, run);
}

start();
