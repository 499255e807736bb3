// A worker engine whose engine cannot start (a missing or corrupt .wasm): createWorkerEngine
// rejects with the cause and ends its worker, so a Node process exits on its own.
// Each case runs in a child `node`: a worker left running would keep it alive past the timeout.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { dist } from './support.js';

const api = pathToFileURL(join(dist, 'convscope.js')).href;

// Runs an ES module source in a child node (from a file: a worker inherits the child's flags, and
// --input-type would stop it); signal is set when the child was killed at the timeout.
function runChild(source) {
  const dir = mkdtempSync(join(tmpdir(), 'convscope-child-'));
  try {
    writeFileSync(join(dir, 'child.mjs'), source);
    const child = spawnSync(process.execPath, [join(dir, 'child.mjs')], { encoding: 'utf8', timeout: 10000 });
    return { status: child.status, signal: child.signal, out: child.stdout.trim(), err: child.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertRejectsAndExits(options, pattern) {
  const source = `
    const { createWorkerEngine } = await import(${JSON.stringify(api)});
    try {
      await createWorkerEngine(${options});
      console.log('resolved');
    } catch (error) {
      console.log(error.name + ': ' + error.message);
    }`;
  const { status, signal, out, err } = runChild(source);
  assert.equal(signal, null, `the process did not exit on its own (killed by ${signal}); it printed ${out}`);
  assert.equal(status, 0, err);
  assert.match(out, pattern);
}

test('a wasmUrl with no file behind it rejects with the cause, and the process exits', () => {
  assertRejectsAndExits("{ wasmUrl: new URL('file:///nonexistent/convscope.wasm') }", /^Error: ENOENT: no such file or directory, open '\/nonexistent\/convscope.wasm'$/);
});

test('a corrupt wasmBinary rejects with the compile error, and the process exits', () => {
  assertRejectsAndExits('{ wasmBinary: new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]) }', /^Error: .*CompileError: WebAssembly.instantiate\(\): expected version 01 00 00 00/);
});
