// planloop's page: wires the composer, the proposal dialog, the open run, the runs list and
// the memory panel.
// The open run lives in the URL (#run=<id>) so reload, back and a second tab all work.

import { api, post } from './api.js';
import { Chat } from './chatstream.js';
import { ConfirmButton } from './confirm.js';
import { watchHealth } from './health.js';
import { watchLimits } from './limit.js';
import { MemoryPanel } from './memory.js';
import { PlanDialog } from './plandialog.js';
import { ProposalDialog } from './proposal.js';
import { byId } from './render.js';
import { RunsList } from './runs.js';
import { RunView } from './runview.js';
import { ShareLinks } from './sharelinks.js';
import { statusLabel } from './status.js';
import { Timeline } from './timeline.js';
import { Transcript } from './transcript.js';
import { WaitingSignals } from './waiting.js';

const openRun = (runId) => { window.location.hash = `run=${runId}`; };
const transcript = new Transcript(byId('transcript'));
const plans = new PlanDialog({ onForked: openRun });
const timeline = new Timeline({
  progress: byId('run-progress'),
  label: byId('progress-label'),
  list: byId('timeline'),
  onOpenPlan: (iteration) => { if (view.runId) plans.open(view.runId, iteration); },
});
const signals = new WaitingSignals({
  onReview: () => view.review(),
  onOpenRun: openRun,
});
const runs = new RunsList({
  onLoad: (list) => signals.setElsewhere(list, view.runId),
  keepPolling: () => signals.canNotify,
});
const message = byId('message');
watchLimits();
const buttons = { pause: byId('pause-btn'), resume: byId('resume-btn'), stop: byId('stop-btn') };
// Stop ends the run for good: it asks once more first, as Reject does.
const stop = new ConfirmButton(buttons.stop, {
  confirmText: 'Yes, stop',
  warning: 'Stopping ends the run for good (its plan so far is kept). Press “Yes, stop” to confirm.',
  say: (text) => { byId('stop-confirm').textContent = text; },
  onConfirm: () => view.control('cancel'),
});

const CONNECTION = {
  connecting: 'Connecting…', live: '● Live', down: 'Reconnecting…',
  'live-again': '● Live', closed: '',
};

const view = new RunView({
  transcript,
  timeline,
  signals,
  onChange: (v) => showRun(v),
  onConnection: (state) => { byId('connection').textContent = CONNECTION[state] ?? ''; },
  onNote: (name) => openNote(name),
});

let listedStatus = null;
const shareLinks = new ShareLinks(); // the run bar's Share button and its dialog

function showRun(v) {
  shareLinks.setRun(v.runId);
  byId('run-bar').hidden = v.runId === null;
  runs.follow(v.runId === null ? null
    : { runId: v.runId, status: v.status, done: timeline.done, max: v.max });
  if (v.runId === null) return;
  byId('run-title').textContent = `${v.goal} · ${statusLabel(v.status)}`;
  buttons.pause.disabled = !(v.status === 'running' && !v.pauseRequested);
  buttons.resume.disabled = !(v.status === 'paused' || (v.status === 'running' && v.pauseRequested));
  buttons.stop.disabled = !v.active;
  if (!v.active) stop.disarm();
  if (`${v.runId}:${v.status}` !== listedStatus) {
    listedStatus = `${v.runId}:${v.status}`;
    runs.refresh(); // the list shows statuses too
    if (!v.active) memory.refresh(); // a finished run may have saved its plan to memory
  }
}

function runFromHash() {
  const match = /^#run=([A-Za-z0-9_-]{1,64})$/.exec(window.location.hash);
  return match ? match[1] : null;
}

async function openFromHash() {
  const runId = runFromHash();
  if (runId === view.runId) return;
  stop.disarm(); // a "Yes, stop" was for the run shown before
  runs.select(runId);
  if (runId === null) {
    view.close();
    transcript.clear();
    showRun(view);
    chat.restore();
    return;
  }
  try {
    const run = await api(`/api/runs/${encodeURIComponent(runId)}`);
    if (runFromHash() !== runId) return; // the user moved on meanwhile
    view.open(runId, run);
  } catch (err) {
    view.close();
    transcript.clear();
    showRun(view);
    // a run another browser started is not found here, by design, nor one that does not
    // exist: say both, and what works instead (new users' trials: "… run 8318a003…: run
    // 8318a003… not found"; then, for a mistyped id, "not one of this browser's")
    transcript.add('error', err.status === 404
      ? '❌ No such run in this browser: the link is wrong, or another browser started the'
        + ' run (a run belongs to the browser that started it). To show a run to someone'
        + ' else, use its Share button there.'
      : `❌ Could not open the run: ${err.message}`);
  }
}

async function startRun(request) {
  message.value = '';
  try {
    const created = await post('/api/runs', request);
    openRun(created.run_id);
  } catch (err) {
    transcript.add('error', `❌ Planning error: ${err.message}`);
  }
}

// The chat (chatstream.js): answers with their [[links]] opening the note in the memory
// panel; the conversation is kept in this browser and shown again when no run is open.
// A note opened in the memory panel: a chat answer's [[link]], a saved plan's "Open the note".
function openNote(name) {
  byId('memory-details').open = true;
  memory.open(name);
}

const chat = new Chat({
  transcript,
  render: async (markdown) => (await post('/api/render', { markdown })).html,
  onEntity: (name) => openNote(name),
});

const proposal = new ProposalDialog({
  onApprove: (request) => {
    memory.setSelection([]); // the selection grounded this plan; the next starts afresh
    startRun(request);
  },
  onSelect: (names) => memory.setSelection(names),
});
const memory = new MemoryPanel({
  onPlan: (goal) => proposal.open(goal ?? message.value.trim(), memory.selected()),
  onRead: (title, note) => plans.showNote(title, note),
});

byId('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = message.value.trim();
  if (!text) return;
  message.value = '';
  chat.send(text);
});
message.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    byId('composer').requestSubmit();
  }
});
byId('plan-btn').addEventListener('click', () => {
  proposal.open(message.value.trim(), memory.selected());
});
buttons.pause.addEventListener('click', () => view.control('pause'));
buttons.resume.addEventListener('click', () => view.control('resume'));
window.addEventListener('hashchange', openFromHash);

if (window.matchMedia('(max-width: 720px)').matches) {
  byId('runs-panel').open = false;
  byId('memory-details').open = false;
}
watchHealth();
runs.load();
memory.search();
if (runFromHash() === null) chat.restore(); // the kept conversation, when no run is open
openFromHash();
// Ready to type on a computer; on a touch screen focus would open the keyboard over half the
// page before anything is read (a new user's phone trial)
if (window.matchMedia('(pointer: fine)').matches) message.focus();
