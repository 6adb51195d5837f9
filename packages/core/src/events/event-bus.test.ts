import { describe, expect, it } from 'vitest';
import { EventBus, type HandlerErrorInfo } from './event-bus.js';
import type { RunlensEvents } from './runlens-events.js';

interface TestEvents {
  tick: { n: number };
  name: { value: string };
}

function collectingBus() {
  const errors: [unknown, HandlerErrorInfo][] = [];
  const bus = new EventBus<TestEvents>({ onError: (e, info) => errors.push([e, info]) });
  return { bus, errors };
}

/** A promise settled from outside, so async ordering is driven by the test, not by timers. */
function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('EventBus', () => {
  it('delivers payloads to subscribers of that event only', async () => {
    const { bus } = collectingBus();
    const ticks: number[] = [];
    const names: string[] = [];
    bus.on('tick', (e) => void ticks.push(e.n));
    bus.on('name', (e) => void names.push(e.value));
    await bus.publish('tick', { n: 1 });
    await bus.publish('name', { value: '<script>alert(1)</script> ünïcödé' });
    expect(ticks).toEqual([1]);
    expect(names).toEqual(['<script>alert(1)</script> ünïcödé']);
    expect(await bus.publish('tick', { n: 2 })).toEqual({ handled: 1, failed: 0, errors: [] });
  });

  it('publishing with no subscribers resolves with nothing handled', async () => {
    const { bus } = collectingBus();
    expect(await bus.publish('tick', { n: 1 })).toEqual({ handled: 0, failed: 0, errors: [] });
  });

  it('calls higher priorities first, equal priorities in subscription order', async () => {
    const { bus } = collectingBus();
    const order: string[] = [];
    bus.on('tick', () => void order.push('a0'));
    bus.on('tick', () => void order.push('b10'), { priority: 10 });
    bus.on('tick', () => void order.push('c0'));
    bus.on('tick', () => void order.push('d-5'), { priority: -5 });
    bus.on('tick', () => void order.push('e10'), { priority: 10 });
    await bus.publish('tick', { n: 0 });
    expect(order).toEqual(['b10', 'e10', 'a0', 'c0', 'd-5']);
    expect(() => bus.on('tick', () => undefined, { priority: Number.NaN })).toThrow(/finite/);
  });

  it('runs sync handlers before publish returns', () => {
    const { bus } = collectingBus();
    let seen = 0;
    bus.on('tick', (e) => void (seen = e.n));
    void bus.publish('tick', { n: 7 });
    expect(seen).toBe(7);
  });

  it('filters per subscription', async () => {
    const { bus } = collectingBus();
    const even: number[] = [];
    bus.on('tick', (e) => void even.push(e.n), { filter: (e) => e.n % 2 === 0 });
    for (let n = 0; n < 6; n++) await bus.publish('tick', { n });
    expect(even).toEqual([0, 2, 4]);
    expect(await bus.publish('tick', { n: 1 })).toEqual({ handled: 0, failed: 0, errors: [] });
  });

  it('settles publish only after async handlers finish, without one waiting for another', async () => {
    const { bus } = collectingBus();
    const slow = deferred();
    const started: string[] = [];
    let settled = false;
    bus.on('tick', async () => {
      started.push('slow');
      await slow.promise;
    }, { priority: 1 });
    bus.on('tick', async () => void started.push('fast'));
    const p = bus.publish('tick', { n: 1 }).then((r) => {
      settled = true;
      return r;
    });
    // the second handler started although the first has not finished
    expect(started).toEqual(['slow', 'fast']);
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toBe(false);
    slow.resolve();
    expect(await p).toEqual({ handled: 2, failed: 0, errors: [] });
    expect(settled).toBe(true);
  });

  it('reports a throwing or rejecting handler through onError and still runs the others', async () => {
    const { bus, errors } = collectingBus();
    const ran: string[] = [];
    bus.on('tick', function breaksSync() {
      throw new Error('sync boom');
    }, { priority: 2 });
    bus.on('tick', async function breaksAsync() {
      throw new Error('async boom');
    }, { priority: 1 });
    bus.on('tick', () => void ran.push('after'));
    bus.on('tick', () => void ran.push('filtered'), { filter: () => { throw new Error('filter boom'); } });
    const r = await bus.publish('tick', { n: 1 });
    expect(ran).toEqual(['after']);
    expect(r.handled).toBe(3);
    expect(r.failed).toBe(3);
    expect(r.errors.map((e) => (e as Error).message)).toEqual(['sync boom', 'filter boom', 'async boom']);
    expect(errors.map(([e, info]) => [(e as Error).message, info.event, info.handler])).toEqual([
      ['sync boom', 'tick', 'breaksSync'],
      ['filter boom', 'tick', 'anonymous'],
      ['async boom', 'tick', 'breaksAsync'],
    ]);
  });

  it('survives an onError that throws itself', async () => {
    const bus = new EventBus<TestEvents>({ onError: () => { throw new Error('reporter broke'); } });
    const ran: number[] = [];
    bus.on('tick', () => { throw new Error('x'); });
    bus.on('tick', (e) => void ran.push(e.n));
    expect(await bus.publish('tick', { n: 3 })).toMatchObject({ handled: 2, failed: 1 });
    expect(ran).toEqual([3]);
  });

  it('unsubscribes with the returned function or off, and once fires a single time even when re-entered', async () => {
    const { bus } = collectingBus();
    const seen: string[] = [];
    const h = (e: { n: number }) => void seen.push(`h${e.n}`);
    const off = bus.on('tick', (e) => void seen.push(`a${e.n}`));
    bus.on('tick', h);
    bus.on('tick', h, { priority: -1 });
    bus.once('tick', async (e) => {
      seen.push(`once${e.n}`);
      await bus.publish('tick', { n: 99 }); // re-entrant publish must not call the once handler again
    });
    await bus.publish('tick', { n: 1 });
    off();
    off(); // twice is harmless
    expect(bus.off('tick', h)).toBe(2);
    await bus.publish('tick', { n: 2 });
    expect(seen).toEqual(['a1', 'h1', 'once1', 'a99', 'h99', 'h99', 'h1']);
    expect(bus.listenerCount('tick')).toBe(0);
    expect(bus.listenerCount()).toBe(0);
  });

  it('skips handlers unsubscribed during a publish and defers ones subscribed during it', async () => {
    const { bus } = collectingBus();
    const seen: string[] = [];
    let offLater = () => {};
    bus.on('tick', () => {
      seen.push('first');
      offLater();
      bus.on('tick', () => void seen.push('added'));
    }, { priority: 1 });
    offLater = bus.on('tick', () => void seen.push('later'));
    await bus.publish('tick', { n: 1 });
    expect(seen).toEqual(['first']);
    await bus.publish('tick', { n: 2 });
    expect(seen).toEqual(['first', 'first', 'added']);
  });

  it('handles many subscribers and events without losing any', async () => {
    const { bus } = collectingBus();
    let total = 0;
    for (let i = 0; i < 1000; i++) bus.on('tick', (e) => void (total += e.n), { priority: i % 7 });
    for (let n = 0; n < 100; n++) await bus.publish('tick', { n: 1 });
    expect(total).toBe(100_000);
    bus.clear();
    expect(bus.listenerCount()).toBe(0);
  });

  it('without onError, failures are still returned by publish', async () => {
    const bus = new EventBus<TestEvents>();
    bus.on('tick', () => { throw new Error('quiet'); });
    const r = await bus.publish('tick', { n: 1 });
    expect(r.failed).toBe(1);
    expect((r.errors[0] as Error).message).toBe('quiet');
  });

  it('is typed over the RunlensEvents map by default', async () => {
    const bus = new EventBus({ onError: () => undefined });
    const got: string[][] = [];
    bus.on('config.changed', (e) => void got.push(e.changedKeys));
    const payload: RunlensEvents['config.changed'] = { changedKeys: ['theme', 'cache.memoryMb'] };
    await bus.publish('config.changed', payload);
    expect(got).toEqual([['theme', 'cache.memoryMb']]);
  });
});
