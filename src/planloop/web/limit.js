// A text box at its length limit says so: the browser silently drops what is typed or
// pasted past maxlength, and a goal cut at 4,000 characters was planned as cut.

import { el } from './render.js';

const checks = new WeakMap();

export function watchLimits(root = document) {
  for (const box of root.querySelectorAll('textarea[maxlength]')) {
    const note = el('p', { class: 'limit-note', role: 'status', hidden: true });
    box.after(note);
    const check = () => {
      const full = box.value.length >= box.maxLength;
      note.hidden = !full;
      note.textContent = full
        ? `At the ${box.maxLength.toLocaleString('en')}-character limit: anything past it is not kept.`
        : '';
    };
    box.addEventListener('input', check);
    box.addEventListener('change', check);
    checks.set(box, check);
  }
}

// A value the page sets itself fires no input event: a goal carried from the composer
// into the proposal dialog at the limit said nothing there (found in a user trial: the
// composer's notice was hidden behind the dialog).
export function recheckLimit(box) {
  checks.get(box)?.();
}
