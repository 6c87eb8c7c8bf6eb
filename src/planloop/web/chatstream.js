// The chat answer as it is written: POST /api/chat/stream read through fetch's ReadableStream.
// EventSource cannot POST, so a tiny SSE parser reads the stream's named events here:
// chat_delta {delta} ... then chat_done {reply, sources} or error {message, code}.

import { ApiError } from './api.js';
import { setSafeHtml } from './render.js';

const LINE_END = /\r\n|\r|\n/;

// The frames of an SSE body as {event, data}, the way EventSource dispatches them
// (comments and frames without data are skipped; a CR, LF or CRLF ends a line).
export async function* sseEvents(body) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      for (;;) {
        const match = LINE_END.exec(buffer);
        // A CR at the very end may be the first half of a CRLF: wait for the next chunk.
        if (!match || (!done && match[0] === '\r' && match.index === buffer.length - 1)) break;
        const line = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        if (line === '') {
          if (data.length) yield { event: event || 'message', data: data.join('\n') };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let text = colon < 0 ? '' : line.slice(colon + 1);
        if (text.startsWith(' ')) text = text.slice(1);
        if (field === 'event') event = text;
        else if (field === 'data') data.push(text);
      }
      if (done) return;
    }
  } finally {
    reader.cancel().catch(() => {}); // stop reading if the caller left early
  }
}

async function errorOf(response) {
  let err = {};
  try {
    err = (await response.json()).error || {};
  } catch {
    err = {};
  }
  return new ApiError(response.status, err.code || 'http_error',
    err.message || `HTTP ${response.status}`);
}

// Ask the planner; onDelta(textSoFar) as the answer grows. Resolves with chat_done's
// {reply, sources}; rejects with an ApiError (the stream's error event, or the request's).
export async function streamChat(message, { onDelta }) {
  let response;
  try {
    response = await fetch('/api/chat/stream', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ message }),
    });
  } catch {
    throw new ApiError(0, 'network_error', 'the server cannot be reached');
  }
  if (!response.ok || !response.body) throw await errorOf(response);
  let text = '';
  try {
    for await (const { event, data } of sseEvents(response.body)) {
      const payload = JSON.parse(data);
      if (event === 'chat_delta') {
        text += payload.delta || '';
        onDelta(text);
      } else if (event === 'chat_done') {
        return payload;
      } else if (event === 'error') {
        throw new ApiError(response.status, payload.code || 'error',
          payload.message || payload.error || 'the chat failed');
      }
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(0, 'network_error', 'the connection broke off mid-answer');
  }
  throw new ApiError(0, 'stream_ended', 'the answer stopped before it was complete');
}

// -- the conversation: answers rendered with their [[links]], kept across a reload ----------

// Where the conversation is kept: this browser's storage. The server's chat is stateless
// (each answer is looked up from memory afresh), so the only state is what the page shows;
// keeping it beside the page needs no table, no retention policy and no second copy of
// anything the server must protect. It is per browser profile, like the session cookie.
export const CHAT_KEY = 'planloop.chat.v1';
const MAX_KEPT = 100; // messages
const MAX_TEXT = 20000; // characters a message
const WIKILINK = /\[\[([^[\]\n]{1,200})\]\]/g;

// An entity name from a link's target: [[entities/Ana.md|Ana]] and [[Ana]] both name Ana.
export function linkTarget(raw) {
  let name = raw.split('|')[0].split('#')[0].trim();
  if (name.startsWith('entities/')) name = name.slice('entities/'.length);
  if (name.endsWith('.md')) name = name.slice(0, -3);
  return name;
}

// Turn every [[name]] in the text of `container` (never inside code) into a link that calls
// onEntity(name): an <a> without href (role link, focusable, Enter opens it), so a reply
// holds no form control and no URL. Text nodes are split; nothing is parsed as HTML.
export function linkEntities(container, onEntity) {
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest('code, pre, a')
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const texts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node);
  for (const node of texts) {
    const text = node.nodeValue;
    WIKILINK.lastIndex = 0;
    if (!WIKILINK.test(text)) continue;
    WIKILINK.lastIndex = 0;
    const parts = [];
    let at = 0;
    for (const match of text.matchAll(WIKILINK)) {
      const name = linkTarget(match[1]);
      if (!name) continue;
      const label = match[1].includes('|') ? match[1].slice(match[1].indexOf('|') + 1).trim() : '';
      parts.push(document.createTextNode(text.slice(at, match.index)));
      const link = document.createElement('a');
      link.setAttribute('role', 'link');
      link.tabIndex = 0;
      link.className = 'wikilink';
      link.dataset.entity = name;
      link.textContent = label || name; // [[plan_x|its goal]] reads as the goal
      link.title = `Open ${name} in memory`;
      link.addEventListener('click', (event) => {
        event.preventDefault();
        onEntity(name);
      });
      link.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          onEntity(name);
        }
      });
      parts.push(link);
      at = match.index + match[0].length;
    }
    parts.push(document.createTextNode(text.slice(at)));
    node.replaceWith(...parts);
  }
}

function load() {
  try {
    const kept = JSON.parse(window.localStorage.getItem(CHAT_KEY) || '[]');
    return Array.isArray(kept)
      ? kept.filter((m) => m && typeof m.text === 'string'
        && (m.role === 'user' || m.role === 'assistant' || m.role === 'error'))
      : [];
  } catch {
    return [];
  }
}

function save(messages) {
  try {
    window.localStorage.setItem(CHAT_KEY, JSON.stringify(messages.slice(-MAX_KEPT)));
  } catch {
    // storage full or disabled: the conversation simply is not kept
  }
}

// The chat in the transcript: ask, show the answer as it grows, then render it (server-
// sanitized Markdown, [[links]] as buttons); every message is kept for the next reload.
export class Chat {
  constructor({ transcript, render, onEntity }) {
    this.transcript = transcript;
    this.render = render; // markdown -> sanitized HTML string (or null)
    this.onEntity = onEntity;
    this.messages = load();
  }

  keep(role, text) {
    this.messages.push({ role, text: String(text).slice(0, MAX_TEXT) });
    this.messages = this.messages.slice(-MAX_KEPT);
    save(this.messages);
  }

  async showReply(item, reply) {
    const html = await this.render(reply).catch(() => null);
    const body = document.createElement('div');
    body.className = 'markdown';
    if (html !== null && html !== undefined) setSafeHtml(body, html);
    else body.textContent = reply;
    linkEntities(body, this.onEntity);
    item.replaceChildren(body);
  }

  // Show the kept conversation again (after a reload, or when no run is open).
  async restore() {
    for (const { role, text } of this.messages) {
      if (role === 'assistant') {
        const item = this.transcript.add('assistant', '');
        await this.showReply(item, text);
      } else {
        this.transcript.add(role, role === 'error' ? `❌ ${text}` : text);
      }
    }
    this.transcript.scroll();
  }

  forget() {
    this.messages = [];
    save(this.messages);
  }

  async send(text) {
    this.transcript.add('user', text);
    this.keep('user', text);
    const pending = this.transcript.add('assistant', 'Thinking…');
    const live = document.createElement('p');
    live.className = 'msg-text streaming';
    try {
      const done = await streamChat(text, {
        onDelta: (soFar) => {
          if (!live.isConnected) pending.replaceChildren(live);
          live.textContent = soFar;
          this.transcript.scroll();
        },
      });
      const reply = done.reply || '';
      this.keep('assistant', reply);
      await this.showReply(pending, reply);
    } catch (err) {
      const shown = document.createElement('p');
      shown.className = 'error-text';
      shown.textContent = `❌ ${err.message}`;
      this.keep('error', err.message);
      if (live.isConnected) pending.append(shown); // keep what was written before it failed
      else pending.replaceChildren(shown);
    }
    this.transcript.scroll();
  }
}
