/** What `runlens run` does (see run.ts, which registers the command); loaded when it runs. */
import { ulid } from 'ulid';
import { LIMITS, RunlensError, checkName, type ParserPlugin } from '@runlens/core';
import type { SinkTarget } from '../../ingest/open-sink.js';
import { openLocalRecorder } from '../../run-wrapper/local-recorder.js';
import { parserFactory } from '../../run-wrapper/parser-factory.js';
import { runCommand, type RunCommandResult } from '../../run-wrapper/run-command.js';
import type { RunRecorder } from '../../run-wrapper/run-recorder.js';
import { WorkerRecorder, recorderWorkerUrl } from '../../run-wrapper/worker-recorder.js';

export interface RunOptions {
  project: string;
  name?: string;
  parser: string;
  data: string;
  url?: string;
  token?: string;
  sysInterval: number;
  sys: boolean;
}

function say(message: string): void {
  process.stderr.write(`runlens: ${message}\n`);
}

/**
 * Records on a worker thread when the built worker script is there (always, once installed); from sources
 * without a build, on this thread.
 */
async function openRecorder(target: SinkTarget, runId: string, parser: string): Promise<{ recorder: RunRecorder; describe: string; url?: string | undefined }> {
  if (recorderWorkerUrl()) return WorkerRecorder.open({ target, runId, parser, onWarning: say });
  return openLocalRecorder(target, runId, parser, { onWarning: say });
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function summary(r: RunCommandResult): string {
  const how = r.status === 'completed' ? 'completed' : `${r.status} (${r.error?.split('\n')[0] ?? `exit code ${r.exitCode}`})`;
  return `run ${r.runId} ${how}: ${count(r.recording.logLines, 'log line')}, ${count(r.recording.points, 'point')}`;
}

export async function runAction(argv: string[], o: RunOptions, parsers: readonly ParserPlugin[]): Promise<void> {
  // a name the store would refuse must stop us before the command starts, not leave it unrecorded
  for (const [what, value] of [['project name', o.project], ['run name', o.name]] as const) {
    const why = value === undefined ? undefined : checkName(value, what, LIMITS.maxNameLength);
    if (why) throw new RunlensError('VALIDATION', why);
  }
  parserFactory(o.parser, parsers);
  const runId = ulid();
  const { recorder, describe, url } = await openRecorder({ data: o.data, url: o.url, token: o.token }, runId, o.parser);
  say(url ? `recording run ${runId} at ${url.replace(/\/$/, '')}/runs/${runId}` : `recording run ${runId} in ${describe}`);
  let result: RunCommandResult;
  try {
    result = await runCommand({
      argv,
      recorder,
      runId,
      project: o.project,
      name: o.name,
      sysIntervalMs: o.sys ? o.sysInterval * 1000 : false,
      onMessage: say,
    });
  } catch (e) {
    const exitCode = e instanceof RunlensError ? e.details?.exitCode : undefined;
    if (typeof exitCode !== 'number') throw e;
    say(e instanceof Error ? e.message : String(e));
    process.exitCode = exitCode;
    return;
  } finally {
    await recorder.close();
  }
  say(summary(result));
  if (result.unrecordedLines > 0) say(`${count(result.unrecordedLines, 'line')} of output not recorded: recording fell behind the command`);
  if (result.recording.failedRecords > 0) say(`${count(result.recording.failedRecords, 'batch', 'batches')} could not be recorded`);
  for (const r of result.rejected.slice(0, 5)) say(`${r.record} refused: ${r.reason}`);
  if (result.offlineFile) say(`the server failed during the run; the rest of it is in ${result.offlineFile}: upload it with \`runlens sync ${result.offlineFile}\``);
  process.exitCode = result.exitCode;
}
