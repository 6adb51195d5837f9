/** Numbers, durations and times as the tables show them. */

/** 5 significant digits, NaN and ±Infinity by name, very large/small in exponent form. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '∞';
  if (v === Number.NEGATIVE_INFINITY) return '−∞';
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return v.toExponential(3);
  return String(Number(v.toPrecision(5)));
}

/** A param value: strings as they are, numbers like metrics, booleans and null by name. */
export function formatParam(v: number | string | boolean | null | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return formatNumber(v);
  return String(v);
}

/** `1h 02m`, `3m 07s`, `12.4s`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '';
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** `just now`, `5 min ago`, `3 h ago`, `2 d ago`, or a date for older times. */
export function formatRelative(t: number, now: number): string {
  const d = Math.max(0, now - t) / 1000;
  if (d < 45) return 'just now';
  if (d < 90 * 60) return `${Math.max(1, Math.round(d / 60))} min ago`;
  if (d < 36 * 3600) return `${Math.round(d / 3600)} h ago`;
  if (d < 14 * 86400) return `${Math.round(d / 86400)} d ago`;
  return new Date(t).toLocaleDateString();
}

/** Local date and time with the UTC offset, for tooltips. */
export function formatAbsolute(t: number): string {
  const d = new Date(t);
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '−';
  const hh = String(Math.floor(Math.abs(off) / 60)).padStart(2, '0');
  const mm = String(Math.abs(off) % 60).padStart(2, '0');
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} UTC${sign}${hh}:${mm}`;
}
