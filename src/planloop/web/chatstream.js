// The chat answer as it is written: POST /api/chat/stream read through fetch's ReadableStream.
// EventSource cannot POST, so a tiny SSE parser reads the stream's named events here:
// chat_delta {delta} ... then chat_done {reply, sources} or error {message, code}.

import { ApiError } from './api.js';

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
