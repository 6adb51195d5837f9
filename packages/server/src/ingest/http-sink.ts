/**
 * Sends ingest records to a runlens server over its REST API. Consecutive metric records of one run are merged
 * into requests of up to MERGE_POINTS points. A 4xx is a refused record (reported, the rest goes on); a 5xx or an
 * unreachable server throws UNAVAILABLE, since nothing after it would get through either.
 */
import { RunlensError, type IngestRecord, type MetricsBatchBody } from '@runlens/core';
import { emptyReport, type RecordSink, type SinkReport } from './record-sink.js';

/** Points merged into one request at most; below the server's per-batch limit. */
const MERGE_POINTS = 100_000;

type Series = NonNullable<MetricsBatchBody['series']>[number];

export class HttpRecordSink implements RecordSink {
  readonly report: SinkReport = emptyReport();
  private pending: { run: string; series: Series[]; points: MetricsBatchBody['points']; count: number } | undefined;
  private readonly seriesSeen = new Set<string>();

  constructor(readonly url: string, private readonly token?: string) {}

  private async send(method: string, path: string, body: unknown): Promise<{ status: number; body: { written?: number; error?: { message?: string } } }> {
    let res: Response;
    try {
      res = await fetch(`${this.url.replace(/\/$/, '')}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        body: JSON.stringify(body),
      });
    } catch (e) {
      throw new RunlensError('UNAVAILABLE', `cannot reach the runlens server at ${this.url} (${(e as Error).message}): start one with \`runlens serve\` or pass --url`);
    }
    const parsed = (await res.json().catch(() => ({}))) as { written?: number; error?: { message?: string } };
    if (res.status === 401 || res.status === 403) throw new RunlensError('UNAUTHORIZED', `${this.url} refused the request: ${parsed.error?.message ?? res.status} (pass --token or set RUNLENS_TOKEN)`);
    if (res.status >= 500) throw new RunlensError('UNAVAILABLE', `${this.url} failed with HTTP ${res.status}: ${parsed.error?.message ?? ''}`);
    return { status: res.status, body: parsed };
  }

  private reject(record: IngestRecord['type'], run: string, status: number, message: string | undefined): void {
    this.report.rejected.push({ record, run, reason: message ?? `HTTP ${status}` });
  }

  async apply(record: IngestRecord): Promise<void> {
    if (record.type === 'metrics') {
      const n = (record.body.points?.length ?? 0) + (record.body.series ?? []).reduce((a, s) => a + s.steps.length, 0);
      if (this.pending && (this.pending.run !== record.run || this.pending.count + n > MERGE_POINTS)) await this.flush();
      if (!this.pending) this.pending = { run: record.run, series: [], points: [], count: 0 };
      this.pending.series.push(...(record.body.series ?? []));
      this.pending.points!.push(...(record.body.points ?? []));
      this.pending.count += n;
      for (const s of record.body.series ?? []) this.seriesSeen.add(`${record.run}\u0000${s.key}`);
      for (const p of record.body.points ?? []) this.seriesSeen.add(`${record.run}\u0000${p.key}`);
      return;
    }
    await this.flush();
    const run = record.type === 'run' ? record.run.id : record.run;
    const id = encodeURIComponent(run);
    if (record.type === 'run') {
      const r = await this.send('POST', '/api/v1/runs', record.run);
      if (r.status === 201) this.report.runsCreated++;
      else if (r.status === 200) this.report.runsExisting++;
      else this.reject('run', run, r.status, r.body.error?.message);
      return;
    }
    const route = { update: ['PATCH', ''], logs: ['POST', '/logs'], histograms: ['POST', '/histograms'], texts: ['POST', '/texts'] } as const;
    const [method, suffix] = route[record.type];
    const r = await this.send(method, `/api/v1/runs/${id}${suffix}`, record.body);
    if (r.status >= 400) return this.reject(record.type, run, r.status, r.body.error?.message);
    if (record.type === 'update') this.report.updates++;
    else if (record.type === 'logs') this.report.logLines += r.body.written ?? 0;
    else if (record.type === 'histograms') this.report.histograms += r.body.written ?? 0;
    else this.report.texts += r.body.written ?? 0;
  }

  async flush(): Promise<void> {
    if (!this.pending) return;
    const p = this.pending;
    this.pending = undefined;
    const body: MetricsBatchBody = { ...(p.series.length ? { series: p.series } : {}), ...(p.points!.length ? { points: p.points } : {}) };
    const r = await this.send('POST', `/api/v1/runs/${encodeURIComponent(p.run)}/metrics`, body);
    if (r.status >= 400) this.reject('metrics', p.run, r.status, r.body.error?.message);
    else {
      this.report.points += r.body.written ?? 0;
      this.report.series = this.seriesSeen.size;
    }
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
