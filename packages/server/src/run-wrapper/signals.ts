/**
 * Passes the signals that stop a run on to the wrapped command, so that `kill <runlens pid>`, a scheduler's
 * SIGTERM or a closed terminal stop the training script too, and the wrapper lives on to record how it ended.
 */
import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type ForwardedSignal = (typeof FORWARDED_SIGNALS)[number];

/** Something that emits process signals: `process`, or a stand-in in tests. */
export interface SignalSource {
  on(signal: ForwardedSignal, listener: () => void): unknown;
  off(signal: ForwardedSignal, listener: () => void): unknown;
}

export interface SignalForwarding {
  /** The first signal passed on (or meant for the child), if any. */
  readonly forwarded: NodeJS.Signals | undefined;
  /** Stops listening; the wrapper's default signal handling comes back. */
  dispose(): void;
}

export interface ForwardSignalsOptions {
  /** Default `process`. */
  source?: SignalSource;
  /**
   * Whether a SIGINT reaching the wrapper came from the terminal's Ctrl-C, which the terminal also delivers to
   * the child (same foreground process group): passing it on again would interrupt the script's own clean-up.
   * Default: asks the kernel whether this process is in its terminal's foreground process group.
   */
  sigintFromTerminal?: () => boolean;
  /** Tells the user what happens next. */
  onMessage?: (message: string) => void;
}

/**
 * Forwards SIGINT, SIGTERM and SIGHUP to `child`. A first Ctrl-C lets the command stop itself (saving a
 * checkpoint, say); a second one kills it with SIGKILL.
 */
export function forwardSignals(child: ChildProcess, options: ForwardSignalsOptions = {}): SignalForwarding {
  const source = options.source ?? process;
  const fromTerminal = options.sigintFromTerminal ?? inTerminalForeground;
  const message = options.onMessage ?? (() => {});
  let forwarded: NodeJS.Signals | undefined;
  let interrupts = 0;

  const send = (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      child.kill(signal);
    } catch {
      // the child exited between the check and the kill
    }
  };

  const handlers: Record<ForwardedSignal, () => void> = {
    SIGINT: () => {
      interrupts++;
      forwarded ??= 'SIGINT';
      if (interrupts === 1) {
        if (!fromTerminal()) send('SIGINT');
        message('interrupted: waiting for the command to stop (Ctrl-C again to kill it)');
      } else {
        message('killing the command (SIGKILL)');
        send('SIGKILL');
      }
    },
    SIGTERM: () => {
      forwarded ??= 'SIGTERM';
      send('SIGTERM');
    },
    SIGHUP: () => {
      forwarded ??= 'SIGHUP';
      send('SIGHUP');
    },
  };
  for (const s of FORWARDED_SIGNALS) source.on(s, handlers[s]);
  return {
    get forwarded() {
      return forwarded;
    },
    dispose() {
      for (const s of FORWARDED_SIGNALS) source.off(s, handlers[s]);
    },
  };
}

/**
 * True when this process belongs to the foreground process group of its controlling terminal (Linux
 * /proc/self/stat: tty_nr and tpgid against pgrp). Elsewhere, or when /proc cannot be read, a terminal on stdin
 * is taken as the sign.
 */
export function inTerminalForeground(): boolean {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // the command name in parentheses may hold spaces; the fields after it are fixed
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgrp = Number(fields[2]);
    const ttyNr = Number(fields[4]);
    const tpgid = Number(fields[5]);
    return ttyNr !== 0 && tpgid === pgrp;
  } catch {
    return process.stdin.isTTY === true;
  }
}
