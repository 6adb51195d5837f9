/**
 * A typed publish/subscribe bus (DESIGN.md, Plot system). One bus per app; lifecycle events ride on it so that the
 * writers of data never know who listens (live hub, plot cache, config watchers).
 *
 * - Handlers run in priority order (higher first; equal priorities in subscription order). Each is started as soon
 *   as the previous one has returned, without waiting for an async one to settle, so a slow handler never delays the
 *   others; `publish` resolves once every handler, sync or async, has finished.
 * - A handler that throws or rejects is reported through `onError` and never stops the other handlers nor rejects
 *   `publish`: a broken subscriber cannot undo a write that already happened.
 * - `filter` skips a handler for payloads it does not want; `once` removes the subscription before its first call.
 * - Handlers subscribed during a publish are not called for it; handlers unsubscribed during a publish are skipped
 *   if they have not run yet.
 *
 * @example
 * const bus = new EventBus<RunlensEvents>({ onError: (e, info) => log.error(e, info.event) });
 * const off = bus.on('points.appended', (e) => cache.drop(e.runId), { priority: 10 });
 * await bus.publish('points.appended', { runId, project, keys: ['loss'], count: 3, series });
 * off();
 */
import type { RunlensEvents } from './runlens-events.js';

export type EventHandler<P> = (payload: P) => void | Promise<void>;

export interface SubscribeOptions<P> {
  /** Higher runs first. Default 0. */
  priority?: number;
  /** Only payloads for which this returns true reach the handler; a throwing filter is reported like a handler. */
  filter?: (payload: P) => boolean;
  /** Unsubscribe before the first call. Default false. */
  once?: boolean;
}

export interface HandlerErrorInfo {
  event: string;
  /** The handler's function name, when it has one (for logs). */
  handler: string;
}

export interface EventBusOptions {
  /**
   * Called for every handler that throws or rejects. Without it, failures are only counted and returned by
   * `publish` (core has no logger): an app should always pass one.
   */
  onError?: (error: unknown, info: HandlerErrorInfo) => void;
}

/** What a publish did: handlers called (after filters), how many of them failed, and their errors. */
export interface PublishResult {
  handled: number;
  failed: number;
  errors: unknown[];
}

interface Subscription {
  handler: EventHandler<never>;
  priority: number;
  filter: ((payload: never) => boolean) | undefined;
  once: boolean;
  seq: number;
  active: boolean;
}

function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

export class EventBus<E extends object = RunlensEvents> {
  private readonly subs = new Map<keyof E, Subscription[]>();
  private readonly onError: ((error: unknown, info: HandlerErrorInfo) => void) | undefined;
  private seq = 0;

  constructor(options: EventBusOptions = {}) {
    this.onError = options.onError;
  }

  /** Subscribes; returns the function that unsubscribes (safe to call twice). */
  on<K extends keyof E>(event: K, handler: EventHandler<E[K]>, options: SubscribeOptions<E[K]> = {}): () => void {
    const priority = options.priority ?? 0;
    if (!Number.isFinite(priority)) throw new TypeError(`event priority must be a finite number, got ${String(priority)}`);
    const sub: Subscription = {
      handler: handler as EventHandler<never>,
      priority,
      filter: options.filter as ((payload: never) => boolean) | undefined,
      once: options.once ?? false,
      seq: this.seq++,
      active: true,
    };
    const list = [...(this.subs.get(event) ?? []), sub];
    // stable: equal priorities keep subscription order
    list.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
    this.subs.set(event, list);
    return () => this.remove(event, sub);
  }

  /** Like `on` with `once: true`. */
  once<K extends keyof E>(event: K, handler: EventHandler<E[K]>, options: Omit<SubscribeOptions<E[K]>, 'once'> = {}): () => void {
    return this.on(event, handler, { ...options, once: true });
  }

  /** Removes every subscription of `handler` to `event`; returns how many there were. */
  off<K extends keyof E>(event: K, handler: EventHandler<E[K]>): number {
    const matching = (this.subs.get(event) ?? []).filter((s) => s.handler === (handler as EventHandler<never>));
    for (const s of matching) this.remove(event, s);
    return matching.length;
  }

  /** Subscriptions to one event, or to all events. */
  listenerCount(event?: keyof E): number {
    if (event !== undefined) return this.subs.get(event)?.length ?? 0;
    let n = 0;
    for (const list of this.subs.values()) n += list.length;
    return n;
  }

  /**
   * Calls every matching handler (sync ones before this returns) and resolves when async ones have settled. Never
   * rejects: failures go to `onError` and are counted in the result.
   */
  publish<K extends keyof E>(event: K, payload: E[K]): Promise<PublishResult> {
    const list = this.subs.get(event);
    const result: PublishResult = { handled: 0, failed: 0, errors: [] };
    if (!list || list.length === 0) return Promise.resolve(result);
    const pending: Promise<void>[] = [];
    const fail = (error: unknown, sub: Subscription) => {
      result.failed++;
      result.errors.push(error);
      try {
        this.onError?.(error, { event: String(event), handler: sub.handler.name || 'anonymous' });
      } catch {
        // an error reporter that throws must not break the publish either
      }
    };
    // a snapshot: subscriptions added by a handler wait for the next publish
    for (const sub of [...list]) {
      if (!sub.active) continue;
      try {
        if (sub.filter && !sub.filter(payload as never)) continue;
      } catch (e) {
        fail(e, sub);
        continue;
      }
      if (sub.once) this.remove(event, sub);
      result.handled++;
      try {
        const r: unknown = sub.handler(payload as never);
        if (isPromiseLike(r)) pending.push(Promise.resolve(r).then(undefined, (e: unknown) => fail(e, sub)));
      } catch (e) {
        fail(e, sub);
      }
    }
    return pending.length ? Promise.all(pending).then(() => result) : Promise.resolve(result);
  }

  /** Drops every subscription (app shutdown). */
  clear(): void {
    for (const list of this.subs.values()) for (const s of list) s.active = false;
    this.subs.clear();
  }

  private remove(event: keyof E, sub: Subscription): void {
    if (!sub.active) return;
    sub.active = false;
    const list = this.subs.get(event);
    if (!list) return;
    const rest = list.filter((s) => s !== sub);
    if (rest.length) this.subs.set(event, rest);
    else this.subs.delete(event);
  }
}
