/**
 * Histograms of the selected tensor over training (the `histograms` plot type, drawn by ECharts, which loads on first
 * use), shown beside the cloud when the run logged any for it: `weights/<name>`, `<name>`, or a key ending in `/<name>`.
 */
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../api/http.js';
import { EchartsChart } from '../charts/echarts-chart.js';

/** The histogram key that belongs to a tensor, if the run has one. */
export function histogramKeyFor(tensor: string, keys: readonly string[]): string | null {
  const base = tensor.replace(/\.weight$/, '');
  const wanted = [`weights/${tensor}`, `weights/${base}`, tensor, base];
  return wanted.find((k) => keys.includes(k)) ?? keys.find((k) => k.endsWith(`/${tensor}`) || k.endsWith(`/${base}`)) ?? null;
}

export function WeightHistograms({ runId, tensor, step }: { runId: string; tensor: string; step: number }) {
  const keys = useQuery({
    queryKey: ['histogram-keys', runId],
    queryFn: ({ signal }) => apiGet<{ keys: { key: string; count: number }[] }>(`/api/v1/runs/${encodeURIComponent(runId)}/histograms`, {}, signal),
    staleTime: 60_000,
  });
  const key = keys.data ? histogramKeyFor(tensor, keys.data.keys.map((k) => k.key)) : null;
  if (key === null) return null;
  return (
    <aside className="weight-histograms" data-testid="weight-histograms" data-key={key}>
      <h2>
        Histograms of {key} <span className="muted">over steps (now at {step})</span>
      </h2>
      <EchartsChart request={{ type: 'histograms', options: { metrics: [key], mode: 'overlay', offset: true }, selection: { runIds: [runId] }, title: '' }} width={380} height={260} />
      <p className="muted">One outline per step, coloured from early to late, stacked with the newest in front; outlines that spread out mean growing weights.</p>
    </aside>
  );
}
