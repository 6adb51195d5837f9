import { describe, expect, it } from 'vitest';
import { exitOutcome } from './exit-status.js';

describe('exitOutcome', () => {
  it('maps exit codes and signals to run statuses and shell-style exit codes', () => {
    expect(exitOutcome({ code: 0, signal: null })).toEqual({ status: 'completed', exitCode: 0, error: null });
    expect(exitOutcome({ code: 3, signal: null })).toEqual({ status: 'failed', exitCode: 3, error: 'exit code 3' });
    expect(exitOutcome({ code: null, signal: 'SIGTERM' })).toEqual({ status: 'killed', exitCode: 143, error: 'killed by SIGTERM' });
    expect(exitOutcome({ code: null, signal: 'SIGINT' })).toMatchObject({ status: 'killed', exitCode: 130 });
    expect(exitOutcome({ code: null, signal: 'SIGKILL' })).toMatchObject({ status: 'killed', exitCode: 137 });
    expect(exitOutcome({ code: null, signal: 'SIGHUP' })).toMatchObject({ status: 'killed', exitCode: 129 });
  });

  it('calls a crash by signal a failure, with the last stderr lines', () => {
    const out = exitOutcome({ code: null, signal: 'SIGSEGV', stderrTail: ['Fatal Python error: Segmentation fault'] });
    expect(out.status).toBe('failed');
    expect(out.exitCode).toBe(139);
    expect(out.error).toBe('killed by SIGSEGV\nFatal Python error: Segmentation fault');
  });

  it('puts the stderr tail of a failure in the error, cut to a readable size', () => {
    const tail = ['Traceback (most recent call last):', '  File "train.py", line 3', 'ValueError: bad lr'];
    expect(exitOutcome({ code: 1, signal: null, stderrTail: tail }).error).toBe(`exit code 1\n${tail.join('\n')}`);
    const long = exitOutcome({ code: 1, signal: null, stderrTail: ['y'.repeat(10_000)] }).error!;
    expect(long.length).toBeLessThan(4100);
    expect(long.endsWith('y')).toBe(true);
  });

  it('calls a non-zero exit after a forwarded stop signal killed, and a clean exit after it completed', () => {
    expect(exitOutcome({ code: 1, signal: null, forwarded: 'SIGINT' })).toEqual({ status: 'killed', exitCode: 1, error: 'stopped by SIGINT (exit code 1)' });
    expect(exitOutcome({ code: 0, signal: null, forwarded: 'SIGTERM' }).status).toBe('completed');
  });
});
