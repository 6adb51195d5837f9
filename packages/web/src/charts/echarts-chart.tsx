/**
 * Any plot type but curves, drawn in the page: the server compiles the plot type to a PlotSpec (POST
 * /api/v1/plots/render, format `spec`), core's ECharts compiler turns it into an option, and ECharts — loaded on
 * first use (dynamic import), not with the page — draws it on a canvas.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { compileEchartsOption, reviveEchartsOption, type PlotSpec } from '@runlens/core';
import { fetchPlotSpec, type PlotRequest } from '../api/dashboards.js';
import { ErrorBox, Spinner } from '../ui/feedback.js';
import { useResolvedTheme } from '../ui/theme.js';

type Echarts = typeof import('echarts');
type EChartsOption = Parameters<ReturnType<Echarts['init']>['setOption']>[0];

let loading: Promise<Echarts> | undefined;
/** ECharts (~350 KB gzipped) arrives with the first non-curves panel. */
function loadEcharts(): Promise<Echarts> {
  return (loading ??= import('echarts'));
}

interface EchartsChartProps {
  request: Omit<PlotRequest, 'width' | 'height' | 'theme' | 'format'>;
  width: number;
  height: number;
}

export function EchartsChart({ request, width, height }: EchartsChartProps) {
  const theme = useResolvedTheme();
  const w = Math.max(120, Math.round(width / 20) * 20);
  const h = Math.max(100, Math.round(height / 20) * 20);
  const query = useQuery({
    queryKey: ['plot-spec', request, w, h, theme],
    queryFn: ({ signal }) => fetchPlotSpec({ ...request, width: w, height: h, theme: theme === 'dark' ? 'dark' : 'default' }, signal),
    placeholderData: keepPreviousData,
    retry: false,
  });
  return (
    <div className="echarts-chart" data-testid="echarts-chart" data-plot={request.type}>
      {query.isError && <ErrorBox title={`Could not draw the ${request.type} plot`} error={query.error} onRetry={() => void query.refetch()} />}
      {query.isPending && <Spinner label="Drawing…" />}
      {query.data && <EchartsCanvas spec={query.data.spec} width={width} height={height} />}
      {query.data && query.data.warnings.length > 0 && (
        <span className="chart-warnings" title={query.data.warnings.join('\n')} data-testid="chart-warnings">
          ⚠{query.data.warnings.length > 1 ? ` ${query.data.warnings.length}` : ''}
        </span>
      )}
    </div>
  );
}

function EchartsCanvas({ spec, width, height }: { spec: PlotSpec; width: number; height: number }) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<Echarts['init']> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    void loadEcharts().then(
      (echarts) => {
        const el = host.current;
        if (cancelled || !el) return;
        try {
          chart.current ??= echarts.init(el, null, { renderer: 'canvas', width, height });
          // the option is built from JSON types of our own; ECharts' option type is far wider
          chart.current.setOption(reviveEchartsOption(compileEchartsOption(spec)) as unknown as EChartsOption, { notMerge: true });
          setError(null);
        } catch (e) {
          setError(e instanceof Error ? e.message : String(e));
        }
      },
      (e: unknown) => setError(`could not load ECharts: ${e instanceof Error ? e.message : String(e)}`),
    );
    return () => {
      cancelled = true;
    };
  }, [spec, width, height]);

  useEffect(() => {
    chart.current?.resize({ width, height });
  }, [width, height]);

  useEffect(
    () => () => {
      chart.current?.dispose();
      chart.current = null;
    },
    [],
  );

  return (
    <>
      {error !== null && <p className="chart-error">{error}</p>}
      <div ref={host} className="echarts-canvas" style={{ width, height }} />
    </>
  );
}
