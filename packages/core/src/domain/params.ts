import type { ParamValue, Params } from './types.js';

/**
 * Flattens nested config to typed dot keys: `{optimizer: {lr: 0.1}}` → `{"optimizer.lr": 0.1}`.
 * Arrays become indexed keys (`layers.0`); empty objects and arrays are kept as JSON strings so nothing silently
 * disappears. Non-finite numbers become the strings "NaN"/"Infinity"/"-Infinity" (params are descriptive, not
 * plotted as values), undefined is dropped, other types (bigint, Date) are stringified.
 */
export function flattenParams(input: unknown, prefix = '', out: Params = {}): Params {
  if (input === null || typeof input !== 'object') {
    if (prefix === '') throw new TypeError('params must be an object');
    const v = toParamValue(input);
    if (v !== undefined) out[prefix] = v;
    return out;
  }
  if (input instanceof Date) {
    out[prefix] = input.toISOString();
    return out;
  }
  const entries = Array.isArray(input) ? input.map((v, i) => [String(i), v] as const) : Object.entries(input);
  if (entries.length === 0 && prefix !== '') {
    out[prefix] = Array.isArray(input) ? '[]' : '{}';
    return out;
  }
  for (const [k, v] of entries) {
    const key = prefix === '' ? k : `${prefix}.${k}`;
    if (v !== null && typeof v === 'object') flattenParams(v, key, out);
    else {
      const pv = toParamValue(v);
      if (pv !== undefined) out[key] = pv;
    }
  }
  return out;
}

function toParamValue(v: unknown): ParamValue | undefined {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
    return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  }
  return String(v);
}

/** Keys that name a random seed: runs differing only in these form one trial (group). */
export function isSeedKey(key: string): boolean {
  const last = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
  return /^(seed|random_seed|rng_seed|seed_value|torch_seed|np_seed|numpy_seed|data_seed|init_seed|global_seed|randomseed|rngseed)$/.test(
    last,
  );
}

/**
 * Default group of a run: a short stable hash of its params without seed-like keys, so repeats with different
 * seeds land in one group. Key order does not matter.
 */
export function defaultGroup(params: Params): string {
  const keys = Object.keys(params)
    .filter((k) => !isSeedKey(k))
    .sort();
  const canonical = JSON.stringify(keys.map((k) => [k, params[k]]));
  return `g-${fnv1a64Hex(canonical).slice(0, 12)}`;
}

/** FNV-1a 64-bit over UTF-16 code units, as hex. Pure and browser-safe; not cryptographic. */
export function fnv1a64Hex(s: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}
