// The planner's readiness, from /api/health (the same verdict /health and /api/status
// give): a banner while runs would fail, gone as soon as the planner is ready again.

import { api } from './api.js';
import { byId } from './render.js';

const EVERY_MS = 15000;

export function watchHealth() {
  const banner = byId('planner-banner');
  async function check() {
    let text = '';
    try {
      const health = await api('/api/health');
      if (!health.ready) {
        const { name, detail } = health.planner;
        text = `The ${name} planner is not ready: ${detail}. Plans will fail until it is.`;
      }
    } catch (err) {
      if (err.status !== 429) text = `Cannot check the planner: ${err.message}.`;
    }
    banner.textContent = text;
    banner.hidden = !text;
  }
  check();
  setInterval(check, EVERY_MS);
}
