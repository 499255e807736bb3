// Downloads of a feature map: its values as .npy (float32, C order) or CSV, and canvases as PNG.

// A NumPy .npy v1.0 file of a height x width float32 map: magic, header length, a Python dict
// literal padded with spaces so the data starts at a multiple of 64 bytes, then the raw values
// (little-endian, what every browser's Float32Array is).
export function npyBytes({ width, height, data }) {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${height}, ${width}), }`;
  const preamble = 10; // magic (6) + version (2) + header length (2)
  const headerLength = Math.ceil((preamble + dict.length + 1) / 64) * 64 - preamble;
  const header = dict.padEnd(headerLength - 1, ' ') + '\n';
  const bytes = new Uint8Array(preamble + headerLength + data.length * 4);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, headerLength & 0xff, headerLength >> 8]);
  for (let i = 0; i < header.length; i++) bytes[preamble + i] = header.charCodeAt(i);
  new Uint8Array(bytes.buffer, preamble + headerLength).set(
    new Uint8Array(data.buffer, data.byteOffset, data.length * 4),
  );
  return bytes;
}

// One line per row, values with 9 significant digits (enough to round-trip a float32).
export function csvText({ width, height, data }) {
  const lines = [];
  for (let y = 0; y < height; y++) {
    const row = [];
    for (let x = 0; x < width; x++) row.push(Number(data[y * width + x].toPrecision(9)));
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}

// A file name from a map title: "gaussian 7×7 · R" -> "gaussian-7x7-R".
export function fileStem(title) {
  return (
    title
      .replace(/×/g, 'x')
      .replace(/[^A-Za-z0-9_.-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'map'
  );
}

export function saveBlob(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function saveNpy(map, stem) {
  saveBlob(new Blob([npyBytes(map)], { type: 'application/octet-stream' }), `${stem}.npy`);
}

export function saveCsv(map, stem) {
  saveBlob(new Blob([csvText(map)], { type: 'text/csv' }), `${stem}.csv`);
}

export async function saveCanvasPng(canvas, stem) {
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  saveBlob(blob, `${stem}.png`);
}

// The whole grid as one PNG, like the notebook's batch_plot figure: each map at its own pixel size
// (nearest-neighbour scaled up to at least `minSide`), its title above, on the page background.
export function composeGrid(figures, { background, foreground, font }) {
  const minSide = 128;
  const gap = 12;
  const titleHeight = 22;
  const cells = figures.map(({ canvas, title }) => {
    const scale = Math.max(1, Math.ceil(minSide / Math.max(canvas.width, canvas.height)));
    return { canvas, title, w: canvas.width * scale, h: canvas.height * scale };
  });
  const columns = Math.min(4, cells.length);
  const rows = Math.ceil(cells.length / columns);
  const cellW = Math.max(...cells.map((c) => c.w));
  const cellH = Math.max(...cells.map((c) => c.h)) + titleHeight;
  const out = document.createElement('canvas');
  out.width = columns * cellW + (columns + 1) * gap;
  out.height = rows * cellH + (rows + 1) * gap;
  const context = out.getContext('2d');
  context.fillStyle = background;
  context.fillRect(0, 0, out.width, out.height);
  context.imageSmoothingEnabled = false;
  context.fillStyle = foreground;
  context.font = `14px ${font}`;
  context.textBaseline = 'top';
  cells.forEach((cell, i) => {
    const x = gap + (i % columns) * (cellW + gap);
    const y = gap + Math.floor(i / columns) * (cellH + gap);
    context.fillText(cell.title, x, y + 2, cellW);
    context.drawImage(cell.canvas, x, y + titleHeight, cell.w, cell.h);
  });
  return out;
}
