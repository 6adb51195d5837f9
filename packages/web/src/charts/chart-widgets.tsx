/**
 * The widgets every curves panel of a view shares: metric picker (a regular expression), smoothing algorithm and
 * strength, x axis, log axes, group-by, band kind and the outlier toggle. Controlled: the page keeps the state (in
 * the URL and the saved dashboard).
 */
import { BANDS, SMOOTHERS, type Band, type ChartView, type Smoother } from './chart-view.js';

interface ChartWidgetsProps {
  view: ChartView;
  onChange(view: ChartView): void;
  /** Metric keys (x-axis choices beside step/epoch/relative/time). */
  metricKeys: readonly string[];
  /** Param keys to group by. */
  paramKeys: readonly string[];
}

const BAND_LABELS: Record<Band, string> = { std: '±1 std', minmax: 'min–max', sem: '±1 SEM', ci95: '95% CI', none: 'no band' };

export function ChartWidgets({ view, onChange, metricKeys, paramKeys }: ChartWidgetsProps) {
  const set = <K extends keyof ChartView>(k: K, v: ChartView[K]) => onChange({ ...view, [k]: v });
  let badRegex = false;
  try {
    new RegExp(view.metrics);
  } catch {
    badRegex = true;
  }
  const xChoices = ['step', 'epoch', 'relative', 'time', ...metricKeys.filter((k) => k !== 'epoch')];
  return (
    <div className="chart-widgets" data-testid="chart-widgets">
      <label className="widget">
        metrics
        <input
          className={badRegex ? 'text-input invalid' : 'text-input'}
          value={view.metrics}
          placeholder="regex, e.g. loss$"
          onChange={(e) => set('metrics', e.target.value)}
          aria-invalid={badRegex}
          data-testid="widget-metrics"
        />
      </label>
      <label className="widget">
        smoothing
        <select className="select" value={view.smoother} onChange={(e) => set('smoother', e.target.value as Smoother)} data-testid="widget-smoother">
          {SMOOTHERS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <input
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={view.smoothing}
          disabled={view.smoother === 'none'}
          onChange={(e) => set('smoothing', Number(e.target.value))}
          aria-label="Smoothing strength"
          data-testid="widget-smoothing"
        />
        <span className="widget-value">{view.smoother === 'none' ? '' : view.smoothing.toFixed(2)}</span>
      </label>
      <label className="widget">
        x
        <select className="select" value={view.x} onChange={(e) => set('x', e.target.value)} data-testid="widget-x">
          {xChoices.map((x) => (
            <option key={x} value={x}>
              {x === 'relative' ? 'relative time' : x === 'time' ? 'wall time' : x}
            </option>
          ))}
        </select>
      </label>
      <label className="widget check">
        <input type="checkbox" checked={view.logX} onChange={(e) => set('logX', e.target.checked)} data-testid="widget-logx" />
        log x
      </label>
      <label className="widget check">
        <input type="checkbox" checked={view.logY} onChange={(e) => set('logY', e.target.checked)} data-testid="widget-logy" />
        log y
      </label>
      <label className="widget">
        group by
        <select className="select" value={view.groupBy} onChange={(e) => set('groupBy', e.target.value)} data-testid="widget-group-by">
          <GroupByOptions paramKeys={paramKeys} project />
        </select>
      </label>
      <label className="widget">
        band
        <select className="select" value={view.band} onChange={(e) => set('band', e.target.value as Band)} disabled={!view.groupBy} data-testid="widget-band">
          {BANDS.map((b) => (
            <option key={b} value={b}>
              {BAND_LABELS[b]}
            </option>
          ))}
        </select>
      </label>
      <label className="widget check">
        <input type="checkbox" checked={view.outliers} onChange={(e) => set('outliers', e.target.checked)} data-testid="widget-outliers" />
        remove outliers
      </label>
    </div>
  );
}

/**
 * The choices of a group-by select: none (one line per run), the run group (seeds), optionally the project, and
 * every param.
 */
export function GroupByOptions({ paramKeys, project = false, verbose = false }: { paramKeys: readonly string[]; project?: boolean; verbose?: boolean }) {
  return (
    <>
      <option value="">{verbose ? 'none (one line per run)' : 'none'}</option>
      <option value="group">{verbose ? 'run group (seeds)' : 'run group'}</option>
      {project && <option value="project">project</option>}
      {paramKeys.map((k) => (
        <option key={k} value={`params.${k}`}>
          params.{k}
        </option>
      ))}
    </>
  );
}
