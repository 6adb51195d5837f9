/**
 * Names, keys and params from other tools must fit runlens' rules (no control characters, length limits, at most
 * `LIMITS.maxParams` params) or the whole run would be refused; these helpers make them fit and say what changed.
 */
import { LIMITS, checkName, hasControlChar, type Params } from '@runlens/core';
import { basename, extname } from 'node:path';

/** `raw` made into a valid run or project name: control characters become spaces, cut to the limit, trimmed. */
export function toName(raw: string, fallback: string): string {
  let s = '';
  for (const ch of raw) s += hasControlChar(ch) ? ' ' : ch;
  s = s.trim();
  if (s.length > LIMITS.maxNameLength) s = s.slice(0, LIMITS.maxNameLength).trim();
  return s === '' ? fallback : s;
}

/** Why `key` cannot name a metric or summary value, or undefined when it can. */
export function keyProblem(key: string): string | undefined {
  return checkName(key, `key ${JSON.stringify(key.slice(0, 80))}`);
}

/** The file name without its directory and last extension: `/a/b/runs.csv` → `runs`. */
export function fileStem(path: string): string {
  const base = basename(path);
  return base.slice(0, base.length - extname(base).length) || base;
}

/**
 * Params cut to what the API accepts: keys over the length limit are dropped, long strings shortened (ending in
 * `…`), and params beyond the count limit dropped; each change is reported through `warn`.
 */
export function fitParams(params: Params, warn: (why: string) => void): Params {
  const out: Params = {};
  let count = 0;
  let dropped = 0;
  for (const [k, v] of Object.entries(params)) {
    if (k.length === 0 || k.length > LIMITS.maxKeyLength) {
      warn(`param key ${JSON.stringify(k.slice(0, 80))} is empty or longer than ${LIMITS.maxKeyLength} characters; dropped`);
      continue;
    }
    if (count >= LIMITS.maxParams) {
      dropped++;
      continue;
    }
    if (typeof v === 'string' && v.length > LIMITS.maxParamStringLength) {
      warn(`param "${k}" is ${v.length} characters long; kept the first ${LIMITS.maxParamStringLength - 1}`);
      out[k] = `${v.slice(0, LIMITS.maxParamStringLength - 1)}…`;
    } else out[k] = v;
    count++;
  }
  if (dropped > 0) warn(`${dropped} params beyond the limit of ${LIMITS.maxParams} were dropped`);
  return out;
}
