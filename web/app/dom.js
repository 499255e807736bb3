// A tiny element builder, so the UI is plain DOM (no innerHTML, no inline style attributes: the
// element must run under a Content-Security-Policy without 'unsafe-inline').

// h('label', {for: 'x', class: 'row'}, 'text', child...): properties for on* handlers and a few
// DOM properties (value, checked, hidden...), attributes for everything else.
const PROPERTIES = new Set(['value', 'checked', 'hidden', 'disabled', 'selected', 'textContent']);

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (PROPERTIES.has(name)) {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  element.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

// A <select> of choices; labels default to the values.
export function select(id, choices, labels = {}) {
  return h(
    'select',
    { id, name: id },
    choices.map((choice) =>
      h('option', { value: String(choice) }, labels[choice] ?? String(choice)),
    ),
  );
}

// A message slot next to a control: role=alert so a screen reader hears it when it appears.
export function messageSlot(id) {
  return h('p', { id, class: 'message', role: 'alert', hidden: true });
}

export function showMessage(slot, text) {
  slot.textContent = text || '';
  slot.hidden = !text;
}

// Formats a number for people: 4 significant digits, no exponent for ordinary magnitudes.
export function formatValue(value) {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

// A time, its unit kept on the number's line (a no-break space).
export const ms = (t) => `${t.toFixed(1)}\u00a0ms`;

// "1 map", "4 maps".
export const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
