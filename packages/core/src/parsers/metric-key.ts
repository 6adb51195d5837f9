/**
 * Which keys read from a log may become metric keys.
 */
import { checkName } from '../domain/names.js';

/**
 * True when `key` would be accepted as a metric key by the store (non-empty, at most 256 characters, no control
 * characters, no surrounding whitespace). `__proto__` is refused too: parsers collect metrics in plain objects,
 * where assigning it would change the object's prototype instead of adding a key.
 */
export function isUsableMetricKey(key: string): boolean {
  return key !== '__proto__' && checkName(key) === undefined;
}
