import { checkName } from './check-name.js';
import { messages } from './messages.js';
import { loadNodeRuntime, type NodeRuntime } from './node-runtime.js';
import { resolveOptions, type InitOptions, type ResolvedOptions } from './options.js';
import { Run } from './run.js';
import { sanitizeParams } from './sanitize-params.js';
import { ulid } from './ulid.js';
import type { CreateRunBody } from './wire-types.js';

const MAX_TAGS = 256;
const MAX_TEXT = 100_000;

/**
 * Starts a run and returns it once the server has confirmed it, or after `initTimeoutMs` (default 2 s) if the server
 * is not reachable yet: logging then goes on in the background and ends up in an offline file if the server stays
 * away. The run id is a ULID chosen here, so retries and offline sync never create a run twice. Under Node the
 * command line, working directory and host name are recorded too.
 *
 * Configuration without code changes: `RUNLENS_URL` (default `http://127.0.0.1:7878`), `RUNLENS_TOKEN`,
 * `RUNLENS_PROJECT` (default `default`), `RUNLENS_MODE=online|offline|disabled`, `RUNLENS_OFFLINE_DIR`. Explicit
 * options win over the environment.
 *
 * Rejects (with a TypeError naming the value) only for options that can never work: an invalid project, run name,
 * group or tag, or a non-positive interval. With `RUNLENS_MODE=disabled` every method of the run is a no-op.
 *
 * @example
 * import { init } from '@runlens/client';
 * const run = await init({ project: 'demo', name: 'lr-0.1-s1', config: { lr: 0.1, seed: 1, model: { d: 16 } } });
 * for (let step = 0; step < 100; step++) run.log({ 'train/loss': 1 / (step + 1) });
 * await run.finish();
 */
export async function init(options: InitOptions = {}): Promise<Run> {
  const o = resolveOptions(options, messages.badMode);
  validate(o);
  const id = ulid();
  const node = o.mode === 'disabled' ? undefined : await loadNodeRuntime();
  const run = new Run({ id, options: o, createBody: createBody(id, o, node), node });
  await run.start();
  return run;
}

function validate(o: ResolvedOptions): void {
  const fail = (why: string | undefined): void => {
    if (why !== undefined) throw new TypeError(why);
  };
  fail(checkName(o.project, `project name ${JSON.stringify(o.project)}`));
  if (o.name !== undefined) fail(checkName(o.name, `run name ${JSON.stringify(o.name)}`));
  if (o.group !== undefined) fail(checkName(o.group, `group ${JSON.stringify(o.group)}`));
  if (o.tags !== undefined) {
    if (!Array.isArray(o.tags) || o.tags.length > MAX_TAGS) throw new TypeError(`tags must be an array of at most ${MAX_TAGS} strings`);
    for (const t of o.tags) fail(typeof t === 'string' ? checkName(t, `tag ${JSON.stringify(t)}`) : `tag ${String(t)} is not a string`);
  }
  if (o.config !== undefined && (o.config === null || typeof o.config !== 'object' || Array.isArray(o.config))) {
    throw new TypeError('config must be an object of hyperparameters');
  }
}

function createBody(id: string, o: ResolvedOptions, node: NodeRuntime | undefined): CreateRunBody {
  const body: CreateRunBody = { id, project: o.project, startTime: Date.now() };
  if (o.name !== undefined) body.name = o.name;
  if (o.group !== undefined) body.group = o.group;
  if (o.tags !== undefined) body.tags = [...o.tags];
  if (o.notes !== undefined) body.notes = String(o.notes).slice(0, MAX_TEXT);
  if (o.config !== undefined) body.params = sanitizeParams(o.config);
  if (node !== undefined) Object.assign(body, processInfo(node));
  return body;
}

/** What the run was started as; best effort, since none of it is worth failing over. */
function processInfo(node: NodeRuntime): Pick<CreateRunBody, 'command' | 'cwd' | 'host'> {
  const info: Pick<CreateRunBody, 'command' | 'cwd' | 'host'> = {};
  try {
    const [exe, ...args] = process.argv;
    if (exe !== undefined) info.command = [node.path.basename(exe), ...args].join(' ').slice(0, MAX_TEXT);
  } catch {
    // argv is always there under Node; this only guards odd embeddings
  }
  try {
    const cwd = process.cwd();
    if (cwd.length <= 4096) info.cwd = cwd;
  } catch {
    // the working directory can have been deleted under the process
  }
  try {
    const host = node.os.hostname();
    if (checkName(host, 'host') === undefined) info.host = host;
  } catch {
    // no host name is fine
  }
  return info;
}
