/**
 * One WebSocket to `/api/v1/live` for the whole dashboard. Views add subscriptions (reference-counted, so two
 * views watching one run share it); the union is sent to the server, and sent again after every reconnect.
 * A closed socket reconnects with exponential backoff (0.5 s doubling to 10 s, jittered), so a restarted server is
 * picked up without a page reload; `reconnected` tells the app to refetch what it missed meanwhile.
 */
import type { LogLine, WireValue } from '@runlens/core';
import type { WireRun } from '../api/runs.js';
import { apiToken } from '../api/http.js';

/** Server → client messages (docs/api.md "Live updates"). */
export type LiveMessage =
  | { type: 'hello'; interval: number }
  | { type: 'subscribed'; projects: string[]; runs: string[] }
  | { type: 'runs'; runs: WireRun[] }
  | { type: 'deleted'; runs: string[] }
  | { type: 'points'; series: { run: string; key: string; steps: number[]; values: WireValue[]; times: number[] }[] }
  | { type: 'logs'; logs: { run: string; lines: LogLine[] }[] }
  | { type: 'resync'; reason: string }
  | { type: 'pong' }
  | { type: 'error'; message: string };

export type LiveState = 'connecting' | 'open' | 'disconnected';

export interface LiveSubscription {
  projects?: readonly string[];
  runs?: readonly string[];
}

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10_000;
const PING_MS = 30_000;

function liveUrl(): string {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = apiToken();
  return `${proto}//${window.location.host}/api/v1/live${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

export class LiveConnection {
  private socket: WebSocket | null = null;
  private stateValue: LiveState = 'connecting';
  private backoff = MIN_BACKOFF_MS;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private everOpened = false;
  private closed = false;
  private readonly projects = new Map<string, number>();
  private readonly runs = new Map<string, number>();
  private readonly messageListeners = new Set<(m: LiveMessage) => void>();
  private readonly stateListeners = new Set<() => void>();
  private readonly reconnectListeners = new Set<() => void>();

  constructor(private readonly url: () => string = liveUrl) {}

  get state(): LiveState {
    return this.stateValue;
  }

  start(): void {
    this.closed = false;
    if (!this.socket) this.connect();
  }

  stop(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    this.socket?.close();
    this.socket = null;
  }

  /** Adds a subscription; the returned function removes it. */
  subscribe(sub: LiveSubscription): () => void {
    const added = { projects: this.addRefs(this.projects, sub.projects), runs: this.addRefs(this.runs, sub.runs) };
    if (added.projects.length || added.runs.length) this.send({ type: 'subscribe', ...added });
    return () => {
      const removed = { projects: this.dropRefs(this.projects, sub.projects), runs: this.dropRefs(this.runs, sub.runs) };
      if (removed.projects.length || removed.runs.length) this.send({ type: 'unsubscribe', ...removed });
    };
  }

  onMessage(fn: (m: LiveMessage) => void): () => void {
    this.messageListeners.add(fn);
    return () => this.messageListeners.delete(fn);
  }

  onState(fn: () => void): () => void {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  }

  /** Called after a connection comes back: whatever changed meanwhile was not pushed. */
  onReconnect(fn: () => void): () => void {
    this.reconnectListeners.add(fn);
    return () => this.reconnectListeners.delete(fn);
  }

  private addRefs(map: Map<string, number>, keys: readonly string[] = []): string[] {
    const fresh: string[] = [];
    for (const k of keys) {
      const n = map.get(k) ?? 0;
      if (n === 0) fresh.push(k);
      map.set(k, n + 1);
    }
    return fresh;
  }

  private dropRefs(map: Map<string, number>, keys: readonly string[] = []): string[] {
    const gone: string[] = [];
    for (const k of keys) {
      const n = map.get(k) ?? 0;
      if (n <= 1) {
        map.delete(k);
        if (n === 1) gone.push(k);
      } else map.set(k, n - 1);
    }
    return gone;
  }

  private send(msg: unknown): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(msg));
  }

  private setState(s: LiveState): void {
    if (s === this.stateValue) return;
    this.stateValue = s;
    for (const fn of this.stateListeners) fn();
  }

  private connect(): void {
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url());
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.backoff = MIN_BACKOFF_MS;
      const projects = [...this.projects.keys()];
      const runs = [...this.runs.keys()];
      if (projects.length || runs.length) this.send({ type: 'subscribe', projects, runs });
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.send({ type: 'ping' }), PING_MS);
      this.setState('open');
      if (this.everOpened) for (const fn of this.reconnectListeners) fn();
      this.everOpened = true;
    };
    socket.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data !== 'string') return;
      let msg: LiveMessage;
      try {
        msg = JSON.parse(ev.data) as LiveMessage;
      } catch {
        return;
      }
      for (const fn of this.messageListeners) fn(msg);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      clearInterval(this.pingTimer);
      if (this.closed) return;
      this.setState('disconnected');
      this.scheduleRetry();
    };
    // an error is followed by close, which retries
    socket.onerror = () => undefined;
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    const delay = this.backoff * (0.75 + Math.random() * 0.5);
    this.backoff = Math.min(MAX_BACKOFF_MS, this.backoff * 2);
    this.retryTimer = setTimeout(() => {
      if (!this.closed) this.connect();
    }, delay);
  }
}
