import { LIMITS } from '../limits.js';

/**
 * C0 and C1 control characters, DEL, and the Unicode line/paragraph separators corrupt terminals, CSV and log
 * views, so names and keys may not hold them. Any other Unicode (CJK, emoji, accents) is welcome.
 */
export function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

/** Returns why `s` is not acceptable as a metric key / param key / name, or undefined if it is fine. */
export function checkName(s: string, what = 'name', maxLength: number = LIMITS.maxKeyLength): string | undefined {
  if (s.length === 0) return `${what} is empty`;
  if (s.length > maxLength) return `${what} is ${s.length} characters long; the limit is ${maxLength}`;
  if (hasControlChar(s)) return `${what} contains a control character`;
  if (s.trim() !== s) return `${what} has leading or trailing whitespace`;
  return undefined;
}
