/**
 * Colours of the points: by the class of a token label (vowel, consonant, digit, punctuation, space — so the demo
 * shows classes separating as the model learns) or by row norm on a sequential scale.
 */

export type ColourMode = 'class' | 'norm';

export const LABEL_CLASSES = [
  { id: 'vowel', name: 'vowels', colour: [0.89, 0.29, 0.2] },
  { id: 'consonant', name: 'consonants', colour: [0.18, 0.45, 0.85] },
  { id: 'digit', name: 'digits', colour: [0.2, 0.65, 0.3] },
  { id: 'punct', name: 'punctuation', colour: [0.85, 0.6, 0.1] },
  { id: 'space', name: 'whitespace', colour: [0.55, 0.35, 0.75] },
  { id: 'other', name: 'other', colour: [0.5, 0.5, 0.5] },
] as const;

export type LabelClass = (typeof LABEL_CLASSES)[number]['id'];

export function classOf(label: string): LabelClass {
  if (label.length !== 1) return label.trim() === '' || label === '\\n' || label === '\\t' ? 'space' : 'other';
  if (/[aeiouAEIOU]/.test(label)) return 'vowel';
  if (/[a-zA-Z]/.test(label)) return 'consonant';
  if (/[0-9]/.test(label)) return 'digit';
  if (/\s/.test(label)) return 'space';
  if (/[\p{P}\p{S}]/u.test(label)) return 'punct';
  return 'other';
}

/** A viridis-like ramp from 0 to 1. */
function ramp(t: number): [number, number, number] {
  const stops: [number, number, number][] = [
    [0.27, 0.0, 0.33],
    [0.23, 0.32, 0.55],
    [0.13, 0.57, 0.55],
    [0.37, 0.79, 0.38],
    [0.99, 0.91, 0.14],
  ];
  const x = Math.min(0.9999, Math.max(0, t)) * (stops.length - 1);
  const i = Math.floor(x);
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** rows × 3 RGB in [0, 1]. */
export function pointColours(mode: ColourMode, labels: readonly string[] | null, norms: readonly number[]): Float32Array {
  const out = new Float32Array(norms.length * 3);
  let lo = Infinity;
  let hi = -Infinity;
  for (const n of norms) {
    lo = Math.min(lo, n);
    hi = Math.max(hi, n);
  }
  for (let i = 0; i < norms.length; i++) {
    let c: readonly number[];
    if (mode === 'class' && labels) {
      const cls = classOf(labels[i] ?? '');
      c = LABEL_CLASSES.find((k) => k.id === cls)!.colour;
    } else {
      c = ramp(hi > lo ? (norms[i]! - lo) / (hi - lo) : 0.5);
    }
    out[i * 3] = c[0]!;
    out[i * 3 + 1] = c[1]!;
    out[i * 3 + 2] = c[2]!;
  }
  return out;
}

export function cssColour(c: ArrayLike<number>, i: number): string {
  return `rgb(${Math.round(c[i * 3]! * 255)}, ${Math.round(c[i * 3 + 1]! * 255)}, ${Math.round(c[i * 3 + 2]! * 255)})`;
}
