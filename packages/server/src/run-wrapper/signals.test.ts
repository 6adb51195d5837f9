import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forwardSignals, inTerminalForeground, type SignalSource } from './signals.js';

/** A child that reports each signal it gets on stdout and ignores SIGINT and SIGTERM (a script saving a checkpoint). */
function stubbornChild(): { child: ChildProcess; seen: string[]; ready: Promise<void> } {
  const script = `
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => console.log('got ' + s));
    console.log('ready');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const seen: string[] = [];
  const ready = new Promise<void>((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      for (const l of d.toString().split('\n').filter(Boolean)) {
        if (l === 'ready') resolve();
        else seen.push(l);
      }
    });
  });
  return { child, seen, ready };
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe('forwardSignals', () => {
  it('forwards SIGTERM and SIGHUP, and a first SIGINT, then kills the child on a second SIGINT', async () => {
    const { child, seen, ready } = stubbornChild();
    children.push(child);
    await ready;
    const source = new EventEmitter();
    const messages: string[] = [];
    const fw = forwardSignals(child, { source: source as SignalSource, sigintFromTerminal: () => false, onMessage: (m) => messages.push(m) });
    expect(source.listenerCount('SIGINT')).toBe(1);
    source.emit('SIGTERM');
    await vi.waitFor(() => expect(seen).toEqual(['got SIGTERM']), { timeout: 10_000 });
    source.emit('SIGHUP');
    // one signal at a time: two pending signals may reach the child's handlers in either order
    await vi.waitFor(() => expect(seen).toEqual(['got SIGTERM', 'got SIGHUP']), { timeout: 10_000 });
    source.emit('SIGINT');
    await vi.waitFor(() => expect(seen).toEqual(['got SIGTERM', 'got SIGHUP', 'got SIGINT']), { timeout: 10_000 });
    expect(fw.forwarded).toBe('SIGTERM');
    expect(messages.join('\n')).toMatch(/Ctrl-C again to kill/);
    source.emit('SIGINT');
    expect(await exited(child)).toBe('SIGKILL');
    fw.dispose();
    expect(source.listenerCount('SIGINT')).toBe(0);
    expect(source.listenerCount('SIGTERM')).toBe(0);
  });

  it('does not repeat a terminal Ctrl-C the child got from the terminal itself', async () => {
    const { child, seen, ready } = stubbornChild();
    children.push(child);
    await ready;
    const source = new EventEmitter();
    const fw = forwardSignals(child, { source: source as SignalSource, sigintFromTerminal: () => true });
    source.emit('SIGINT');
    expect(fw.forwarded).toBe('SIGINT');
    // a SIGTERM sent after it arrives after anything the SIGINT would have caused: nothing came before it
    source.emit('SIGTERM');
    await vi.waitFor(() => expect(seen).toEqual(['got SIGTERM']), { timeout: 10_000 });
    source.emit('SIGINT');
    expect(await exited(child)).toBe('SIGKILL');
    expect(seen).toEqual(['got SIGTERM']);
    fw.dispose();
  });

  it('ignores signals once the child is gone', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await exited(child);
    const source = new EventEmitter();
    const fw = forwardSignals(child, { source: source as SignalSource, sigintFromTerminal: () => false });
    expect(() => {
      source.emit('SIGTERM');
      source.emit('SIGINT');
      source.emit('SIGINT');
    }).not.toThrow();
    fw.dispose();
  });

  it('tells whether this process is in its terminal foreground group without throwing', () => {
    expect(typeof inTerminalForeground()).toBe('boolean');
  });
});
