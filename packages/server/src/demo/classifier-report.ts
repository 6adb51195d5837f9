/**
 * What the demo logs for the `roc`, `pr` and `confusion` plot types, from its own validation predictions: "is the
 * next character a vowel?" scored by the model's total probability of vowels (ROC and PR curves), and the next
 * character's class (vowel, consonant, space, other) against the class with the most predicted probability
 * (confusion matrix). Logged the documented way (docs/plots.md): `<prefix>/fpr`, `<prefix>/tpr` at threshold steps,
 * and `<prefix>/<true>/<predicted>` counts as summary values.
 */

export const CHAR_CLASSES = ['vowel', 'consonant', 'space', 'other'] as const;
export type CharClass = (typeof CHAR_CLASSES)[number];

export function charClass(ch: string): CharClass {
  if (/^[aeiouy]$/i.test(ch)) return 'vowel';
  if (/^\p{L}$/u.test(ch)) return 'consonant';
  if (/^\s$/.test(ch)) return 'space';
  return 'other';
}

export interface ClassifierReport {
  /** Points of the ROC curve, from (0, 0) to (1, 1). */
  roc: { fpr: number[]; tpr: number[] };
  /** Points of the precision–recall curve, by increasing recall. */
  pr: { recall: number[]; precision: number[] };
  /** `<true class>/<predicted class>` → count. */
  confusion: Record<string, number>;
}

/** At most this many thresholds per curve: enough for a smooth line, few enough to log in one batch. */
const MAX_THRESHOLDS = 64;

/**
 * The report of `count` predictions: `probs` is `count × chars.length` (rows sum to 1), `targets` the true next
 * character ids. Undefined when there is nothing to score (no examples, or one class only, or non-finite
 * probabilities from a diverged model).
 */
export function classifierReport(probs: Float64Array, targets: Int32Array, chars: readonly string[]): ClassifierReport | undefined {
  const v = chars.length;
  const count = targets.length;
  const classes = chars.map(charClass);
  const score = new Float64Array(count);
  const positive: boolean[] = [];
  const confusion: Record<string, number> = {};
  for (const t of CHAR_CLASSES) for (const p of CHAR_CLASSES) confusion[`${t}/${p}`] = 0;
  for (let i = 0; i < count; i++) {
    const byClass: Record<CharClass, number> = { vowel: 0, consonant: 0, space: 0, other: 0 };
    for (let c = 0; c < v; c++) byClass[classes[c]!] += probs[i * v + c]!;
    if (!CHAR_CLASSES.every((c) => Number.isFinite(byClass[c]))) return undefined;
    score[i] = byClass.vowel;
    const truth = classes[targets[i]!]!;
    positive.push(truth === 'vowel');
    const predicted = CHAR_CLASSES.reduce((best, c) => (byClass[c] > byClass[best] ? c : best), CHAR_CLASSES[0]);
    confusion[`${truth}/${predicted}`]! += 1;
  }
  const pos = positive.filter(Boolean).length;
  const neg = count - pos;
  if (pos === 0 || neg === 0) return undefined;

  // thresholds at quantiles of the scores, highest first, so the curves run from (0, 0) towards (1, 1)
  const sorted = Array.from(score).sort((a, b) => b - a);
  const thresholds = [Infinity];
  for (let q = 1; q <= MAX_THRESHOLDS; q++) thresholds.push(sorted[Math.min(count - 1, Math.floor((q / MAX_THRESHOLDS) * count) - 1)]!);
  thresholds.push(-Infinity);
  const roc = { fpr: [] as number[], tpr: [] as number[] };
  const pr = { recall: [] as number[], precision: [] as number[] };
  for (const t of [...new Set(thresholds)]) {
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < count; i++) {
      if (score[i]! >= t) {
        if (positive[i]) tp++;
        else fp++;
      }
    }
    roc.fpr.push(fp / neg);
    roc.tpr.push(tp / pos);
    if (tp + fp > 0) {
      pr.recall.push(tp / pos);
      pr.precision.push(tp / (tp + fp));
    }
  }
  return { roc, pr, confusion };
}
