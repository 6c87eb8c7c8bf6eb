// JSON calls to the planloop API. Same-origin fetch sends the HttpOnly session cookie.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// A share link's page (share.js) reaches its one run through the link's own door: the
// page's calls of /api/runs/<id>/... go to /api/shares/<token>/..., and nothing else goes
// but the stateless ones.
let shareToken = null;

export function shareMode(token) {
  shareToken = token;
}

// Calls that read or change nothing of anyone's: a shared page may make them too (the
// checkpoint dialog renders the plan through /api/render; refused, it showed raw Markdown).
const STATELESS = new Set(['/api/render']);

export function apiPath(path) {
  if (shareToken === null || STATELESS.has(path)) return path;
  const door = `/api/shares/${encodeURIComponent(shareToken)}`;
  if (path === door || path.startsWith(`${door}/`) || path.startsWith(`${door}?`)) return path;
  const run = /^\/api\/runs\/[^/?]+(.*)$/.exec(path);
  if (run) return `${door}${run[1]}`;
  throw new ApiError(0, 'not_shared', 'a shared view reaches only its own run');
}

export async function api(path, { method = 'GET', body } = {}) {
  path = apiPath(path);
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network_error', 'the server cannot be reached');
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const err = (data && data.error) || {};
    throw new ApiError(response.status, err.code || 'http_error',
      err.message || `HTTP ${response.status}`);
  }
  return data;
}

export const post = (path, body = {}) => api(path, { method: 'POST', body });
