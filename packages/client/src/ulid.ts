/** Crockford base32: no I, L, O or U, so ids survive being read aloud or typed by hand. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const MAX_TIME = 2 ** 48 - 1;

/**
 * A new ULID: 26 characters of Crockford base32, 48 bits of milliseconds since the epoch followed by 80 random bits
 * from `crypto.getRandomValues`. Ids sort by creation time, and the client can choose a run's id before the server
 * has seen it, which makes run creation idempotent across retries and offline sync.
 *
 * @param time - ms since the Unix epoch (default `Date.now()`).
 * @param random - 10 random bytes (default: fresh ones from `crypto.getRandomValues`).
 * @example
 * ulid(); // '01JD8X3Q4Z7K2M9RVW5T6YH0AB'
 */
export function ulid(time: number = Date.now(), random: Uint8Array = randomBytes(10)): string {
  if (!Number.isSafeInteger(time) || time < 0 || time > MAX_TIME) throw new RangeError(`invalid ULID time: ${time}`);
  if (random.length < 10) throw new RangeError(`ULID needs 10 random bytes, got ${random.length}`);
  let out = '';
  let t = time;
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[t % 32]! + out;
    t = Math.floor(t / 32);
  }
  // 80 bits = 16 characters of 5 bits; a small bit accumulator avoids BigInt on the hot-ish path.
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < 10; i++) {
    acc = (acc << 8) | random[i]!;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += CROCKFORD[(acc >>> bits) & 31]!;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/** Milliseconds since the epoch encoded in a ULID's first 10 characters. */
export function ulidTime(id: string): number {
  let t = 0;
  for (let i = 0; i < 10; i++) {
    const d = CROCKFORD.indexOf(id[i] ?? '');
    if (d < 0) throw new RangeError(`not a ULID: ${id}`);
    t = t * 32 + d;
  }
  return t;
}

function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}
