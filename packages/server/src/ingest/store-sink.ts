/**
 * Applies ingest records straight to a store (no server running). Every record is validated with the same schemas
 * as the REST routes, so a file cannot put into the store what the API would refuse; a refused record is reported,
 * not thrown, and the rest goes on.
 */
import {
  CreateRunBody,
  HistogramsBatchBody,
  LogsBatchBody,
  MetricsBatchBody,
  PatchRunBody,
  RunlensError,
  TextsBatchBody,
  type IngestRecord,
} from '@runlens/core';
import type { z } from 'zod';
import type { Store } from '../store/store.js';
import { metricsBatchToWrites } from './metrics-batch.js';
import { isValidMetricsBatch } from './metrics-validator.js';
import { emptyReport, type RecordSink, type SinkReport } from './record-sink.js';
import { createRunInput, histogramWrites, logLines, textWrites, updateRunInput } from './request-bodies.js';
import { formatPath } from '../server/error-handler.js';

function parse<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = formatPath(`/${issue.path.join('/')}`);
    throw new RunlensError('VALIDATION', `${what}${where ? ` ${where}` : ''}: ${issue.message}`);
  }
  return r.data;
}

export class StoreRecordSink implements RecordSink {
  readonly report: SinkReport = emptyReport();
  private readonly seriesSeen = new Set<string>();

  constructor(private readonly store: Store, private readonly ownsStore = false) {}

  async apply(record: IngestRecord): Promise<void> {
    const run = record.type === 'run' ? record.run.id : record.run;
    try {
      await this.applyOrThrow(record);
    } catch (e) {
      if (!(e instanceof RunlensError) || e.status >= 500) throw e;
      this.report.rejected.push({ record: record.type, run: String(run), reason: e.message });
    }
  }

  private async applyOrThrow(record: IngestRecord): Promise<void> {
    const now = Date.now();
    switch (record.type) {
      case 'run': {
        const { created } = await this.store.createRun(createRunInput(parse(CreateRunBody, record.run, 'run')));
        if (created) this.report.runsCreated++;
        else this.report.runsExisting++;
        break;
      }
      case 'metrics': {
        const body = isValidMetricsBatch(record.body) ? record.body : parse(MetricsBatchBody, record.body, 'metrics');
        const writes = metricsBatchToWrites(body, now);
        const { written } = await this.store.appendPoints(record.run, writes);
        this.report.points += written;
        for (const w of writes) this.seriesSeen.add(`${record.run}\u0000${w.key}`);
        this.report.series = this.seriesSeen.size;
        break;
      }
      case 'update':
        await this.store.updateRun(record.run, updateRunInput(parse(PatchRunBody, record.body, 'update'), now));
        this.report.updates++;
        break;
      case 'logs':
        this.report.logLines += await this.store.appendLogs(record.run, logLines(parse(LogsBatchBody, record.body, 'logs'), now));
        break;
      case 'histograms':
        this.report.histograms += await this.store.appendHistograms(record.run, histogramWrites(parse(HistogramsBatchBody, record.body, 'histograms'), now));
        break;
      case 'texts':
        this.report.texts += await this.store.appendTexts(record.run, textWrites(parse(TextsBatchBody, record.body, 'texts'), now));
        break;
    }
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    if (this.ownsStore) await this.store.close();
  }
}
