// Small DOM helpers. Text always goes in through textContent; the only HTML ever inserted
// is the server's sanitized Markdown rendering, and that is filtered once more here.

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'class') node.className = value;
    else if (key === 'hidden') node.hidden = Boolean(value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const byId = (id) => document.getElementById(id);

export function setText(id, text) {
  byId(id).textContent = text ?? '';
}

export function fillList(list, items, make) {
  list.replaceChildren(...items.map((item) => el('li', {}, make(item))));
}

const BLOCKED = 'script, style, link, meta, base, iframe, frame, object, embed, img, picture, '
  + 'source, video, audio, svg, math, form, input, button, textarea, select, template';

// Insert server-sanitized HTML. Defence in depth: strip anything that could run or fetch.
export function setSafeHtml(container, html) {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  doc.body.querySelectorAll(BLOCKED).forEach((node) => node.remove());
  for (const node of doc.body.querySelectorAll('*')) {
    for (const attr of [...node.attributes]) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim().toLowerCase();
      const badUrl = (name === 'href' || name === 'src') && !/^(https?:|mailto:)/.test(value);
      if (name.startsWith('on') || name === 'style' || name === 'src' || badUrl) {
        node.removeAttribute(attr.name);
      }
    }
    if (node.tagName === 'A') node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
  container.replaceChildren(...doc.body.childNodes);
}

export function seconds(ms) {
  if (ms === undefined || ms === null) return '';
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m ${Math.round(s - m * 60)}s`;
}

export const frameworkTitles = (list) => (list || []).map((f) => f.title || f.id).join(', ');

export function dataPointText(dp) {
  const source = dp.source ? ` (${dp.source})` : '';
  return `${dp.label}: ${dp.value}${source}`;
}
