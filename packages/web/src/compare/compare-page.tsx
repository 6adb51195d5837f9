/**
 * `/compare?runs=a,b,...` (2–10 runs side by side): the params that differ (all on request), metric summaries,
 * overlaid curves of a metric, and the statistical comparison of the analytics engine (POST
 * /api/v1/analytics/compare) by run group: of the groups' runs (all seeds, the default: a sample per group) or of
 * only the runs picked.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'wouter';
import { decodeValue, pickSummaryColumns, type Run, type WireValue } from '@runlens/core';
import { apiSend } from '../api/http.js';
import { listRuns } from '../api/runs.js';
import { fetchSeries } from '../api/series.js';
import { CurvesChart, type XRange } from '../charts/curves-chart.js';
import { DEFAULT_VIEW } from '../charts/chart-view.js';
import { ErrorBox, Spinner } from '../ui/feedback.js';
import { formatNumber, formatParam } from '../ui/format.js';
import { StatusChip } from '../ui/run-bits.js';
import { useElementWidth } from '../ui/use-element-width.js';
import { MAX_COMPARE, MIN_COMPARE } from './compare-limits.js';


/** A filter-language string literal. */
const quote = (s: string) => JSON.stringify(s);

export function ComparePage() {
  const [params, setParams] = useSearchParams();
  const ids = useMemo(() => [...new Set((params.get('runs') ?? '').split(',').map((s) => s.trim()).filter(Boolean))], [params]);
  const query = useQuery({
    queryKey: ['runs', 'compare', ids],
    queryFn: ({ signal }) => listRuns({ filter: `id in [${ids.map(quote).join(', ')}]`, limit: MAX_COMPARE }, signal),
    enabled: ids.length >= MIN_COMPARE && ids.length <= MAX_COMPARE,
  });
  // in the order of the URL
  const runs = useMemo(() => {
    const byId = new Map((query.data?.runs ?? []).map((r) => [r.id, r]));
    return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  }, [query.data, ids]);
  const set = (k: string, v: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (v === null) next.delete(k);
        else next.set(k, v);
        return next;
      },
      { replace: true },
    );

  if (ids.length < MIN_COMPARE || ids.length > MAX_COMPARE) {
    return (
      <div className="compare-page" data-testid="compare-page">
        <h2>Compare runs</h2>
        <p className="muted">
          Pick {MIN_COMPARE}–{MAX_COMPARE} runs in the <Link href="/">runs table</Link> and choose “compare” ({ids.length} given).
        </p>
      </div>
    );
  }
  if (query.isError) return <ErrorBox title="Could not load the runs" error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data) return <Spinner label="Loading the runs…" />;
  const missing = ids.filter((id) => !runs.some((r) => r.id === id));
  return (
    <div className="compare-page" data-testid="compare-page">
      <h2>
        Compare {runs.length} runs
      </h2>
      {missing.length > 0 && <p className="chart-error">Not found: {missing.join(', ')}</p>}
      <ParamsDiff runs={runs} all={params.get('all') === '1'} onAll={(v) => set('all', v ? '1' : null)} />
      <MetricSummaries runs={runs} />
      <OverlaidCurves runs={runs} metric={params.get('metric') ?? ''} onMetric={(m) => set('metric', m)} />
      <StatisticalComparison runs={runs} metric={params.get('metric') ?? ''} scope={params.get('scope') === 'runs' ? 'runs' : 'groups'} onScope={(s) => set('scope', s === 'groups' ? null : s)} />
    </div>
  );
}

function RunHeads({ runs }: { runs: readonly Run[] }) {
  return (
    <>
      {runs.map((r) => (
        <th key={r.id} className="compare-run">
          <Link href={`/runs/${r.id}`} className="run-link">
            {r.name}
          </Link>{' '}
          <StatusChip status={r.status} />
        </th>
      ))}
    </>
  );
}

function ParamsDiff({ runs, all, onAll }: { runs: readonly Run[]; all: boolean; onAll(v: boolean): void }) {
  const keys = useMemo(() => [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort(), [runs]);
  const differs = (k: string) => new Set(runs.map((r) => JSON.stringify(r.params[k] ?? null))).size > 1;
  const shown = all ? keys : keys.filter(differs);
  return (
    <section className="card compare-section" data-testid="params-diff">
      <header className="section-header">
        <h3 className="section-title">Params</h3>
        <label className="widget check">
          <input type="checkbox" checked={all} onChange={(e) => onAll(e.target.checked)} data-testid="params-show-all" />
          show all {keys.length} (not only the {keys.filter(differs).length} that differ)
        </label>
      </header>
      {shown.length === 0 ? (
        <p className="muted">{keys.length === 0 ? 'These runs have no params.' : 'All params are the same.'}</p>
      ) : (
        <table className="compare-table">
          <thead>
            <tr>
              <th>param</th>
              <RunHeads runs={runs} />
            </tr>
          </thead>
          <tbody>
            {shown.map((k) => (
              <tr key={k} className={differs(k) ? 'differs' : undefined} data-testid="param-row" data-param={k}>
                <th>{k}</th>
                {runs.map((r) => (
                  <td key={r.id}>{r.params[k] === undefined ? <span className="muted">—</span> : formatParam(r.params[k])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function MetricSummaries({ runs }: { runs: readonly Run[] }) {
  const keys = useMemo(() => [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].filter((k) => !k.startsWith('sys/')).sort(), [runs]);
  return (
    <section className="card compare-section" data-testid="metric-summaries">
      <h3 className="section-title">Metrics (last · min · max)</h3>
      <table className="compare-table">
        <thead>
          <tr>
            <th>metric</th>
            <RunHeads runs={runs} />
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k}>
              <th>{k}</th>
              {runs.map((r) => {
                const m = r.metrics[k];
                return (
                  <td key={r.id} className="num">
                    {m ? (
                      <>
                        <strong>{formatNumber(m.last)}</strong> <span className="muted">{formatNumber(m.min)} · {formatNumber(m.max)}</span>
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function OverlaidCurves({ runs, metric, onMetric }: { runs: readonly Run[]; metric: string; onMetric(m: string): void }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref);
  const keys = useMemo(() => [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort(), [runs]);
  const key = metric && keys.includes(metric) ? metric : (pickSummaryColumns([...runs], 1)[0] ?? keys[0] ?? '');
  const [zoom, setZoom] = useState<XRange | null>(null);
  const ids = runs.map((r) => r.id);
  const points = Math.max(100, Math.ceil(width / 100) * 100);
  const query = useQuery({
    queryKey: ['series', 'compare', ids, key, points, zoom],
    queryFn: ({ signal }) => fetchSeries(ids, [key], points, signal, zoom ?? {}),
    enabled: key !== '' && width > 0,
    placeholderData: keepPreviousData,
  });
  return (
    <section className="card compare-section" data-testid="compare-curves">
      <header className="section-header">
        <h3 className="section-title">Curves</h3>
        <select className="select" value={key} onChange={(e) => { onMetric(e.target.value); setZoom(null); }} aria-label="Metric" data-testid="compare-metric">
          {keys.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </header>
      <div ref={ref}>
        {query.isError && <ErrorBox title="Could not load the series" error={query.error} onRetry={() => void query.refetch()} />}
        {query.data && width > 0 && <CurvesChart runs={runs} series={query.data} metric={key} view={DEFAULT_VIEW} width={width} height={260} onZoom={setZoom} />}
      </div>
    </section>
  );
}

interface Ranking {
  group: string;
  rank: number;
  n: number;
  mean: WireValue;
  standardDeviation: WireValue;
  ci: [WireValue, WireValue];
  significantlyBetterThan: string[];
}
interface Pair {
  a: string;
  b: string;
  pValue: WireValue;
  adjustedPValue: WireValue;
  significant: boolean;
  meanDifference: WireValue;
  cliffsDelta: WireValue;
  warnings?: string[];
}
interface CompareAnswer {
  metric: string;
  direction: string;
  groupBy: string;
  comparison: { ranking: Ranking[]; pairs: Pair[]; test: string; correction: string; alpha: number; warnings: string[] };
  warnings: string[];
}

const num = (v: WireValue) => formatNumber(decodeValue(v) ?? Number.NaN);

function StatisticalComparison({ runs, metric, scope, onScope }: { runs: readonly Run[]; metric: string; scope: 'runs' | 'groups'; onScope(s: 'runs' | 'groups'): void }) {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  const key = metric && keys.includes(metric) ? metric : (pickSummaryColumns([...runs], 1)[0] ?? keys[0] ?? '');
  const filter = scope === 'runs' ? `id in [${runs.map((r) => quote(r.id)).join(', ')}]` : `group in [${[...new Set(runs.map((r) => r.group))].map(quote).join(', ')}]`;
  const query = useQuery({
    queryKey: ['analytics', 'compare', filter, key],
    queryFn: () => apiSend<CompareAnswer>('POST', '/api/v1/analytics/compare', { runs: { filter }, metric: key, groupBy: 'group', includeFailed: true }),
    enabled: key !== '',
    retry: false,
  });
  return (
    <section className="card compare-section" data-testid="statistical-comparison">
      <header className="section-header">
        <h3 className="section-title">Statistical comparison of {key}</h3>
        <label className="widget">
          compare
          <select className="select" value={scope} onChange={(e) => onScope(e.target.value === 'groups' ? 'groups' : 'runs')} data-testid="compare-scope">
            <option value="groups">their groups (all seeds)</option>
            <option value="runs">only these runs, by group</option>
          </select>
        </label>
      </header>
      {query.isPending && <Spinner label="Comparing…" />}
      {query.isError && <ErrorBox title="Could not compare" error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && (
        <>
          <p className="muted">
            {query.data.direction} is better · {query.data.comparison.test} test, {query.data.comparison.correction} correction, α = {query.data.comparison.alpha}
          </p>
          <table className="compare-table">
            <thead>
              <tr>
                <th>rank</th>
                <th>group</th>
                <th>n</th>
                <th>mean</th>
                <th>std</th>
                <th>95% CI</th>
                <th>significantly better than</th>
              </tr>
            </thead>
            <tbody>
              {query.data.comparison.ranking.map((r) => (
                <tr key={r.group} data-testid="ranking-row">
                  <td>{r.rank}</td>
                  <th>{r.group}</th>
                  <td className="num">{r.n}</td>
                  <td className="num">{num(r.mean)}</td>
                  <td className="num">{num(r.standardDeviation)}</td>
                  <td className="num">
                    {num(r.ci[0])} – {num(r.ci[1])}
                  </td>
                  <td>{r.significantlyBetterThan.join(', ') || <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {query.data.comparison.pairs.length > 0 && (
            <table className="compare-table pairs">
              <thead>
                <tr>
                  <th>pair</th>
                  <th>mean difference</th>
                  <th>p</th>
                  <th>adjusted p</th>
                  <th>Cliff's δ</th>
                  <th>significant</th>
                </tr>
              </thead>
              <tbody>
                {query.data.comparison.pairs.map((p) => (
                  <tr key={`${p.a}|${p.b}`}>
                    <th>
                      {p.a} vs {p.b}
                    </th>
                    <td className="num">{num(p.meanDifference)}</td>
                    <td className="num">{num(p.pValue)}</td>
                    <td className="num">{num(p.adjustedPValue)}</td>
                    <td className="num">{num(p.cliffsDelta)}</td>
                    <td>{p.significant ? 'yes' : 'no'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {[...query.data.warnings, ...query.data.comparison.warnings].length > 0 && (
            <details className="muted">
              <summary>{query.data.warnings.length + query.data.comparison.warnings.length} notes</summary>
              <ul>
                {[...query.data.warnings, ...query.data.comparison.warnings].map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}
