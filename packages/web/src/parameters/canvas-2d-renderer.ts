/**
 * The fallback without WebGL: the first two projected axes on a 2-D canvas, depth by the third (smaller, fainter).
 * At full detail every point is its own disc, far ones first; while the cloud moves on a machine too slow for that at
 * 30 fps (lod.ts) it draws a stable seeded subset, one path per colour (colours rounded to 4 bits a channel), without
 * the depth fading: far fewer fills, which is what a canvas pays for. Drawn on the next animation frame.
 */
import type { CloudRenderer, CloudRendererOptions } from './cloud-renderer.js';
import { DETAIL_LEVELS, FrameBudget, pointsAt, sampleOrder, type DetailLevel } from './lod.js';
import { cssColour } from './point-colours.js';

export function createCanvas2dRenderer(canvas: HTMLCanvasElement, extent: number, options: CloudRendererOptions): CloudRenderer {
  // a canvas in main memory, drawn by the CPU: this fallback runs where WebGL is missing, mostly where there is no GPU
  // to speak of, and a GPU-backed canvas there goes through an emulated GPU for every fill (about 3× slower playback
  // in headless Chromium on SwiftShader, measured by the parameters bench)
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  let width = canvas.clientWidth || 800;
  let height = canvas.clientHeight || 500;
  let rows = 0;
  let positions = new Float32Array(0);
  let pointSize = 4;
  let screen = new Float32Array(0);
  let order: Uint32Array = new Uint32Array(0);
  let byDepth = new Uint32Array(0);
  // per row: its CSS colour (full detail) and its rounded colour's bucket (reduced detail)
  let lastColours: Float32Array | null = null;
  let css: string[] = [];
  let bucketOf = new Uint16Array(0);
  let bucketCss: string[] = [];
  let frame = 0;
  let playing = false;
  let hasData = false;
  const scale = () => (0.45 * Math.min(width, height)) / extent;
  const requestDraw = () => {
    if (!frame && hasData) frame = requestAnimationFrame(draw);
  };
  const budget = new FrameBudget((level: DetailLevel) => {
    options.onDetail(level, pointsAt(level, rows));
    requestDraw();
  }, DETAIL_LEVELS, options.forcedDetail ?? null);

  function setColours(colours: Float32Array) {
    lastColours = colours;
    css = Array.from({ length: rows }, (_, i) => cssColour(colours, i));
    bucketOf = new Uint16Array(rows);
    const buckets = new Map<string, number>();
    bucketCss = [];
    for (let i = 0; i < rows; i++) {
      const q = [0, 1, 2].map((d) => Math.round(Math.round(Math.min(1, Math.max(0, colours[i * 3 + d]!)) * 15) * 17));
      const key = `rgb(${q.join(', ')})`;
      let b = buckets.get(key);
      if (b === undefined) {
        b = bucketCss.length;
        buckets.set(key, b);
        bucketCss.push(key);
      }
      bucketOf[i] = b;
    }
  }

  function draw(now: number) {
    frame = 0;
    if (playing) {
      budget.start();
      budget.frame(now);
    } else {
      budget.stop();
    }
    paint();
    if (playing) requestDraw();
  }

  function paint() {
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const s = scale();
    for (let i = 0; i < rows; i++) {
      screen[i * 2] = width / 2 + positions[i * 3]! * s;
      screen[i * 2 + 1] = height / 2 - positions[i * 3 + 1]! * s;
    }
    const drawn = pointsAt(budget.level, rows);
    if (drawn >= rows) {
      // far points first, so near ones paint over them
      byDepth.sort((a, b) => positions[a * 3 + 2]! - positions[b * 3 + 2]!);
      for (const i of byDepth) {
        const depth = Math.max(-1, Math.min(1, positions[i * 3 + 2]! / extent));
        ctx.globalAlpha = 0.55 + (0.45 * (depth + 1)) / 2;
        ctx.fillStyle = css[i]!;
        ctx.beginPath();
        ctx.arc(screen[i * 2]!, screen[i * 2 + 1]!, Math.max(1.5, pointSize * (0.8 + 0.2 * depth)), 0, Math.PI * 2);
        ctx.fill();
      }
    } else {
      ctx.globalAlpha = 0.8;
      const r = Math.max(1.5, pointSize * 0.9);
      for (let b = 0; b < bucketCss.length; b++) {
        ctx.beginPath();
        let any = false;
        for (let j = 0; j < drawn; j++) {
          const i = order[j]!;
          if (bucketOf[i] !== b) continue;
          const x = screen[i * 2]!;
          const y = screen[i * 2 + 1]!;
          ctx.moveTo(x + r, y);
          ctx.arc(x, y, r, 0, Math.PI * 2);
          any = true;
        }
        if (!any) continue;
        ctx.fillStyle = bucketCss[b]!;
        ctx.fill();
      }
    }
    ctx.globalAlpha = 1;
  }

  const renderer: CloudRenderer = {
    mode: '2d',
    update(next, colours, size) {
      const n = next.length / 3;
      if (n !== rows) {
        rows = n;
        positions = new Float32Array(n * 3);
        screen = new Float32Array(n * 2);
        order = sampleOrder(n);
        byDepth = Uint32Array.from({ length: n }, (_, i) => i);
        lastColours = null;
      }
      positions.set(next);
      if (colours !== lastColours) setColours(colours);
      pointSize = size;
      hasData = true;
      requestDraw();
    },
    setPlaying(on) {
      playing = on;
      requestDraw();
    },
    toPng() {
      if (hasData) paint();
      return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    },
    pick(x, y) {
      let best = -1;
      let bestD = 100;
      for (let i = 0; i < screen.length / 2; i++) {
        const d = (screen[i * 2]! - x) ** 2 + (screen[i * 2 + 1]! - y) ** 2;
        if (d < bestD) {
          bestD = d;
          best = i;
        }
      }
      return best;
    },
    resize(w, h) {
      width = w;
      height = h;
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
      // setting a canvas's size clears it: the last frame again, at once
      if (hasData) paint();
    },
    dispose() {
      cancelAnimationFrame(frame);
      frame = 0;
      ctx?.clearRect(0, 0, canvas.width, canvas.height);
    },
  };
  return renderer;
}
