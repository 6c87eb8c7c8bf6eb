// A button that ends a run for good asks once more first: the first press turns it into
// "Yes, …" and says what it will do; the second press does it. Left alone, it turns back
// after a while. Reject and Stop both work so (new users' trials: one stray click on either
// ended a run for good).

const ARMED_MS = 10000;

export class ConfirmButton {
  // confirmText: the armed button's label; warning: said on the first press, through
  // say(text) (say('') clears it); onConfirm(): the second press.
  constructor(button, { confirmText, warning, say, onConfirm }) {
    this.button = button;
    this.label = button.textContent;
    this.confirmText = confirmText;
    this.warning = warning;
    this.say = say;
    this.onConfirm = onConfirm;
    this.armed = false;
    this.timer = null;
    button.addEventListener('click', () => this.press());
  }

  press() {
    if (this.armed) {
      this.disarm();
      this.onConfirm();
      return;
    }
    this.armed = true;
    this.button.textContent = this.confirmText;
    this.say(this.warning);
    this.timer = setTimeout(() => this.disarm(), ARMED_MS);
  }

  disarm() {
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.armed) return;
    this.armed = false;
    this.button.textContent = this.label;
    this.say('');
  }
}
