/**
 * The Parameters view (issue 7) in headless Chromium against a real server: a run with 100 snapshots of a
 * 2,048 × 64 tensor (seeded rows drifting into clusters over training, with token labels) posted through the HTTP
 * API, the view opened in WebGL (SwiftShader, on the CPU, as the e2e tests draw it) and in the 2-D canvas fallback,
 * and the frame rate measured in the page from requestAnimationFrame timestamps while (a) playing through every
 * snapshot and (b) orbiting the cloud with a mouse drag. The budget: ≥ 30 fps. Also records the level of
 * detail the view settled on while moving (`data-lod` on the canvas: the share of points drawn). Skipped, with a
 * note, where Chromium or playwright-core is missing (an installed `runlens` has neither).
 */
import type { Page } from 'playwright-core';
import { createSeededRandom } from '@runlens/core';
import { launchBenchChromium } from './bench-chromium.js';

export interface ParametersFrames {
  /** frames per second over each measured window */
  fps: number[];
  /** every frame's duration (ms) over those windows */
  frameMs: number[];
  /** the smallest share of points drawn (the canvas's data-lod) seen in each window, 1 = full detail */
  lod: number[];
}

export interface ParametersBenchResult {
  rows: number;
  cols: number;
  snapshots: number;
  /** ms from navigation to the cloud drawn, per renderer */
  firstDraw: { webgl: number[]; '2d': number[] };
  playback: { webgl: ParametersFrames; '2d': ParametersFrames };
  orbit: { webgl: ParametersFrames; '2d': ParametersFrames };
}

const ROWS = 2048;
const COLS = 64;
const SNAPSHOTS = 100;


/** Token-like labels of every class the view colours (letters, digits, punctuation, whitespace, words). */
function labels(): string[] {
  const singles = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?-()[]{}"\' ';
  return Array.from({ length: ROWS }, (_, i) => (i < singles.length ? singles[i]! : `tok${i}`));
}

/** One RLT1 body (docs/api.md, "Tensor snapshots"). */
function rlt1(step: number, values: Float32Array, rowLabels: string[] | undefined): Buffer {
  const header = Buffer.from(JSON.stringify({ name: 'tok_emb', step, dtype: 'float32', shape: [ROWS, COLS], ...(rowLabels ? { labels: rowLabels } : {}) }), 'utf8');
  const head = Buffer.alloc(8);
  head.write('RLT1', 0, 'latin1');
  head.writeUInt32LE(header.length, 4);
  return Buffer.concat([head, header, Buffer.from(values.buffer, values.byteOffset, values.byteLength)]);
}

/** A run with 100 snapshots of a 2,048 × 64 embedding: random rows that drift into 8 clusters as "training" goes on. */
export async function seedParametersRun(url: string, snapshots = SNAPSHOTS): Promise<string> {
  const res = await fetch(`${url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ project: 'bench', name: 'parameters' }) });
  if (!res.ok) throw new Error(`create run: HTTP ${res.status} ${await res.text()}`);
  const { id } = (await res.json()) as { id: string };
  const random = createSeededRandom(7);
  const r = () => random.next();
  const start = Float32Array.from({ length: ROWS * COLS }, () => r() * 2 - 1);
  const centres = Array.from({ length: 8 }, () => Float32Array.from({ length: COLS }, () => (r() * 2 - 1) * 0.8));
  const wobble = Float32Array.from({ length: ROWS * COLS }, () => r() * 2 - 1);
  const rowLabels = labels();
  const values = new Float32Array(ROWS * COLS);
  for (let s = 0; s < snapshots; s++) {
    const f = s / Math.max(1, snapshots - 1);
    for (let row = 0; row < ROWS; row++) {
      const c = centres[row % 8]!;
      for (let col = 0; col < COLS; col++) {
        const k = row * COLS + col;
        values[k] = start[k]! * (1 - 0.5 * f) + c[col]! * f + 0.1 * wobble[k]! * Math.sin(s / 7 + row);
      }
    }
    const post = await fetch(`${url}/api/v1/runs/${id}/tensors`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: rlt1(s * 100, values, rowLabels) });
    if (!post.ok) throw new Error(`post snapshot ${s}: HTTP ${post.status} ${await post.text()}`);
  }
  return id;
}

/** Counts requestAnimationFrame intervals in the page until STOP_FRAMES. */
const START_FRAMES = `(() => {
  window.__ft = []; window.__lod = 1; let last = performance.now(); window.__t0 = last;
  const c = document.querySelector('[data-testid=parameters-canvas]');
  const tick = (t) => { window.__ft.push(t - last); last = t; window.__lod = Math.min(window.__lod, Number(c?.getAttribute('data-lod') ?? 1)); window.__raf = requestAnimationFrame(tick); };
  window.__raf = requestAnimationFrame(tick);
})()`;
const STOP_FRAMES = `(() => { cancelAnimationFrame(window.__raf); return { ft: window.__ft.slice(1), ms: performance.now() - window.__t0, lod: window.__lod }; })()`;

interface Window {
  ft: number[];
  ms: number;
  lod: number;
}

async function measure(page: Page, during: () => Promise<void>): Promise<Window> {
  await page.evaluate(START_FRAMES);
  await during();
  return page.evaluate<Window>(STOP_FRAMES);
}

function push(into: ParametersFrames, w: Window): void {
  into.fps.push((w.ft.length / w.ms) * 1000);
  into.frameMs.push(...w.ft);
  into.lod.push(w.lod);
}

const empty = (): ParametersFrames => ({ fps: [], frameMs: [], lod: [] });

export async function benchParameters(url: string, options: { quick: boolean; log(msg: string): void }): Promise<ParametersBenchResult | string> {
  const browser = await launchBenchChromium({ webgl: true });
  if (typeof browser === 'string') return browser;
  const out: ParametersBenchResult = { rows: ROWS, cols: COLS, snapshots: SNAPSHOTS, firstDraw: { webgl: [], '2d': [] }, playback: { webgl: empty(), '2d': empty() }, orbit: { webgl: empty(), '2d': empty() } };
  try {
    let t = performance.now();
    const runId = await seedParametersRun(url);
    options.log(`  parameters: posted ${SNAPSHOTS} snapshots of ${ROWS} × ${COLS} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    const proj = await fetch(`${url}/api/v1/runs/${runId}/tensors/tok_emb/projection`);
    if (!proj.ok) throw new Error(`projection: HTTP ${proj.status} ${await proj.text()}`);
    await proj.arrayBuffer();
    options.log(`  parameters: projection computed in ${((performance.now() - t) / 1000).toFixed(1)} s (cached for the page)`);
    const reps = options.quick ? 2 : 5;
    for (const mode of ['webgl', '2d'] as const) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme: 'light' });
      try {
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        await page.addInitScript({ content: "localStorage.setItem('runlens.parameters.tour.done', '1')" });
        const t0 = performance.now();
        await page.goto(`${url}/runs/${runId}/parameters${mode === '2d' ? '?renderer=2d' : ''}`);
        const canvas = page.getByTestId('parameters-canvas');
        try {
          await page.waitForFunction(`document.querySelector('[data-testid=parameters-canvas]')?.getAttribute('data-mode') === '${mode}'`, undefined, { timeout: 60_000 });
        } catch (e) {
          const text = await page.evaluate<string>('document.body.innerText.slice(0, 500)');
          throw new Error(`the ${mode} cloud was not drawn: ${String(e)}; page: ${text}; errors: ${errors.join('; ')}`);
        }
        out.firstDraw[mode].push(performance.now() - t0);
        // 16 snapshots/s, the fastest setting: 100 snapshots in ~6 s, every frame interpolated between two
        await page.getByLabel('speed').selectOption('16');
        await page.waitForTimeout(500);
        for (let rep = 0; rep < reps; rep++) {
          await page.getByTestId('timeline').fill('0');
          await page.waitForTimeout(200);
          const last = String((SNAPSHOTS - 1) * 100);
          const w = await measure(page, async () => {
            await page.getByTestId('play').click();
            await page.waitForFunction(`document.querySelector('[data-testid=parameters-canvas]')?.getAttribute('data-step') === '${last}'`, undefined, { timeout: 120_000, polling: 100 });
          });
          push(out.playback[mode], w);
          // LOD back to full when idle
          await page.waitForTimeout(600);
        }
        const box = (await canvas.boundingBox())!;
        const cx = box.x + box.width / 2;
        const cy = box.y + box.height / 2;
        for (let rep = 0; rep < reps; rep++) {
          const w = await measure(page, async () => {
            await page.mouse.move(cx - 150, cy);
            await page.mouse.down();
            for (let sweep = 0; sweep < 4; sweep++) {
              await page.mouse.move(sweep % 2 ? cx - 150 : cx + 150, cy + (sweep % 2 ? -30 : 30), { steps: 40 });
            }
            await page.mouse.up();
          });
          push(out.orbit[mode], w);
          await page.waitForTimeout(600);
        }
        if (process.env.RUNLENS_BENCH_SHOTS) {
          await page.screenshot({ path: `${process.env.RUNLENS_BENCH_SHOTS}/parameters-bench-${mode}.png` });
        }
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.floor(s.length / 2)]! : NaN;
  };
  const p95 = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]! : NaN;
  };
  for (const what of ['playback', 'orbit'] as const) {
    for (const mode of ['webgl', '2d'] as const) {
      const f = out[what][mode];
      options.log(`  parameters ${what} (${mode}): ${f.fps.map((x) => x.toFixed(0)).join(', ')} fps (median ${med(f.fps).toFixed(1)}), frame p95 ${p95(f.frameMs).toFixed(1)} ms, detail ${f.lod.map((x) => x.toFixed(2)).join(', ')}`);
    }
  }
  return out;
}
