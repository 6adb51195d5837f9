/** How a wrapped command ended, turned into the run's final status and the wrapper's own exit code. */
import { constants } from 'node:os';
import type { RunStatus } from '@runlens/core';

export interface ChildExit {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** A signal the wrapper passed on to the child (Ctrl-C, `kill`), if any: a failure after it is a stop. */
  forwarded?: NodeJS.Signals | undefined;
  /** The last lines the command wrote to stderr, for the error message of a failure. */
  stderrTail?: readonly string[] | undefined;
}

export interface ExitOutcome {
  status: Extract<RunStatus, 'completed' | 'failed' | 'killed'>;
  /** The exit code stored on the run and used by the wrapper: the child's, or 128 + the signal number. */
  exitCode: number;
  /** Why it did not complete; null when it did. */
  error: string | null;
}

/** Signals that mean someone stopped the run on purpose rather than the program breaking. */
const STOP_SIGNALS: ReadonlySet<string> = new Set(['SIGINT', 'SIGTERM', 'SIGKILL', 'SIGHUP']);

/** Characters of stderr tail kept in the error message. */
const ERROR_TAIL_CHARS = 4000;

export function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0;
}

/**
 * Exit code 0 → completed; another code → failed (killed when it follows a signal the wrapper forwarded);
 * a stop signal (INT, TERM, KILL, HUP) → killed; any other signal (SEGV, ABRT...) → failed. Signals give 128 + n.
 */
export function exitOutcome(exit: ChildExit): ExitOutcome {
  if (exit.signal) {
    const exitCode = 128 + signalNumber(exit.signal);
    if (STOP_SIGNALS.has(exit.signal)) return { status: 'killed', exitCode, error: `killed by ${exit.signal}` };
    return { status: 'failed', exitCode, error: withTail(`killed by ${exit.signal}`, exit.stderrTail) };
  }
  const exitCode = exit.code ?? 1;
  if (exitCode === 0) return { status: 'completed', exitCode, error: null };
  if (exit.forwarded) return { status: 'killed', exitCode, error: `stopped by ${exit.forwarded} (exit code ${exitCode})` };
  return { status: 'failed', exitCode, error: withTail(`exit code ${exitCode}`, exit.stderrTail) };
}

function withTail(head: string, tail: readonly string[] | undefined): string {
  if (!tail || tail.length === 0) return head;
  let text = tail.join('\n');
  if (text.length > ERROR_TAIL_CHARS) text = `…${text.slice(text.length - ERROR_TAIL_CHARS)}`;
  return `${head}\n${text}`;
}
