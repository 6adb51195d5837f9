/**
 * A PlotDataSource whose series reads go through the PipelineCache: a dashboard re-rendering its panels, or a
 * figure exported again in another format, reads each downsampled series once. A key holds the run's data version
 * (the series' point count, last step and last write time, and the x metric's), so new points make a new key; the
 * cache also drops a run's entries when the bus says it got points.
 */
import type { Run } from '@runlens/core';
import type { PipelineCache, PipelineCacheKey } from './pipeline-cache.js';
import type { PlotDataSource, PlotHistogramRead, PlotSeriesColumns, PlotSeriesRead } from './plot-data-source.js';

function seriesVersion(run: Run, key: string): string {
  const s = run.metrics[key];
  return s ? `${s.count}:${s.lastStep}:${s.lastTime}:${s.nanCount}` : 'none';
}

function cacheKey(run: Run, read: PlotSeriesRead): PipelineCacheKey {
  const builtinX = read.x === 'step' || read.x === 'time' || read.x === 'relative';
  return {
    runId: run.id,
    kind: 'plot-series',
    metric: read.key,
    x: read.x,
    dataVersion: builtinX ? seriesVersion(run, read.key) : `${seriesVersion(run, read.key)}|${seriesVersion(run, read.x)}`,
    steps: [],
    options: { points: read.points },
  };
}

export class CachedPlotDataSource implements PlotDataSource {
  readonly describe: string;

  constructor(
    private readonly inner: PlotDataSource,
    private readonly cache: PipelineCache,
  ) {
    this.describe = inner.describe;
  }

  listRuns(q: { filter?: string | undefined; limit: number }): Promise<Run[]> {
    return this.inner.listRuns(q);
  }

  async readSeries(runs: ReadonlyMap<string, Run>, reads: readonly PlotSeriesRead[]): Promise<PlotSeriesColumns[]> {
    const out: PlotSeriesColumns[] = [];
    const misses: PlotSeriesRead[] = [];
    const keys = new Map<string, PipelineCacheKey>();
    for (const read of reads) {
      const run = runs.get(read.runId);
      if (!run) continue;
      const key = cacheKey(run, read);
      const hit = await this.cache.get<PlotSeriesColumns>(key);
      if (hit) out.push(hit);
      else {
        misses.push(read);
        keys.set(`${read.runId}\u0000${read.key}`, key);
      }
    }
    if (misses.length > 0) {
      for (const s of await this.inner.readSeries(runs, misses)) {
        const key = keys.get(`${s.runId}\u0000${s.key}`);
        if (key) this.cache.set(key, s);
        out.push(s);
      }
    }
    return out;
  }

  histogramKeys(runId: string): Promise<string[]> {
    return this.inner.histogramKeys(runId);
  }

  readHistograms(runId: string, key: string): Promise<PlotHistogramRead[]> {
    return this.inner.readHistograms(runId, key);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
