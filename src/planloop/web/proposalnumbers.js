// The proposal's two numbers, checked as they are typed against the server's limits (the
// inputs' min and max: MAX_ITERATIONS, which a test holds them to), each with its message
// by its field; and when the plan will be reviewed, in words, a long list summarised (a new
// user's trial: 9999 iterations with a checkpoint every 2 printed "after iterations 2, 4,
// 6, … 9998" in 59,000 characters, Approve still enabled, and only the browser's own
// bubble said anything, on a field scrolled out of sight).

import { byId, setText } from './render.js';

const LISTED = 6; // more checkpoints than this: the first three, the last, and how many

export class RunNumbers {
  // onChange(): a number was typed (Approve follows `valid`).
  constructor({ onChange }) {
    this.fields = [
      { input: byId('max-iterations'), label: 'Max iterations' },
      { input: byId('checkpoint-interval'), label: 'Checkpoint every' },
    ];
    for (const field of this.fields) {
      field.note = byId(`${field.input.id}-error`);
      field.input.addEventListener('input', () => {
        this.check();
        onChange();
      });
    }
    this.valid = false;
  }

  set(maxIterations, interval) {
    this.fields[0].input.value = maxIterations;
    this.fields[1].input.value = interval;
    this.check();
  }

  // [max_iterations, checkpoint_interval], or null while either is not valid.
  values() {
    const values = this.fields.map((field) => this.read(field).value);
    return values.includes(null) ? null : values;
  }

  read({ input, label }) {
    const min = Number(input.min);
    const max = Number(input.max);
    const raw = input.value.trim();
    const limits = `a whole number from ${min} to ${max}`;
    if (input.validity.badInput) return { value: null, problem: `${label} must be ${limits}.` };
    if (raw === '') return { value: null, problem: `${label} is needed: ${limits}.` };
    const n = Number(raw);
    if (!Number.isInteger(n)) return { value: null, problem: `${label} must be ${limits}; ${raw} is not whole.` };
    if (n > max) return { value: null, problem: `${label} must be ${limits}; ${raw} is too many.` };
    if (n < min) return { value: null, problem: `${label} must be ${limits}; ${raw} is too few.` };
    return { value: n, problem: null };
  }

  // Each field's message by it; the review schedule only for numbers that are valid.
  check() {
    for (const field of this.fields) {
      const { problem } = this.read(field);
      field.note.textContent = problem || '';
      if (problem) field.input.setAttribute('aria-invalid', 'true');
      else field.input.removeAttribute('aria-invalid');
    }
    const values = this.values();
    this.valid = values !== null;
    setText('proposal-reviews', values ? reviewsText(...values) : '');
  }

  // The first field that is not valid takes the keyboard.
  focusInvalid() {
    const field = this.fields.find((f) => this.read(f).problem);
    if (field) field.input.focus();
  }
}

// When the person reviews the plan: a checkpoint after every `every` iterations, before the
// last one (an interval past the run means none at all, and says so).
export function reviewsText(runs, every) {
  const count = Math.max(0, Math.floor((runs - 1) / every));
  if (count === 0) return 'No checkpoint: nobody reviews the plan before it is final.';
  const at = (k) => k * every;
  const listed = count <= LISTED
    ? Array.from({ length: count }, (_, i) => at(i + 1)).join(', ')
    : `${at(1)}, ${at(2)}, ${at(3)}, … ${at(count)} (${count} checkpoints)`;
  return `You review the plan after iteration${count === 1 ? '' : 's'} ${listed}, then get the final plan.`;
}
