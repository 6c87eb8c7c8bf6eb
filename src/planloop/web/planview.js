// A plan shown for review: its Markdown rendered by the server (sanitized there, filtered
// again by setSafeHtml), the sections that changed marked, and the plain unified diff.
// Untrusted text only ever goes in through textContent.

import { post } from './api.js';
import { el, setSafeHtml } from './render.js';

const RENDER_LIMIT = 64 * 1024; // the render endpoint's limit; longer plans show as text

const norm = (text) => String(text || '').replace(/\s+/g, ' ').trim().toLowerCase();
const titles = (items) => (items || []).map((item) => (typeof item === 'string' ? item : item.title));

export async function showMarkdown(container, markdown, emptyText = 'No plan was written yet.') {
  container.removeAttribute('aria-busy');
  if (!markdown) {
    container.replaceChildren(el('p', { class: 'muted', text: emptyText }));
    return;
  }
  let html = null;
  if (markdown.length <= RENDER_LIMIT) {
    html = await post('/api/render', { markdown }).then((r) => r.html).catch(() => null);
  }
  if (html === null) container.replaceChildren(el('pre', { class: 'plain-plan', text: markdown }));
  else setSafeHtml(container, html);
}

// Mark the headings of added and changed sections (a badge says which, for screen readers too).
export function markChanges(container, changes) {
  const added = new Set(titles(changes && changes.added).map(norm));
  const changed = new Set(titles(changes && changes.changed).map(norm));
  for (const heading of container.querySelectorAll('h1, h2, h3, h4')) {
    const key = norm(heading.textContent);
    const kind = added.has(key) ? 'added' : changed.has(key) ? 'changed' : null;
    if (!kind) continue;
    heading.classList.add(`section-${kind}`);
    heading.append(' ', el('span', { class: `change-badge change-${kind}`, text: kind === 'added' ? 'new' : 'changed' }));
  }
}

// The change summary: one line per kind, the section titles listed.
export function fillChanges(list, changes) {
  const rows = [];
  const kinds = [['added', 'Added'], ['changed', 'Changed'], ['removed', 'Removed']];
  for (const [kind, label] of kinds) {
    const names = titles(changes && changes[kind]);
    if (names.length) {
      rows.push(el('li', { class: `changes-${kind}` }, el('strong', { text: `${label} (${names.length}): ` }), names.join(' · ')));
    }
  }
  if (!rows.length) rows.push(el('li', { class: 'muted', text: changes ? 'No sections changed since the last review.' : '' }));
  list.replaceChildren(...rows);
}

// The unified diff, a line per span, coloured by its first character.
export function fillDiff(pre, diff) {
  if (!diff) {
    pre.replaceChildren(el('span', { class: 'muted', text: 'No differences.' }));
    return;
  }
  const lines = diff.split('\n').map((line) => {
    let cls = 'diff-line';
    if (line.startsWith('@@')) cls += ' diff-hunk';
    else if (line.startsWith('+++') || line.startsWith('---')) cls += ' diff-file';
    else if (line.startsWith('+')) cls += ' diff-add';
    else if (line.startsWith('-')) cls += ' diff-del';
    return el('span', { class: cls, text: `${line}\n` });
  });
  pre.replaceChildren(...lines);
}
