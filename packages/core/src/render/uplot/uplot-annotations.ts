/**
 * Rules and rects on a uPlot chart, which has no annotation marks of its own: canvas drawing in uPlot hooks, rects
 * under the series (drawClear) and rules over them (draw), clipped to the plotting area. Coordinates are data values
 * (the panel edges already resolved), turned into canvas pixels by the chart's own scales.
 */
import type { UplotInstance } from './uplot-types.js';

export interface RuleAnnotation {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  color: string;
  width: number;
  dash: number[];
  opacity: number;
}

export interface RectAnnotation {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  fill: string;
  opacity: number;
  text?: string;
  textColor: string;
}

/** Canvas pixels per CSS pixel (the hooks draw in canvas pixels). */
function pixelRatio(): number {
  const ratio = (globalThis as { devicePixelRatio?: number }).devicePixelRatio;
  return typeof ratio === 'number' && ratio > 0 ? ratio : 1;
}

function clipToPlot(u: UplotInstance): void {
  const { ctx, bbox } = u;
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
}

/** The hook that fills `rects` (and writes their labels). */
export function drawRects(rects: readonly RectAnnotation[], font: { size: number; family: string }): (u: UplotInstance) => void {
  return (u) => {
    if (rects.length === 0) return;
    const { ctx } = u;
    const ratio = pixelRatio();
    ctx.save();
    clipToPlot(u);
    for (const r of rects) {
      const xa = u.valToPos(r.x1, 'x', true);
      const xb = u.valToPos(r.x2, 'x', true);
      const ya = u.valToPos(r.y1, 'y', true);
      const yb = u.valToPos(r.y2, 'y', true);
      ctx.globalAlpha = r.opacity;
      ctx.fillStyle = r.fill;
      ctx.fillRect(Math.min(xa, xb), Math.min(ya, yb), Math.abs(xb - xa), Math.abs(yb - ya));
      if (r.text) {
        ctx.globalAlpha = 1;
        ctx.fillStyle = r.textColor;
        ctx.font = `${font.size * ratio}px ${font.family}`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        ctx.fillText(r.text, (xa + xb) / 2, (ya + yb) / 2);
      }
    }
    ctx.restore();
  };
}

/** The hook that strokes `rules`. */
export function drawRules(rules: readonly RuleAnnotation[]): (u: UplotInstance) => void {
  return (u) => {
    if (rules.length === 0) return;
    const { ctx } = u;
    const ratio = pixelRatio();
    ctx.save();
    clipToPlot(u);
    for (const r of rules) {
      ctx.globalAlpha = r.opacity;
      ctx.strokeStyle = r.color;
      ctx.lineWidth = r.width * ratio;
      ctx.setLineDash(r.dash.map((d) => d * ratio));
      ctx.beginPath();
      ctx.moveTo(u.valToPos(r.x1, 'x', true), u.valToPos(r.y1, 'y', true));
      ctx.lineTo(u.valToPos(r.x2, 'x', true), u.valToPos(r.y2, 'y', true));
      ctx.stroke();
    }
    ctx.restore();
  };
}
