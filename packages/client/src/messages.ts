/** Every message the client prints, in one place so wording stays consistent and tests can match on it. */

export const PREFIX = 'runlens:';

export const messages = {
  badMode: (value: string) => `${PREFIX} RUNLENS_MODE=${JSON.stringify(value)} is not online, offline or disabled; using online`,
  serverNotReachableYet: (url: string, why: string) =>
    `${PREFIX} server ${url} is not reachable yet (${why}); logging continues and is retried in the background`,
  offline: (runId: string, why: string, file: string) =>
    `${PREFIX} run ${runId} is now logged to the offline file ${file} (${why}). Upload it later with: runlens sync ${file}`,
  offlineMode: (runId: string, file: string) =>
    `${PREFIX} RUNLENS_MODE=offline: run ${runId} is logged to ${file}. Upload it later with: runlens sync ${file}`,
  offlineFileFailed: (runId: string, why: string) =>
    `${PREFIX} run ${runId}: cannot write the offline file (${why}); data that cannot reach the server is dropped (see run.stats().dropped)`,
  unreachableNoFile: (runId: string, seconds: number, max: number) =>
    `${PREFIX} run ${runId}: server unreachable for ${seconds}s and no offline file is possible here; keeping up to ${max} points in memory and retrying`,
  rejected: (runId: string, what: string, status: number | undefined, code: string | undefined, message: string) =>
    `${PREFIX} run ${runId}: the server rejected ${what} (HTTP ${status ?? '?'}${code ? ` ${code}` : ''}: ${message}); dropped it. Further rejections like it are only counted in run.stats().dropped`,
  createRejected: (runId: string, status: number | undefined, message: string) =>
    `${PREFIX} run ${runId}: the server refused to create the run (HTTP ${status ?? '?'}: ${message})`,
  droppingOldest: (runId: string, max: number) =>
    `${PREFIX} run ${runId}: more than ${max} points waiting and no offline file is possible; dropping the oldest (see run.stats().dropped)`,
  notAnObject: (what: string) => `${PREFIX} ${what} expects an object of {key: value}; ignored the call`,
  badStep: (step: unknown) => `${PREFIX} log() step must be a non-negative integer, got ${describe(step)}; ignored the call (warned once)`,
  badKey: (why: string) => `${PREFIX} ${why}; its values are skipped (warned once per key)`,
  badValue: (key: string, value: unknown) =>
    `${PREFIX} value of ${JSON.stringify(shorten(key))} is ${describe(value)}, not a number or boolean; skipped (warned once per key)`,
  getterThrew: (key: string) => `${PREFIX} reading the value of ${JSON.stringify(shorten(key))} threw; skipped (warned once per key)`,
  afterFinish: (runId: string) => `${PREFIX} run ${runId} is finished; later log calls are ignored (warned once)`,
  badStatus: (status: unknown) => `${PREFIX} finish() status must be completed, failed or killed, got ${describe(status)}; using completed`,
  badHistogram: (key: string, edges: number, counts: number) =>
    `${PREFIX} histogram ${JSON.stringify(shorten(key))} has ${edges} edges for ${counts} counts (one more edge than counts, at least one count); skipped (warned once per key)`,
  badTensor: (name: string, values: number, rows: number, cols: number) =>
    `${PREFIX} tensor ${JSON.stringify(shorten(name))} has ${values} values for shape [${rows}, ${cols}]; skipped (warned once per name)`,
  snapshotsSkipped: (runId: string) => `${PREFIX} run ${runId}: parameter snapshots arrive faster than they are encoded; skipping some (raise \`every\`)`,
  notOffline: (runId: string, what: string) => `${PREFIX} run ${runId}: ${what} are not kept in the offline file; dropped while offline`,
  internal: (runId: string, e: unknown) => `${PREFIX} run ${runId}: internal error, contained: ${e instanceof Error ? e.message : String(e)}`,
  tooManyWarnings: () => `${PREFIX} further warnings of this kind are suppressed`,
};

/** Keys in messages are cut so a 1 MB key does not flood the terminal. */
export function shorten(s: string, max = 80): string {
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} chars)`;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(shorten(v));
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
