// The output: a grid of feature maps like the notebook's batch_plot (the input first), each with
// its title, size, timing, colour bar and downloads; a summary with the output-size formula, the
// method that ran and the frame time; a dialog that shows one map large.

import { h, formatValue } from './dom.js';
import { composeGrid, fileStem, saveCanvasPng, saveCsv, saveNpy } from './downloads.js';

// "out_h = (H − K + 2P) // S + 1 = (512 − 7 + 2·3) // 1 + 1 = 512" for one axis; with dilation
// d > 1 the kernel's reach K_eff = d·(K − 1) + 1 replaces K. axis: the API's AxisSize.
export function formulaText(label, axis, stride, dilation) {
  const sym = axis.padBefore === axis.padAfter;
  const kEff = dilation * (axis.kernel - 1) + 1;
  const kName = dilation > 1 ? 'K_eff' : 'K';
  const padName = sym ? '2P' : 'P_before + P_after';
  const padNums = sym ? `2·${axis.padBefore}` : `${axis.padBefore} + ${axis.padAfter}`;
  const [inName, outName] = label === 'height' ? ['H', 'out_h'] : ['W', 'out_w'];
  const symbols = `${outName} = (${inName} − ${kName} + ${padName}) // S + 1`;
  const numbers = `(${axis.in} − ${kEff} + ${padNums}) // ${stride} + 1 = ${axis.out}`;
  let text = `${symbols} = ${numbers}`;
  if (dilation > 1) text += `   (K_eff = ${dilation}·(${axis.kernel} − 1) + 1 = ${kEff})`;
  if (axis.unused > 0) {
    const [row, column] = axis.unused === 1 ? ['row', 'column'] : ['rows', 'columns'];
    const where = label === 'height' ? `bottom ${row}` : `right ${column}`;
    const why = 'the division is not exact, tinted red in the input';
    text += `   (${axis.unused} ${where} not reached: ${why})`;
  }
  return text;
}

// A copy of the input with its unused bottom rows and right columns tinted red (half and half),
// so the class sees which pixels the stride skips.
export function tintUnused(imageData, rows, columns) {
  const { width, height } = imageData;
  const out = new ImageData(new Uint8ClampedArray(imageData.data), width, height);
  const d = out.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y < height - rows && x < width - columns) continue;
      const i = (y * width + x) * 4;
      d[i] = (d[i] + 255) >> 1;
      d[i + 1] >>= 1;
      d[i + 2] >>= 1;
    }
  }
  return out;
}

class Figure {
  constructor(grid) {
    this.map = null;
    this.title = '';
    this.canvas = h('canvas', { class: 'map-canvas', width: 1, height: 1 });
    this.heading = h('span', { class: 'map-title' });
    // The kernel itself, tiny, beside the title: grey levels with 0 at mid-grey.
    this.kernel = h('canvas', { class: 'kernel-thumb pixelated', width: 1, height: 1 });
    this.detail = h('p', { class: 'map-detail' });
    this.bar = h('canvas', { class: 'colour-bar', width: 256, height: 1, 'aria-hidden': 'true' });
    this.lo = h('span', { class: 'bar-lo' });
    this.hi = h('span', { class: 'bar-hi' });
    this.enlarge = h(
      'button',
      { type: 'button', class: 'map-button', onclick: () => grid.enlarge(this) },
      this.canvas,
    );
    const download = (label, kind, save) =>
      h(
        'button',
        { type: 'button', class: 'small', 'data-download': kind, onclick: () => save() },
        label,
      );
    this.downloads = h(
      'div',
      { class: 'downloads' },
      download('PNG', 'png', () => saveCanvasPng(this.pngCanvas(), fileStem(this.title))),
      download('.npy', 'npy', () => saveNpy(this.map, fileStem(this.title))),
      download('CSV', 'csv', () => saveCsv(this.map, fileStem(this.title))),
    );
    this.element = h(
      'figure',
      { class: 'map' },
      h('figcaption', { class: 'map-caption' }, this.kernel, this.heading),
      this.enlarge,
      h('div', { class: 'bar-row' }, this.lo, this.bar, this.hi),
      this.detail,
      this.downloads,
    );
  }

  // The canvas the PNG download saves: the figure's, or for the input its untinted pixels.
  pngCanvas() {
    if (!this.plain) return this.canvas;
    const canvas = h('canvas', { width: this.plain.width, height: this.plain.height });
    canvas.getContext('2d').putImageData(this.plain, 0, 0);
    return canvas;
  }

  // entry: {title, map (Plane, or null for the input), rgba: {width, height, data}, range, detail,
  //         kernel: the kernel drawn as RGBA {width, height, data}, or null for the input,
  //         plain: for the input, its ImageData untinted (what its PNG download saves)}
  show(entry, ramp) {
    this.map = entry.map;
    this.plain = entry.plain ?? null;
    this.title = entry.title;
    this.heading.textContent = entry.title;
    this.kernel.hidden = !entry.kernel;
    if (entry.kernel) {
      const { width: kw, height: kh, data: kdata } = entry.kernel;
      if (this.kernel.width !== kw) this.kernel.width = kw;
      if (this.kernel.height !== kh) this.kernel.height = kh;
      this.kernel.getContext('2d').putImageData(new ImageData(kdata, kw, kh), 0, 0);
      this.kernel.setAttribute('title', `the ${kh}×${kw} kernel: 0 is mid-grey, positive lighter`);
    }
    this.detail.textContent = entry.detail;
    const { width, height, data } = entry.rgba;
    if (this.canvas.width !== width) this.canvas.width = width;
    if (this.canvas.height !== height) this.canvas.height = height;
    this.canvas.getContext('2d').putImageData(new ImageData(data, width, height), 0, 0);
    // Small maps get pixel-exact scaling so an 8 x 8 digit shows its 64 squares.
    this.canvas.classList.toggle('pixelated', Math.max(width, height) < 256);
    this.enlarge.setAttribute('aria-label', `Enlarge ${entry.title}`);
    for (const button of this.downloads.children) {
      button.setAttribute('aria-label', `Download ${entry.title} as ${button.textContent}`);
    }
    const hasBar = Boolean(entry.range);
    this.bar.hidden = this.lo.hidden = this.hi.hidden = !hasBar;
    this.downloads.querySelectorAll('[data-download="npy"], [data-download="csv"]').forEach((b) => {
      b.hidden = !entry.map;
    });
    if (hasBar) {
      this.bar.getContext('2d').putImageData(new ImageData(ramp, 256, 1), 0, 0);
      this.lo.textContent = formatValue(entry.range[0]);
      this.hi.textContent = formatValue(entry.range[1]);
      this.bar.setAttribute(
        'title',
        `colour bar: ${this.lo.textContent} to ${this.hi.textContent}`,
      );
    }
  }
}

export class MapGrid {
  constructor() {
    this.figures = [];
    this.summary = h('div', { class: 'summary', id: 'summary' });
    this.status = h('p', { class: 'status', id: 'status', role: 'status' });
    this.status.textContent = 'Loading the engine…';
    this.grid = h('div', { class: 'grid', id: 'grid' });
    this.dialogCanvas = h('canvas', { class: 'dialog-canvas' });
    this.dialogTitle = h('h2', { id: 'dialog-title' });
    this.dialogValue = h('output', { class: 'dialog-value' });
    // The enlarged map keeps what its figure shows: the kernel, the colour bar and its range, and
    // the size, method and time line.
    this.dialogKernel = h('canvas', { class: 'kernel-thumb dialog-kernel pixelated' });
    this.dialogBar = h('canvas', {
      class: 'colour-bar',
      width: 256,
      height: 1,
      'aria-hidden': 'true',
    });
    this.dialogLo = h('span', { class: 'bar-lo' });
    this.dialogHi = h('span', { class: 'bar-hi' });
    this.dialogBarRow = h(
      'div',
      { class: 'bar-row' },
      this.dialogLo,
      this.dialogBar,
      this.dialogHi,
    );
    this.dialogDetail = h('p', { class: 'map-detail' });
    this.dialog = h(
      'dialog',
      { class: 'enlarged', 'aria-labelledby': 'dialog-title' },
      h(
        'div',
        { class: 'dialog-head' },
        h('div', { class: 'map-caption' }, this.dialogKernel, this.dialogTitle),
        h(
          'button',
          { type: 'button', class: 'close', onclick: () => this.dialog.close() },
          'Close',
        ),
      ),
      this.dialogCanvas,
      this.dialogBarRow,
      this.dialogDetail,
      this.dialogValue,
    );
    this.dialogCanvas.addEventListener('pointermove', (event) => this.#showValue(event));
    this.gridButton = h(
      'button',
      { type: 'button', id: 'download-grid', onclick: () => this.#downloadGrid() },
      'Download grid as PNG',
    );
    this.element = h(
      'section',
      { class: 'output', 'aria-label': 'Feature maps' },
      h('div', { class: 'output-head' }, this.status, this.gridButton),
      this.summary,
      this.grid,
      this.dialog,
    );
  }

  setStatus(text) {
    this.status.textContent = text;
  }

  // Marks the maps as not matching the controls (an error kept them from updating).
  setStale(stale) {
    this.grid.classList.toggle('stale', stale);
  }

  // entries: [{title, map, rgba, range, detail}], the input first; ramp: 256 RGBA colours of the
  // colormap for the colour bars; summaryLines: text lines above the grid.
  show(entries, ramp, summaryLines) {
    while (this.figures.length < entries.length) this.figures.push(new Figure(this));
    this.figures.length = entries.length;
    entries.forEach((entry, i) => this.figures[i].show(entry, ramp));
    const elements = this.figures.map((f) => f.element);
    if (
      elements.some((e, i) => this.grid.children[i] !== e) ||
      this.grid.children.length !== elements.length
    ) {
      this.grid.replaceChildren(...elements);
    }
    this.summary.replaceChildren(...summaryLines.map((line) => h('p', {}, line)));
    if (this.dialog.open && this.current) this.#drawDialog();
  }

  enlarge(figure) {
    this.current = figure;
    this.#drawDialog();
    this.dialog.showModal();
  }

  #drawDialog() {
    const { canvas } = this.current;
    this.dialogTitle.textContent = this.current.title;
    this.dialogCanvas.width = canvas.width;
    this.dialogCanvas.height = canvas.height;
    this.dialogCanvas.getContext('2d').drawImage(canvas, 0, 0);
    this.dialogCanvas.classList.toggle('pixelated', Math.max(canvas.width, canvas.height) < 512);
    const figure = this.current;
    this.dialogKernel.hidden = figure.kernel.hidden;
    this.dialogKernel.width = figure.kernel.width;
    this.dialogKernel.height = figure.kernel.height;
    this.dialogKernel.getContext('2d').drawImage(figure.kernel, 0, 0);
    this.dialogBarRow.hidden = figure.bar.hidden;
    this.dialogBar.getContext('2d').drawImage(figure.bar, 0, 0);
    this.dialogLo.textContent = figure.lo.textContent;
    this.dialogHi.textContent = figure.hi.textContent;
    this.dialogDetail.textContent = figure.detail.textContent;
    this.dialogValue.textContent = this.current.map ? 'Point at a pixel to read its value.' : '';
  }

  #showValue(event) {
    const map = this.current?.map;
    if (!map) return;
    const box = this.dialogCanvas.getBoundingClientRect();
    const x = Math.floor(((event.clientX - box.left) / box.width) * map.width);
    const y = Math.floor(((event.clientY - box.top) / box.height) * map.height);
    if (x < 0 || y < 0 || x >= map.width || y >= map.height) return;
    this.dialogValue.textContent = `(y ${y}, x ${x}) = ${formatValue(map.data[y * map.width + x])}`;
  }

  #downloadGrid() {
    const style = getComputedStyle(this.element);
    const canvas = composeGrid(
      this.figures.map((f) => ({ canvas: f.canvas, title: f.title })),
      {
        background: style.getPropertyValue('--cs-bg-resolved').trim() || '#fff',
        foreground: style.getPropertyValue('--cs-fg-resolved').trim() || '#000',
        font: style.fontFamily,
      },
    );
    saveCanvasPng(canvas, 'convscope-grid');
  }
}
