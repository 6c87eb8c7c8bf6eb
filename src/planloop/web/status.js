// One word for each of the API's run statuses, wherever the page shows one: the runs list,
// the run bar, the timeline and a share link's page (a new user's trial found the list
// saying "stopped" and the run bar "cancelled" for the same run).

const LABELS = {
  running: 'running',
  paused: 'paused',
  awaiting_approval: 'waiting for approval',
  completed: 'completed',
  rejected: 'rejected',
  cancelled: 'stopped', // what the Stop button did
  expired: 'expired',
  failed: 'failed',
};

export const TERMINAL = new Set(['completed', 'rejected', 'cancelled', 'expired', 'failed']);

export const statusLabel = (status) => (status ? LABELS[status] || String(status) : '');
