/** The server's limit on metric keys, tags, run and project names (`LIMITS.maxKeyLength` in `@runlens/core`). */
export const MAX_KEY_LENGTH = 256;

/**
 * Why `s` would be rejected by the server as a key or name, or undefined when it is fine. Mirrors `checkName` in
 * `@runlens/core`: the server rejects a whole batch for one bad key, so the client must catch exactly the same
 * cases before sending.
 */
export function checkName(s: string, what: string, maxLength: number = MAX_KEY_LENGTH): string | undefined {
  if (s.length === 0) return `${what} is empty`;
  if (s.length > maxLength) return `${what} is ${s.length} characters long; the limit is ${maxLength}`;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) return `${what} contains a control character`;
  }
  if (s.trim() !== s) return `${what} has leading or trailing whitespace`;
  return undefined;
}
