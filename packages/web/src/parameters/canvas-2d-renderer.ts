/** The fallback without WebGL: the first two projected axes on a 2-D canvas, depth by the third (smaller, fainter). */
import type { CloudRenderer } from './cloud-renderer.js';
import { cssColour } from './point-colours.js';

export function createCanvas2dRenderer(canvas: HTMLCanvasElement, extent: number): CloudRenderer {
  const ctx = canvas.getContext('2d');
  let width = canvas.clientWidth || 800;
  let height = canvas.clientHeight || 500;
  let screen = new Float32Array(0);
  // the last frame drawn, redrawn after a resize (setting a canvas's size clears it)
  let last: Parameters<CloudRenderer['update']> | null = null;
  const scale = () => (0.45 * Math.min(width, height)) / extent;
  const renderer: CloudRenderer = {
    mode: '2d',
    update(positions, colours, pointSize) {
      last = [positions, colours, pointSize];
      if (!ctx) return;
      const dpr = window.devicePixelRatio || 1;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, height);
      const s = scale();
      const n = positions.length / 3;
      screen = new Float32Array(n * 2);
      // far points first, so near ones paint over them
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => positions[a * 3 + 2]! - positions[b * 3 + 2]!);
      for (const i of order) {
        const x = width / 2 + positions[i * 3]! * s;
        const y = height / 2 - positions[i * 3 + 1]! * s;
        screen[i * 2] = x;
        screen[i * 2 + 1] = y;
        const depth = Math.max(-1, Math.min(1, positions[i * 3 + 2]! / extent));
        ctx.globalAlpha = 0.55 + 0.45 * (depth + 1) / 2;
        ctx.fillStyle = cssColour(colours, i);
        ctx.beginPath();
        ctx.arc(x, y, Math.max(1.5, pointSize * (0.8 + 0.2 * depth)), 0, Math.PI * 2);
        ctx.fill();
      }
      ctx.globalAlpha = 1;
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
      if (last) renderer.update(...last);
    },
    dispose() {
      ctx?.clearRect(0, 0, canvas.width, canvas.height);
    },
  };
  return renderer;
}
