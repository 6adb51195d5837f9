/**
 * `runlens serve` with a config: the config's plugins (the example plugin of docs/plugins.md) are offered by
 * GET /api/v1/plots/types and drawn by POST /api/v1/plots/render; a broken plugin is reported on stderr and skipped;
 * the config's themes and plot defaults apply to renders, and a SIGHUP reload changes them in the running server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../packages/server/src/store/sqlite-store.js';
import { BUILT, CLI, ROOT, api, tempDir } from './helpers/cli.js';

/** Most a step of this test waits for the server to print something. */
const WAIT_MS = 30_000;

interface Served {
  url: string;
  child: ChildProcess;
  /** Everything printed so far. */
  out: { stdout: string; stderr: string };
  /** Resolves with the first line of the stream (from `from` characters on) matching `pattern`. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, from?: number): Promise<string>;
  stop(): Promise<void>;
}

let served: Served | undefined;

afterEach(async () => {
  await served?.stop();
  served = undefined;
});

/** Starts `runlens serve` on a free port, keeping all of its output (test/helpers/cli.ts `serve` keeps none). */
function serveKeepingOutput(dataDir: string, configFile: string): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--data', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUNLENS_CONFIG: configFile } });
  const out = { stdout: '', stderr: '' };
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  child.stdout!.on('data', (d: Buffer) => {
    out.stdout += d.toString();
    wake();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out.stderr += d.toString();
    wake();
  });
  child.once('exit', wake);
  const waitFor = (stream: 'stdout' | 'stderr', pattern: RegExp, from = 0) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = out[stream].slice(from).split('\n').find((l) => pattern.test(l));
        if (line !== undefined) done(() => resolve(line));
        else if (child.exitCode !== null || child.signalCode !== null) done(() => reject(new Error(`runlens serve exited before printing ${pattern}: ${out.stdout}${out.stderr}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`runlens serve printed no ${pattern} in ${WAIT_MS} ms: ${out.stdout}${out.stderr}`))), WAIT_MS);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return waitFor('stdout', /runlens serving http:\/\/127\.0\.0\.1:\d+/).then(
    (line) => ({ url: /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0], child, out, waitFor, stop }),
    async (e: unknown) => {
      await stop();
      throw e;
    },
  );
}

function render(url: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${url}/api/v1/plots/render`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** A folder with the example plugin, a broken one, a config loading both, and a store with three runs. */
async function project(): Promise<{ dir: string; config: string; data: string }> {
  const dir = tempDir('runlens-serve-plugins-');
  copyFileSync(join(ROOT, 'examples/plugins/best-value/best-value.mjs'), join(dir, 'best-value.mjs'));
  writeFileSync(join(dir, 'throws.mjs'), "throw new Error('boom at import');\n");
  const config = join(dir, 'runlens.config.yaml');
  writeFileSync(config, [
    'plugins:',
    '  - ./throws.mjs',
    '  - ./best-value.mjs',
    'themes:',
    "  poster: { extends: default, background: '#102030' }",
    '',
  ].join('\n'));
  const data = join(dir, 'data');
  const store = new SqliteStore({ dataDir: data });
  for (const [i, name] of ['lr=0.1', 'lr=1', 'lr=10'].entries()) {
    const { run } = await store.createRun({ project: 'p', name });
    await store.appendPoints(run.id, [{ key: 'val/loss', steps: [0, 1, 2], values: [3, 2 - i / 2, 2.5], times: [0, 1, 2] }]);
  }
  await store.close();
  return { dir, config, data };
}

/** The background of an ECharts SVG (its first full-size rect). */
function background(svg: string): string | undefined {
  return /<rect width="\d+" height="\d+" x="0" y="0" fill="([^"]+)"/.exec(svg)?.[1];
}

describe.runIf(BUILT)('runlens serve: plugins, themes and plot defaults from the config', () => {
  it('offers and draws the config\'s plugin, reports the broken one, and keeps serving', async () => {
    const { config, data } = await project();
    served = await serveKeepingOutput(data, config);
    expect(await served.waitFor('stderr', /throws\.mjs/)).toBe('warning: plugin ./throws.mjs (./throws.mjs) skipped: boom at import');
    expect(served.out.stderr).not.toMatch(/best-value/);

    const types = await api<{ types: { name: string; description: string }[] }>(served.url, '/api/v1/plots/types');
    expect(types.status).toBe(200);
    expect(types.body.types.map((t) => t.name)).toEqual(expect.arrayContaining(['curves', 'best-value']));
    expect(types.body.types.find((t) => t.name === 'best-value')?.description).toMatch(/A dot per run at the lowest value/);

    const res = await render(served.url, { type: 'best-value', options: { metrics: ['val/loss'] } });
    const svg = await res.text();
    expect(res.status, svg).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg).toMatch(/^<svg width="800" height="500"/);
    expect(svg).toContain('lowest val/loss');
    // built-ins are still there
    expect((await render(served.url, { type: 'curves', options: { metrics: ['val/loss'] } })).status).toBe(200);
  });

  it('renders with the config\'s themes and plot defaults, and follows them after SIGHUP', async () => {
    const { config, data } = await project();
    served = await serveKeepingOutput(data, config);
    const s = served;
    const svgOf = async (body: Record<string, unknown>) => {
      const res = await render(s.url, { type: 'best-value', options: { metrics: ['val/loss'] }, ...body });
      const text = await res.text();
      expect(res.status, text).toBe(200);
      return text;
    };
    expect(background(await svgOf({ theme: 'poster' }))).toBe('#102030');
    const unknown = await render(s.url, { type: 'best-value', options: { metrics: ['val/loss'] }, theme: 'night' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(/night/);

    // a changed user theme, a new one as the default theme, a new default size, and one plugin fewer
    writeFileSync(config, [
      'plugins:',
      '  - ./best-value.mjs',
      'theme: night',
      'plot: { width: 640, height: 400 }',
      'themes:',
      "  poster: { extends: default, background: '#405060' }",
      "  night: { extends: dark, background: '#0a0b0c' }",
      '',
    ].join('\n'));
    const stderrBefore = s.out.stderr.length;
    const stdoutBefore = s.out.stdout.length;
    s.child.kill('SIGHUP');
    expect(await s.waitFor('stdout', /^config reloaded/, stdoutBefore)).toBe('config reloaded: plot.height, plot.width, plugins, theme, themes.night, themes.poster changed');
    expect(s.out.stderr.slice(stderrBefore)).toMatch(/^runlens: plugins changed: plugins load at start, restart runlens serve to load the new list$/m);

    const poster = await svgOf({ theme: 'poster' });
    expect(background(poster)).toBe('#405060');
    expect(poster).toMatch(/^<svg width="640" height="400"/);
    expect(background(await svgOf({}))).toBe('#0a0b0c');
    // what a request names still wins over the config's defaults
    const explicit = await svgOf({ theme: 'default', width: 300, height: 200 });
    expect(explicit).toMatch(/^<svg width="300" height="200"/);
    expect(background(explicit)).not.toBe('#0a0b0c');
  });
});
