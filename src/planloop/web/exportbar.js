// A plan on its way out: Copy Markdown, Download (md, html, ics, csv, json), Print, and a
// table of contents whose links scroll to the plan's sections. The files come from
// GET /api/runs/{id}/plan?format=…, which names them after the goal.

import { apiPath } from './api.js';
import { el } from './render.js';

const DOWNLOADS = [
  ['md', 'Markdown'], ['html', 'Web page'], ['ics', 'Calendar'], ['csv', 'Tasks (CSV)'], ['json', 'JSON'],
];

const planUrl = (runId, format, iteration) => {
  const params = new URLSearchParams({ format });
  if (iteration) params.set('iteration', String(iteration));
  return `${apiPath(`/api/runs/${encodeURIComponent(runId)}/plan`)}?${params}`; // a share link's own door
};

// The toolbar for the plan in `message` (the transcript item that shows it).
export function exportBar(runId, message, { iteration = null } = {}) {
  const status = el('span', { class: 'export-status muted', role: 'status' });
  const copy = el('button', { type: 'button', class: 'small', text: '📋 Copy Markdown' });
  copy.addEventListener('click', async () => {
    try {
      const response = await fetch(planUrl(runId, 'md', iteration), { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      await navigator.clipboard.writeText(await response.text());
      status.textContent = 'Copied.';
    } catch (err) {
      status.textContent = `Could not copy: ${err.message}`;
    }
  });
  const menu = el('details', { class: 'download-menu' }, el('summary', { class: 'small', text: '⬇ Download' }));
  const list = el('ul', { class: 'download-list' });
  for (const [format, label] of DOWNLOADS) {
    list.append(el('li', {}, el('a', { href: planUrl(runId, format, iteration), download: '', 'data-format': format, text: label })));
  }
  menu.append(list);
  list.addEventListener('click', () => { menu.open = false; }); // the choice is made
  const print = el('button', { type: 'button', class: 'small', text: '🖨 Print' });
  print.addEventListener('click', () => printOnly(message));
  return el('div', { class: 'export-bar', role: 'toolbar', 'aria-label': 'Take the plan out' }, copy, menu, print, status);
}

// Print this plan alone (the print stylesheet hides everything else).
function printOnly(message) {
  document.body.classList.add('print-plan');
  message.classList.add('print-target');
  const done = () => {
    document.body.classList.remove('print-plan');
    message.classList.remove('print-target');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}

const slug = (text) => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
  .replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'section';

// Give the plan's sections ids and list them; a link scrolls there (the page's own hash
// holds the open run, so links never change it).
export function tableOfContents(body, prefix) {
  const headings = [...body.querySelectorAll('h2')];
  if (headings.length < 2) return null;
  const used = new Set();
  const list = el('ol');
  for (const heading of headings) {
    let id = `${prefix}-${slug(heading.textContent)}`;
    for (let n = 2; used.has(id); n += 1) id = `${prefix}-${slug(heading.textContent)}-${n}`;
    used.add(id);
    heading.id = id;
    const link = el('a', { href: `#${id}`, text: heading.textContent });
    link.addEventListener('click', (event) => {
      event.preventDefault();
      heading.scrollIntoView({ block: 'start' });
      heading.focus({ preventScroll: true });
    });
    heading.setAttribute('tabindex', '-1');
    list.append(el('li', {}, link));
  }
  return el('nav', { class: 'plan-toc', 'aria-label': 'Plan contents' },
    el('details', { open: '' }, el('summary', { text: 'Contents' }), list));
}
