/**
 * Significance brackets over a categorical axis: a bracket from group a to group b above the data, with stars and
 * the adjusted p-value, stacked so that no two brackets on one level overlap.
 */
import { pValueText } from '../../analytics/failures/format-p-value.js';
import type { Mark } from '../plot-spec.js';

/** One tested pair, by the groups' positions on the axis. */
export interface SignificancePair {
  readonly a: number;
  readonly b: number;
  /** The p-value after the multiple-comparison correction. */
  readonly pValue: number;
  readonly significant: boolean;
}

/** Options of {@link significanceBrackets}. */
export interface SignificanceBracketOptions {
  /** The data's extent on the y axis (the brackets go above `hi`). */
  readonly lo: number;
  readonly hi: number;
  /** A log y axis: brackets are spaced evenly in log space. */
  readonly log: boolean;
  readonly alpha: number;
  readonly color: string;
  readonly fontSize?: number;
}

/** The brackets' marks and how far up they reach (for the axis domain). */
export interface SignificanceBrackets {
  readonly marks: Mark[];
  /** The y the axis must show for the top bracket's label to fit; `hi` when there are no brackets. */
  readonly top: number;
}

/** `***` below 0.001, `**` below 0.01, `*` below alpha, `ns` otherwise (the usual convention). */
export function significanceStars(p: number, alpha: number): string {
  if (!(p < alpha)) return 'ns';
  return p < 0.001 ? '***' : p < 0.01 ? '**' : '*';
}

/**
 * Lays out brackets for `pairs`: narrow pairs first, each on the lowest level where it overlaps no other bracket,
 * levels 8% of the data's extent apart above it. Each bracket is three rule segments (down-tick, bar, down-tick)
 * and a label `** p=0.0031` over its middle.
 */
export function significanceBrackets(pairs: readonly SignificancePair[], options: SignificanceBracketOptions): SignificanceBrackets {
  if (pairs.length === 0) return { marks: [], top: options.hi };
  const toT = (y: number) => (options.log ? Math.log10(y) : y);
  const fromT = (t: number) => (options.log ? 10 ** t : t);
  const lo = toT(options.lo);
  const hi = toT(options.hi);
  const extent = hi - lo || Math.abs(hi) || 1;
  const step = extent * 0.08;
  const tick = extent * 0.02;

  const ordered = [...pairs]
    .map((p) => ({ ...p, left: Math.min(p.a, p.b), right: Math.max(p.a, p.b) }))
    .sort((p, q) => p.right - p.left - (q.right - q.left) || p.left - q.left);
  const levels: { left: number; right: number }[][] = [];
  const x1: number[] = [];
  const x2: number[] = [];
  const y1: number[] = [];
  const y2: number[] = [];
  const tx: number[] = [];
  const ty: number[] = [];
  const text: string[] = [];
  let topLevel = 0;
  for (const p of ordered) {
    let level = levels.findIndex((taken) => taken.every((b) => p.right < b.left || p.left > b.right));
    if (level < 0) level = levels.push([]) - 1;
    levels[level]!.push(p);
    topLevel = Math.max(topLevel, level);
    const y = hi + step * (level + 0.75);
    for (const [ax, ay, bx, by] of [
      [p.left, y - tick, p.left, y],
      [p.left, y, p.right, y],
      [p.right, y, p.right, y - tick],
    ] as const) {
      x1.push(ax);
      y1.push(fromT(ay));
      x2.push(bx);
      y2.push(fromT(by));
    }
    tx.push((p.left + p.right) / 2);
    ty.push(fromT(y));
    text.push(`${significanceStars(p.pValue, options.alpha)} ${pValueText(p.pValue, { compact: true })}`);
  }
  const marks: Mark[] = [
    { type: 'rule', label: 'significance', color: options.color, x1, x2, y1, y2, strokeWidth: 1 },
    {
      type: 'text',
      label: 'significance',
      color: options.color,
      x: tx,
      y: ty,
      text,
      align: 'middle',
      baseline: 'bottom',
      dy: -2,
      ...(options.fontSize !== undefined ? { fontSize: options.fontSize } : {}),
    },
  ];
  return { marks, top: fromT(hi + step * (topLevel + 1.75)) };
}
