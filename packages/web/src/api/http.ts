/**
 * The dashboard's one way to call the REST API: JSON in and out, errors as {@link ApiError} with the server's
 * stable code, and the bearer token when the server needs one (opened once as `/?token=T`, then kept in this
 * browser's localStorage).
 */

const TOKEN_KEY = 'runlens.token';

/** An error answer of the API (`{"error": {code, message, details}}`), or a network failure (`code` NETWORK). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Moves `?token=` from the address bar into localStorage, so links and reloads do not show it. */
export function adoptTokenFromUrl(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  localStorage.setItem(TOKEN_KEY, token);
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}

export function apiToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

function isErrorBody(v: unknown): v is { error: { code: string; message: string; details?: Record<string, unknown> } } {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const e = v.error;
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e && typeof e.code === 'string' && typeof e.message === 'string';
}

async function request<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = {};
  const token = apiToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError(0, 'NETWORK', `cannot reach the runlens server (${e instanceof Error ? e.message : String(e)})`);
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError(res.status, 'BAD_RESPONSE', `the server answered ${res.status} with something that is not JSON`);
  }
  if (!res.ok) {
    if (isErrorBody(parsed)) {
      const { code, message, details } = parsed.error;
      const hint = code === 'UNAUTHORIZED' ? ' Open the dashboard once as /?token=YOUR_TOKEN.' : '';
      throw new ApiError(res.status, code, message + hint, details ?? {});
    }
    throw new ApiError(res.status, 'HTTP', `HTTP ${res.status}`);
  }
  return parsed as T;
}

/** GET a JSON document; `query` values that are undefined are left out. */
export function apiGet<T>(path: string, query: Record<string, string | number | undefined> = {}, signal?: AbortSignal): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.set(k, String(v));
  const s = qs.toString();
  return request<T>('GET', s ? `${path}?${s}` : path, undefined, signal);
}

export function apiSend<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  return request<T>(method, path, body);
}
