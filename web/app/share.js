// What "Copy link" and "Copy embed code" give for a lesson's settings.

import { settingsToHash, writeSettings } from './settings.js';

const besideElement = (file) => new URL(`../${file}`, import.meta.url).href;

// The full page with this setup in its hash: the page itself when it keeps the hash (index.html,
// or a course page of the author's own: `keepsHash`), else index.html beside the element (for an
// element in running text, and for embed.html, which is only the bare element for an iframe).
export function linkTo(settings, keepsHash) {
  const here = location.href.split('#')[0];
  const page = keepsHash && here !== besideElement('embed.html') ? here : besideElement('index.html');
  return page + settingsToHash(settings);
}

// The element's tag with the settings as attributes, and an <iframe> of embed.html.
export function embedCode(settings) {
  const attributes = writeSettings(settings)
    .map(([name, text]) => `${name}="${text.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
    .join(' ');
  const script = besideElement('convscope-element.js');
  const frame = besideElement('embed.html') + settingsToHash(settings);
  return (
    `<script type="module" src="${script}"></script>\n` +
    `<conv-scope ${attributes}></conv-scope>\n\n` +
    `<iframe src="${frame}" title="convscope" width="960" height="720" loading="lazy"></iframe>`
  );
}
