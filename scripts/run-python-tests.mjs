#!/usr/bin/env node
// Runs the Python client's unittest suite, streams its output, and writes counts to test-output/python.json so CI
// can add them to vitest's. Exits with unittest's status.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const python = process.env.PYTHON ?? 'python3';
const child = spawn(python, ['-m', 'unittest', 'discover', '-s', 'tests', '-v'], { cwd: 'clients/python', stdio: ['ignore', 'inherit', 'pipe'] });
let err = '';
child.stderr.on('data', (d) => {
  process.stderr.write(d);
  err += d.toString();
});
child.on('error', (e) => {
  console.error(`cannot run ${python}: ${e.message}`);
  process.exit(1);
});
child.on('exit', (code) => {
  const ran = Number(/Ran (\d+) tests?/.exec(err)?.[1] ?? 0);
  const failures = Number(/failures=(\d+)/.exec(err)?.[1] ?? 0);
  const errors = Number(/errors=(\d+)/.exec(err)?.[1] ?? 0);
  const skipped = Number(/skipped=(\d+)/.exec(err)?.[1] ?? 0);
  // a suite that fails without reporting a failure (it did not load, it crashed) still counts as one
  const failed = failures + errors || (code === 0 ? 0 : 1);
  mkdirSync('test-output', { recursive: true });
  writeFileSync('test-output/python.json', JSON.stringify({ passed: Math.max(0, ran - failures - errors - skipped), failed, skipped }));
  process.exit(code ?? 1);
});
