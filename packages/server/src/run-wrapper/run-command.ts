/**
 * `runlens run -- <command...>`: runs a training command as it would run without runlens — same terminal, same
 * bytes on stdout and stderr, same exit code — and records it as a run on the side: its logs, the metrics its
 * lines report (parsed live), its resource use, and how it ended.
 *
 * The command's output is passed on first and recorded second. Recording never makes the command wait: this
 * thread only reads the pipes and passes bytes on; the recorder (on a worker thread in the CLI) splits, parses and
 * stores, and when it falls far behind, lines are dropped and counted rather than held without bound.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { ulid } from 'ulid';
import { LIMITS, RunlensError, type LogStream, type RunRecord } from '@runlens/core';
import type { RecordSink } from '../ingest/record-sink.js';
import { exitOutcome, type ExitOutcome } from './exit-status.js';
import { readGitInfo } from './git-info.js';
import { LocalRecorder } from './local-recorder.js';
import type { OutputRecorderOptions, ParserFactory } from './output-recorder.js';
import type { LiveRecordQueueOptions } from './live-record-queue.js';
import type { RecorderSummary, RunRecorder } from './run-recorder.js';
import { quoteArgv } from './shell-quote.js';
import { forwardSignals, type ForwardSignalsOptions } from './signals.js';
import { startSystemSampler, type SystemSampler } from './system-metrics.js';

export interface RunCommandOptions {
  /** The command and its arguments; run directly, never through a shell. */
  argv: readonly string[];
  /**
   * What records the run: a RunRecorder (the CLI's WorkerRecorder), or a sink to record into on this thread
   * (flushed, not closed). One of the two.
   */
  recorder?: RunRecorder | undefined;
  sink?: RecordSink | undefined;
  project: string;
  /** Run name; the store picks one when absent. */
  name?: string | undefined;
  /** Run id (a ULID); a fresh one by default. */
  runId?: string | undefined;
  /** Default `process.cwd()`. */
  cwd?: string | undefined;
  /** The command's environment. Default `process.env`; PYTHONUNBUFFERED=1 is added unless set, see below. */
  env?: NodeJS.ProcessEnv | undefined;
  /** With `sink`: parser per stream; none: lines are stored, not parsed. */
  parser?: ParserFactory | undefined;
  /** Where the command's stdout goes on. Default `process.stdout`. */
  stdout?: Writable | undefined;
  /** Where the command's stderr goes on. Default `process.stderr`. */
  stderr?: Writable | undefined;
  /** The wrapper's own messages (without the `runlens: ` prefix). Default: `runlens: ...` on process.stderr. */
  onMessage?: ((message: string) => void) | undefined;
  /** Time between system-metric samples, ms, or false for none. Default 5,000. */
  sysIntervalMs?: number | false | undefined;
  /** nvidia-smi executable, or false to skip GPUs. Default `nvidia-smi`. */
  nvidiaSmi?: string | false | undefined;
  /** Signal forwarding (tests pass a stand-in signal source). */
  signals?: ForwardSignalsOptions | undefined;
  /** After the command exits, how long a grandchild may keep its output pipes open before they are closed, ms. Default 2,000. */
  closeGraceMs?: number | undefined;
  /** With `sink`: batching and buffering limits. */
  batcher?: Omit<LiveRecordQueueOptions, 'onWarning'> | undefined;
  /** With `sink`: splitting and queueing limits. */
  output?: Omit<OutputRecorderOptions, 'parser' | 'onWarning'> | undefined;
}

export interface RunCommandResult extends ExitOutcome, RecorderSummary {
  runId: string;
  /** Output lines that reached the terminal but not the run's logs (recording fell behind). */
  unrecordedLines: number;
}

/** Exit codes a shell gives when a command cannot be found or run. */
const NOT_FOUND_EXIT = 127;
const NOT_RUNNABLE_EXIT = 126;

/**
 * Runs `argv` and records it as a run. Resolves when the command has exited and the recorder has finished.
 * Throws RunlensError when the command cannot be started (after recording the run as failed), with the shell's
 * exit code for it (127 not found, 126 not runnable) in `details.exitCode`.
 *
 * @example
 * const result = await runCommand({ argv: ['python3', 'train.py'], sink, project: 'gpt', parser: () => nanogpt.createParser() });
 * process.exitCode = result.exitCode;
 */
export async function runCommand(options: RunCommandOptions): Promise<RunCommandResult> {
  const argv = options.argv;
  if (argv.length === 0 || argv[0] === '') {
    throw new RunlensError('VALIDATION', 'no command to run: put it after --, e.g. `runlens run -- python3 train.py`');
  }
  const cwd = resolve(options.cwd ?? process.cwd());
  if (!isDirectory(cwd)) throw new RunlensError('NOT_FOUND', `working directory ${cwd} does not exist`);
  const runId = options.runId ?? ulid();
  const message = options.onMessage ?? ((m: string) => process.stderr.write(`runlens: ${m}\n`));
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const startTime = Date.now();

  const recorder = options.recorder ?? localRecorder(options, runId, message);
  const started = readGitInfo(cwd).then((git) => recorder.start(runRecord(options, runId, argv, cwd, startTime, git)));

  const env = { ...(options.env ?? process.env) };
  // Python fully buffers stdout into a pipe: without this its lines would reach the terminal (and the curves)
  // in 8 KB bursts instead of as they are printed, unlike when run directly in a terminal
  env.PYTHONUNBUFFERED ??= '1';

  let child: ChildProcess;
  try {
    child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['inherit', 'pipe', 'pipe'], windowsHide: true });
  } catch (e) {
    return failToStart(e, argv[0]!, started, recorder, runId);
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.once('exit', (code, signal) => res({ code, signal })));
  const closed = new Promise<void>((res) => child.once('close', () => res()));
  const spawnError = await new Promise<Error | undefined>((res) => {
    child.once('spawn', () => res(undefined));
    child.once('error', (e) => res(e));
  });
  if (spawnError) return failToStart(spawnError, argv[0]!, started, recorder, runId);
  // a failed kill() after exit also emits 'error'; it must not crash the wrapper
  child.on('error', () => {});

  const signals = forwardSignals(child, { onMessage: message, ...options.signals });
  const passStdout = passThrough(child.stdout!, stdout, 'stdout', recorder);
  const passStderr = passThrough(child.stderr!, stderr, 'stderr', recorder);
  let sampler: SystemSampler | undefined;
  if (options.sysIntervalMs !== false && child.pid !== undefined) {
    sampler = startSystemSampler({
      pid: child.pid,
      intervalMs: options.sysIntervalMs ?? 5000,
      nvidiaSmi: options.nvidiaSmi,
      onSample: (points, step, time) => recorder.addSample(points, step, time),
    });
  }

  const exit = await exited;
  const endTime = Date.now();
  let graceTimer: NodeJS.Timeout | undefined;
  const grace = new Promise<boolean>((res) => (graceTimer = setTimeout(() => res(false), options.closeGraceMs ?? 2000)));
  const closedInTime = await Promise.race([closed.then(() => true), grace]);
  clearTimeout(graceTimer);
  if (!closedInTime) {
    // a process the command started still holds its stdout or stderr: the run is over all the same
    child.stdout?.destroy();
    child.stderr?.destroy();
  }
  passStdout.dispose();
  passStderr.dispose();
  // from here a Ctrl-C stops the wrapper itself (a sink that hangs must not trap the user)
  signals.dispose();
  await sampler?.stop();
  const { stderrTail, unrecordedLines } = await recorder.endOutput();

  const outcome = exitOutcome({ ...exit, forwarded: signals.forwarded, stderrTail });
  await started;
  const summary = await recorder.finish({ status: outcome.status, endTime, exitCode: outcome.exitCode, error: outcome.error });
  return { ...outcome, ...summary, runId, unrecordedLines };
}

function localRecorder(options: RunCommandOptions, runId: string, onWarning: (m: string) => void): RunRecorder {
  if (!options.sink) throw new RunlensError('VALIDATION', 'runCommand needs a recorder or a sink');
  return new LocalRecorder(options.sink, runId, { output: { ...options.output, parser: options.parser }, batcher: options.batcher, onWarning });
}

function runRecord(
  options: RunCommandOptions,
  runId: string,
  argv: readonly string[],
  cwd: string,
  startTime: number,
  git: { gitCommit?: string; gitDirty?: boolean },
): RunRecord['run'] {
  const command = quoteArgv(argv);
  return {
    id: runId,
    project: options.project,
    ...(options.name !== undefined ? { name: options.name } : {}),
    status: 'running',
    startTime,
    command: command.length > LIMITS.maxNotesLength ? `${command.slice(0, LIMITS.maxNotesLength - 1)}…` : command,
    cwd: cwd.slice(0, 4096),
    host: hostname().slice(0, LIMITS.maxNameLength),
    ...git,
  };
}

/** Records the run as failed and throws the error a user can act on. */
async function failToStart(e: unknown, command: string, started: Promise<void>, recorder: RunRecorder, runId: string): Promise<never> {
  const err = e as NodeJS.ErrnoException;
  const notFound = err.code === 'ENOENT';
  const exitCode = notFound ? NOT_FOUND_EXIT : NOT_RUNNABLE_EXIT;
  const error = notFound ? `command not found: ${command}` : `cannot run ${command}: ${err.message}`;
  await started;
  await recorder.endOutput();
  await recorder.finish({ status: 'failed', endTime: Date.now(), exitCode, error });
  throw new RunlensError(notFound ? 'NOT_FOUND' : 'VALIDATION', error, { runId, exitCode });
}

/**
 * Hands each chunk to the terminal first, unchanged, then to the recorder. The terminal may push back (a slow
 * pipe after `| tee`) exactly as it would on the command run directly; the recorder never does.
 */
function passThrough(from: Readable, to: Writable, stream: LogStream, recorder: RunRecorder): { dispose(): void } {
  let broken = false;
  let waiting = false;
  const onDrain = () => {
    waiting = false;
    from.resume();
  };
  // stays attached after the run: a write still in flight may fail later and must not crash the wrapper
  to.on('error', () => {
    // the reader went away (`| head`): keep recording, stop passing on
    broken = true;
    if (waiting) onDrain();
  });
  from.on('data', (chunk: Buffer) => {
    const time = Date.now();
    if (!broken && !to.write(chunk) && !waiting) {
      waiting = true;
      from.pause();
      to.once('drain', onDrain);
    }
    recorder.write(stream, chunk, time);
  });
  return {
    dispose() {
      to.off('drain', onDrain);
    },
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
