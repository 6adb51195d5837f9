/**
 * Bars and boxes drawn with simpler marks: a bar is a rect from its base to its value, a box is a filled rect from
 * q1 to q3 outlined by rules, with a median rule, whiskers and caps. Renderers that draw rects and rules draw these
 * for free, the same way in every library.
 */
import type { MarkOfType } from '../../plots/plot-spec.js';
import type { Theme } from '../../themes/theme.js';

type RectMark = MarkOfType<'rect'>;
type RuleMark = MarkOfType<'rule'>;

const present = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

const labelled = (m: { label?: string | undefined; series?: string | undefined }) => ({
  ...(m.label !== undefined ? { label: m.label } : {}),
  ...(m.series !== undefined ? { series: m.series } : {}),
});

/** A bar mark as one rect mark (bars with a missing value or centre are left out). Opacity defaults to 1. */
export function lowerBar(mark: MarkOfType<'bar'>, theme: Theme): RectMark {
  const rect: RectMark = { type: 'rect', ...labelled(mark), color: mark.color ?? theme.palette[0]!, opacity: mark.opacity ?? 1, x1: [], x2: [], y1: [], y2: [] };
  const colors: string[] = [];
  const horizontal = mark.orient === 'horizontal';
  const half = mark.width / 2;
  for (let i = 0; i < mark.x.length; i++) {
    const x = mark.x[i];
    const y = mark.y[i];
    if (!present(x) || !present(y)) continue;
    const b = Array.isArray(mark.base) ? mark.base[i] : mark.base;
    const base = present(b) ? b : 0;
    if (horizontal) {
      rect.x1.push(base);
      rect.x2.push(x);
      rect.y1.push(y - half);
      rect.y2.push(y + half);
    } else {
      rect.x1.push(x - half);
      rect.x2.push(x + half);
      rect.y1.push(base);
      rect.y2.push(y);
    }
    colors.push(mark.colors?.[i] ?? rect.color!);
  }
  if (mark.colors) rect.colors = colors;
  return rect;
}

/**
 * A box mark as a rect mark (the q1..q3 boxes, filled at twice the theme's band opacity unless the mark says) and
 * one rule mark per box colour (outline, median, whiskers, caps). Boxes with a missing centre or quartile are left
 * out; a missing whisker end draws no whisker on that side.
 */
export function lowerBox(mark: MarkOfType<'box'>, theme: Theme): { rect: RectMark; rules: RuleMark[] } {
  const color = mark.color ?? theme.palette[0]!;
  const rect: RectMark = { type: 'rect', ...labelled(mark), color, opacity: mark.opacity ?? Math.min(1, theme.bandOpacity * 2), x1: [], x2: [], y1: [], y2: [] };
  const rectColors: string[] = [];
  const rulesByColor = new Map<string, RuleMark>();
  const half = mark.width / 2;
  for (let i = 0; i < mark.x.length; i++) {
    const x = mark.x[i];
    const q1 = mark.q1[i];
    const q3 = mark.q3[i];
    const med = mark.median[i];
    if (!present(x) || !present(q1) || !present(q3) || !present(med)) continue;
    const c = mark.colors?.[i] ?? color;
    rect.x1.push(x - half);
    rect.x2.push(x + half);
    rect.y1.push(q1);
    rect.y2.push(q3);
    rectColors.push(c);
    let rule = rulesByColor.get(c);
    if (!rule) {
      rule = { type: 'rule', ...labelled(mark), color: c, strokeWidth: Math.max(1, theme.lineWidth * 0.8), x1: [], x2: [], y1: [], y2: [] };
      rulesByColor.set(c, rule);
    }
    const segment = (xa: number, ya: number, xb: number, yb: number) => {
      rule.x1.push(xa);
      rule.y1.push(ya);
      rule.x2.push(xb);
      rule.y2.push(yb);
    };
    segment(x - half, q1, x + half, q1);
    segment(x - half, q3, x + half, q3);
    segment(x - half, q1, x - half, q3);
    segment(x + half, q1, x + half, q3);
    segment(x - half, med, x + half, med);
    const lo = mark.lo[i];
    const hi = mark.hi[i];
    if (present(lo)) {
      segment(x, lo, x, q1);
      segment(x - half / 2, lo, x + half / 2, lo);
    }
    if (present(hi)) {
      segment(x, q3, x, hi);
      segment(x - half / 2, hi, x + half / 2, hi);
    }
  }
  if (mark.colors) rect.colors = rectColors;
  return { rect, rules: [...rulesByColor.values()] };
}
