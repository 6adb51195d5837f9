/**
 * `runlens run [options] -- <command...>`: wraps a training command and records it as a run (see
 * run-wrapper/run-command.ts). The command's output and exit code are its own; the wrapper speaks only on stderr,
 * in lines starting `runlens:`.
 */
import type { Command } from 'commander';
import { ulid } from 'ulid';
import { LIMITS, RunlensError, checkName } from '@runlens/core';
import type { SinkTarget } from '../../ingest/open-sink.js';
import { builtinRegistry } from '../../plugins/builtin-registry.js';
import { openLocalRecorder } from '../../run-wrapper/local-recorder.js';
import { PARSER_CHOICES, parserFactory } from '../../run-wrapper/parser-factory.js';
import { runCommand, type RunCommandResult } from '../../run-wrapper/run-command.js';
import type { RunRecorder } from '../../run-wrapper/run-recorder.js';
import { WorkerRecorder, recorderWorkerUrl } from '../../run-wrapper/worker-recorder.js';
import { defaultDataDir, env } from '../options.js';

interface RunOptions {
  project: string;
  name?: string;
  parser: string;
  data: string;
  url?: string;
  token?: string;
  sysInterval: number;
  sys: boolean;
}

const DEFAULT_PROJECT = 'default';

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

function parseSeconds(s: string): number {
  const n = Number(s);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--sys-interval must be a positive number of seconds, got "${s}"`);
  return n;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function summary(r: RunCommandResult): string {
  const how = r.status === 'completed' ? 'completed' : `${r.status} (${r.error?.split('\n')[0] ?? `exit code ${r.exitCode}`})`;
  return `run ${r.runId} ${how}: ${count(r.recording.logLines, 'log line')}, ${count(r.recording.points, 'point')}`;
}

export function registerRun(program: Command): void {
  const parsers = builtinRegistry().list('parser');
  program
    .command('run')
    .usage('[options] -- <command...>')
    .description('Run a training command and record it: logs, metrics parsed from its output (live), system use, exit status')
    .argument('<command...>', 'the command and its arguments, after --')
    .option('-p, --project <name>', 'project of the run (RUNLENS_PROJECT)', env.RUNLENS_PROJECT || DEFAULT_PROJECT)
    .option('-n, --name <name>', 'run name (default: made from the run id)')
    .option('--parser <name>', `how to read metrics from the output: ${[...PARSER_CHOICES, ...parsers.map((p) => p.name)].join(' | ')}`, 'auto')
    .option('--data <dir>', 'data directory to write when no server runs on it (RUNLENS_DATA)', defaultDataDir())
    .option('--url <url>', 'send to this server instead (RUNLENS_URL)', env.RUNLENS_URL)
    .option('--token <token>', 'bearer token for the server (RUNLENS_TOKEN)', env.RUNLENS_TOKEN)
    .option('--sys-interval <seconds>', 'seconds between system metric samples (cpu, memory, GPUs)', parseSeconds, 5)
    .option('--no-sys', 'do not sample system metrics')
    .addHelpText(
      'after',
      `
The command's output reaches the terminal unchanged and the wrapper exits with its exit code (128 + n when
signal n ended it). Ctrl-C and SIGTERM are passed on to it; a second Ctrl-C kills it.

Examples:
  runlens run -- python3 train.py config/train_shakespeare_char.py
  runlens run -p gpt2 -n lr-3e-4 --parser nanogpt -- python3 train.py --learning_rate=3e-4`,
    )
    .action(async (argv: string[], o: RunOptions) => {
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
    });
}
