/**
 * Fans store changes (as published on the app's event bus) out to WebSocket subscribers. Each connection subscribes to projects and/or runs; changes
 * are coalesced per connection and sent every `intervalMs` (default 50 ms) as at most one `runs`, one `points`
 * and one `logs` message, so a hundred runs logging at once cost a few messages per tick, not thousands.
 */
import { encodeColumn, type EventBus, type LogLine, type Run, type RunlensEvents } from '@runlens/core';
import { toWireRun } from './wire.js';

export interface LiveSocket {
  send(data: string): void;
  /** Bytes queued but not yet written; a slow consumer gets a resync instead of unbounded memory. */
  readonly bufferedAmount: number;
}

/** Pending points per connection before we stop queueing and ask the client to refetch instead. */
const MAX_PENDING_POINTS = 200_000;
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

interface PendingSeries {
  run: string;
  key: string;
  steps: number[];
  values: number[];
  times: number[];
}

class Subscriber {
  readonly projects = new Set<string>();
  readonly runs = new Set<string>();
  runsChanged = new Map<string, Run>();
  deleted = new Set<string>();
  points = new Map<string, PendingSeries>();
  logs = new Map<string, LogLine[]>();
  pendingPoints = 0;
  overflow = false;

  constructor(readonly socket: LiveSocket) {}

  wants(runId: string, project: string): boolean {
    return this.runs.has(runId) || this.projects.has(project) || this.projects.has('*');
  }
}

export class LiveHub {
  private readonly subs = new Set<Subscriber>();
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(bus: EventBus<RunlensEvents>, intervalMs = 50) {
    const offs = [
      bus.on('run.created', (e) => this.onRunChanged(e.run)),
      bus.on('run.updated', (e) => this.onRunChanged(e.run)),
      bus.on('run.deleted', (e) => this.onRunDeleted(e)),
      bus.on('points.appended', (e) => this.onPoints(e)),
      bus.on('logs.appended', (e) => this.onLogs(e)),
    ];
    this.unsubscribe = () => offs.forEach((off) => off());
    this.timer = setInterval(() => this.flush(), intervalMs);
    this.timer.unref();
  }

  get connections(): number {
    return this.subs.size;
  }

  add(socket: LiveSocket): Subscriber {
    const s = new Subscriber(socket);
    this.subs.add(s);
    return s;
  }

  remove(s: Subscriber): void {
    this.subs.delete(s);
  }

  subscribe(s: Subscriber, projects: string[] = [], runs: string[] = []): void {
    for (const p of projects) s.projects.add(p);
    for (const r of runs) s.runs.add(r);
  }

  unsubscribeFrom(s: Subscriber, projects: string[] = [], runs: string[] = []): void {
    for (const p of projects) s.projects.delete(p);
    for (const r of runs) s.runs.delete(r);
  }

  private onRunChanged(run: Run): void {
    for (const s of this.subs) if (s.wants(run.id, run.project)) s.runsChanged.set(run.id, run);
  }

  private onRunDeleted(e: RunlensEvents['run.deleted']): void {
    for (const s of this.subs) if (s.wants(e.runId, e.project)) s.deleted.add(e.runId);
  }

  private onPoints(e: RunlensEvents['points.appended']): void {
    for (const s of this.subs) {
      if (!s.wants(e.runId, e.project) || s.overflow) continue;
      for (const series of e.series) {
        const id = `${e.runId}\u0000${series.key}`;
        let p = s.points.get(id);
        if (!p) s.points.set(id, (p = { run: e.runId, key: series.key, steps: [], values: [], times: [] }));
        for (let i = 0; i < series.steps.length; i++) {
          p.steps.push(series.steps[i]!);
          p.values.push(series.values[i]!);
          p.times.push(series.times[i]!);
        }
        s.pendingPoints += series.steps.length;
      }
      if (s.pendingPoints > MAX_PENDING_POINTS) {
        s.overflow = true;
        s.points.clear();
        s.pendingPoints = 0;
      }
    }
  }

  private onLogs(e: RunlensEvents['logs.appended']): void {
    for (const s of this.subs) {
      if (!s.wants(e.runId, e.project)) continue;
      s.logs.set(e.runId, [...(s.logs.get(e.runId) ?? []), ...e.lines]);
    }
  }

  /** Sends what each subscriber has pending. Public so tests can flush without waiting. */
  flush(): void {
    for (const s of this.subs) {
      if (s.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        s.overflow = true;
        s.points.clear();
        s.pendingPoints = 0;
        continue;
      }
      const send = (msg: unknown) => {
        try {
          s.socket.send(JSON.stringify(msg));
        } catch {
          // the close handler removes the subscriber
        }
      };
      if (s.runsChanged.size) {
        send({ type: 'runs', runs: [...s.runsChanged.values()].map(toWireRun) });
        s.runsChanged = new Map();
      }
      if (s.deleted.size) {
        send({ type: 'deleted', runs: [...s.deleted] });
        s.deleted = new Set();
      }
      if (s.overflow) {
        send({ type: 'resync', reason: 'too many points queued for this connection; refetch with GET /api/v1/series' });
        s.overflow = false;
      } else if (s.points.size) {
        send({
          type: 'points',
          series: [...s.points.values()].map((p) => ({ run: p.run, key: p.key, steps: p.steps, values: encodeColumn(p.values), times: p.times })),
        });
        s.points = new Map();
        s.pendingPoints = 0;
      }
      if (s.logs.size) {
        send({ type: 'logs', logs: [...s.logs.entries()].map(([run, lines]) => ({ run, lines })) });
        s.logs = new Map();
      }
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.unsubscribe();
    this.subs.clear();
  }
}

export type { Subscriber };
