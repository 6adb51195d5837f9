import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfflineRecord } from './offline-format.js';
import type { MetricsBody } from './wire-types.js';

// Exit hooks only show their worth in a real process that ends, so these tests run small scripts in a child Node.
// The client is compiled on the fly (type stripping only) so the tests do not depend on a prior build.

const here = dirname(fileURLToPath(import.meta.url));
let work: string;
let server: Server;
let url: string;
const received: Array<{ method: string; url: string; body: unknown }> = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'runlens-exit-'));
  const out = join(work, 'client');
  mkdirSync(out);
  for (const f of readdirSync(here)) {
    if (!f.endsWith('.ts') || f.endsWith('.test.ts')) continue;
    const js = ts.transpileModule(readFileSync(join(here, f), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    }).outputText;
    writeFileSync(join(out, f.replace(/\.ts$/, '.js')), js);
  }
  writeFileSync(join(work, 'package.json'), '{"type":"module"}');
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body: text ? JSON.parse(text) : undefined });
      res.writeHead(req.url === '/api/v1/runs' ? 201 : 200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

/** Runs `body` after `const run = await init(...)` in a child process; resolves with its exit code and stderr. */
function runScript(name: string, body: string, offlineDir: string): Promise<{ code: number | null; stderr: string; id: string }> {
  const file = join(work, `${name}.mjs`);
  writeFileSync(
    file,
    `import { init } from './client/index.js';
const run = await init({ project: 'p', url: ${JSON.stringify(url)}, env: {}, offlineDir: ${JSON.stringify(offlineDir)}, flushIntervalMs: 60000 });
console.log(run.id);
${body}
`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, id: stdout.trim().split('\n')[0] ?? '' }));
  });
}

function pointsOf(bodies: MetricsBody[], key: string): number[] {
  return bodies.flatMap((b) => b.series.filter((s) => s.key === key).flatMap((s) => s.values as number[]));
}

describe('process exit', () => {
  it('finishes a run left open when the script simply ends, sending what was buffered', async () => {
    const { code, id } = await runScript('ends', `for (let i = 0; i < 10; i++) run.log({ x: i });`, join(work, 'off-ends'));
    expect(code).toBe(0);
    const mine = received.filter((r) => r.url.includes(id));
    expect(pointsOf(mine.filter((r) => r.url.endsWith('/metrics')).map((r) => r.body as MetricsBody), 'x')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(mine.at(-1)).toMatchObject({ method: 'PATCH', body: { status: 'completed' } });
  });

  it('records failed with the exit code when the script set process.exitCode', async () => {
    const { code, id } = await runScript('exitcode', `run.log({ x: 1 }); process.exitCode = 3;`, join(work, 'off-code'));
    expect(code).toBe(3);
    expect(received.filter((r) => r.url.includes(id)).at(-1)).toMatchObject({ body: { status: 'failed', exitCode: 3 } });
  });

  it('saves unsent points to the offline file on process.exit, and does not swallow an uncaught exception', async () => {
    const dir = join(work, 'off-crash');
    const { code, stderr, id } = await runScript(
      'crash',
      `for (let i = 0; i < 10; i++) run.log({ x: i });\nsetTimeout(() => { throw new Error('user bug'); }, 0);`,
      dir,
    );
    expect(code).toBe(1);
    expect(stderr).toContain('user bug');
    expect(stderr).toContain('runlens sync');
    // No status was sent: the server marks the run crashed when its heartbeat stops.
    expect(received.filter((r) => r.url.includes(id) && r.method === 'PATCH')).toEqual([]);
    const records = readFileSync(join(dir, `${id}.jsonl`), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as OfflineRecord);
    expect(records[0]).toMatchObject({ type: 'run', run: { id } });
    expect(pointsOf(records.flatMap((r) => (r.type === 'metrics' ? [r.body] : [])), 'x')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
