// The owner's share links of the open run: the run bar's Share button opens a dialog that
// makes a viewer or approver link, copies it, and lists and revokes the run's links.
// Built here (not in index.html), so the page's markup keeps its shape.

import { api, post } from './api.js';
import { el } from './render.js';

const EXPIRIES = [
  ['1 hour', 3600], ['1 day', 86400], ['7 days', 604800], ['30 days', 2592000],
];

function when(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString();
}

export class ShareLinks {
  constructor() {
    this.runId = null;
    this.button = el('button', {
      type: 'button', id: 'share-btn', text: 'Share', onclick: () => this.open(),
    });
    const buttons = document.querySelector('#run-bar .run-buttons');
    if (buttons) buttons.prepend(this.button);
    this.role = el('select', { id: 'share-role' },
      el('option', { value: 'viewer', text: 'Viewer: watches the run' }),
      el('option', { value: 'approver', text: 'Approver: also decides checkpoints' }));
    this.expiry = el('select', { id: 'share-expiry' },
      ...EXPIRIES.map(([label, s]) => el('option', { value: s, text: label, selected: s === 604800 })));
    this.url = el('input', { id: 'share-url', type: 'text', readonly: 'readonly', 'aria-label': 'Share link' });
    this.copy = el('button', { type: 'button', text: 'Copy link', onclick: () => this.copyUrl() });
    this.made = el('div', { class: 'row share-made', hidden: true }, this.url, this.copy);
    this.status = el('p', { class: 'muted', role: 'status' });
    this.list = el('ul', { id: 'share-list', class: 'share-list', 'aria-label': 'Links of this run' });
    this.dialog = el('dialog', { id: 'share-dialog', 'aria-labelledby': 'share-title' },
      el('div', { class: 'dialog-body' },
        el('h2', { id: 'share-title', text: '🔗 Share this run' }),
        el('p', { class: 'muted', text: 'Anyone with a link sees this run live, without an account; nothing else of yours. Revoke a link to close it at once.' }),
        el('div', { class: 'numbers' },
          el('label', {}, 'Access', this.role),
          el('label', {}, 'Expires after', this.expiry)),
        el('div', { class: 'row' },
          el('button', { type: 'button', class: 'primary', text: 'Create link', onclick: () => this.create() })),
        this.made,
        this.status,
        el('h3', { text: 'Links' }),
        this.list,
        el('div', { class: 'dialog-buttons' },
          el('button', { type: 'button', text: 'Close', onclick: () => this.dialog.close() }))));
    document.body.append(this.dialog);
  }

  setRun(runId) {
    this.runId = runId;
    if (runId === null && this.dialog.open) this.dialog.close();
  }

  base() {
    return `/api/runs/${encodeURIComponent(this.runId)}/shares`;
  }

  async open() {
    if (!this.runId) return;
    this.made.hidden = true;
    this.url.value = '';
    this.status.textContent = '';
    this.dialog.showModal();
    await this.load();
  }

  async create() {
    try {
      const made = await post(this.base(), {
        role: this.role.value, expires_in_s: Number(this.expiry.value),
      });
      this.url.value = made.url;
      this.made.hidden = false;
      this.url.select();
      this.status.textContent = `A ${made.role} link, until ${when(made.expires_at)}. It is shown only now.`;
    } catch (err) {
      this.status.textContent = `Could not create the link: ${err.message}`;
    }
    await this.load();
  }

  async copyUrl() {
    try {
      await navigator.clipboard.writeText(this.url.value);
      this.status.textContent = 'Link copied.';
    } catch {
      this.url.select(); // the person copies it by hand
      this.status.textContent = 'Select the link and copy it.';
    }
  }

  async load() {
    let links = [];
    try {
      links = await api(this.base());
    } catch (err) {
      this.status.textContent = `Could not list the links: ${err.message}`;
      return;
    }
    if (!links.length) {
      this.list.replaceChildren(el('li', { class: 'muted', text: 'No links yet.' }));
      return;
    }
    this.list.replaceChildren(...links.map((s) => el('li', { 'data-token-id': s.token_id },
      el('span', { text: `${s.role} · ${s.status} · until ${when(s.expires_at)}`
        + (s.last_used ? ` · last opened ${when(s.last_used)}` : '') }),
      s.status === 'active'
        ? el('button', { type: 'button', class: 'danger', text: 'Revoke', onclick: () => this.revoke(s.token_id) })
        : null)));
  }

  async revoke(tokenId) {
    try {
      await api(`${this.base()}/${encodeURIComponent(tokenId)}`, { method: 'DELETE' });
      this.status.textContent = 'Link revoked.';
    } catch (err) {
      this.status.textContent = `Could not revoke the link: ${err.message}`;
    }
    await this.load();
  }
}
