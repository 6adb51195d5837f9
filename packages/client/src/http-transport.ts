/** What one HTTP attempt came to. `retryable` failures are worth another try; the others never will succeed. */
export type SendOutcome =
  | { ok: true; status: number }
  | {
      ok: false;
      retryable: boolean;
      /** HTTP status, absent for network errors and timeouts. */
      status?: number;
      /** The server's error code (`VALIDATION`, `NOT_FOUND`, ...) when it sent one. */
      code?: string;
      message: string;
      /** The server's `Retry-After`, in ms, when it sent one. */
      retryAfterMs?: number;
    };

/** The subset of `fetch` the client uses, so tests and unusual runtimes can supply their own. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | Uint8Array; signal?: AbortSignal },
) => Promise<{ ok: boolean; status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

/** Where and how to reach the server. */
export interface TransportOptions {
  /** Server base URL without a trailing slash, e.g. `http://127.0.0.1:7878`. */
  baseUrl: string;
  token?: string;
  fetch: FetchLike;
}

/**
 * Sends one request (JSON, or bytes as application/octet-stream) and classifies the answer; never throws. 408, 429, 5xx, network errors and timeouts are
 * retryable; any other 4xx means the request itself is wrong and retrying cannot help.
 */
export async function sendJson(
  opts: TransportOptions,
  method: 'POST' | 'PATCH',
  path: string,
  body: string | Uint8Array,
  timeoutMs: number,
): Promise<SendOutcome> {
  // bytes are a tensor snapshot (RLT1); everything else is JSON
  const headers: Record<string, string> = { 'content-type': typeof body === 'string' ? 'application/json' : 'application/octet-stream' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  unrefTimer(timer);
  try {
    const res = await opts.fetch(opts.baseUrl + path, { method, headers, body, signal: controller.signal });
    // Reading the body lets the connection go back to the keep-alive pool.
    const text = await res.text();
    if (res.ok) return { ok: true, status: res.status };
    const err = parseError(text);
    const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
    return {
      ok: false,
      retryable,
      status: res.status,
      message: err.message ?? `HTTP ${res.status}`,
      ...(err.code !== undefined ? { code: err.code } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  } catch (e) {
    const message = controller.signal.aborted ? `no answer within ${timeoutMs} ms` : describeNetworkError(e);
    return { ok: false, retryable: true, message };
  } finally {
    clearTimeout(timer);
  }
}

/** Node timers would otherwise keep a finished script alive; browsers return a number, which has no `unref`. */
export function unrefTimer(t: unknown): void {
  if (typeof t === 'object' && t !== null && 'unref' in t && typeof t.unref === 'function') t.unref();
}

function parseError(text: string): { code?: string; message?: string } {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
      const e = parsed.error;
      if (typeof e === 'object' && e !== null) {
        const code = 'code' in e && typeof e.code === 'string' ? e.code : undefined;
        const message = 'message' in e && typeof e.message === 'string' ? e.message : undefined;
        return { ...(code !== undefined ? { code } : {}), ...(message !== undefined ? { message } : {}) };
      }
    }
  } catch {
    // not JSON: a proxy's HTML error page, say; the status alone has to do
  }
  return {};
}

function parseRetryAfter(h: string | null): number | undefined {
  if (h === null) return undefined;
  const seconds = Number(h);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(h);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Node's fetch reports "fetch failed" and hides the useful part (ECONNREFUSED, ENOTFOUND) in `cause`. */
function describeNetworkError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause: unknown = e.cause;
  if (cause instanceof Error) {
    const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
    return `${e.message} (${code ?? cause.message})`;
  }
  return e.message;
}
