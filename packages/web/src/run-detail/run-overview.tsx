/** The overview tab: what ran where and how it ended, its params, and its summary metrics. */
import type { ReactNode } from 'react';
import type { Run } from '@runlens/core';
import { formatAbsolute, formatDuration, formatNumber } from '../ui/format.js';
import { StatusChip } from '../ui/run-bits.js';
import { runDurationMs } from '../ui/run-duration.js';
import { useNow } from '../ui/clock.js';
import { ParamsTree } from './params-tree.js';

export function RunOverview({ run }: { run: Run }) {
  const now = useNow();
  const rows: [string, ReactNode][] = [
    ['Status', <StatusChip key="s" status={run.status} />],
    ['Started', formatAbsolute(run.startTime)],
    ['Ended', run.endTime === null ? (run.status === 'running' ? 'still running' : '') : formatAbsolute(run.endTime)],
    ['Duration', formatDuration(runDurationMs(run, now))],
    ['Last heartbeat', formatAbsolute(run.heartbeat)],
    ['Command', run.command ? <code key="c">{run.command}</code> : ''],
    ['Working directory', run.cwd ? <code key="w">{run.cwd}</code> : ''],
    ['Git commit', run.gitCommit ? <span key="g"><code>{run.gitCommit}</code>{run.gitDirty ? <span className="dirty"> (dirty: uncommitted changes)</span> : null}</span> : ''],
    ['Host', run.host ?? ''],
    ['Exit code', run.exitCode === null ? '' : String(run.exitCode)],
    ['Error', run.error ? <pre key="e" className="run-error">{run.error}</pre> : ''],
    ['Project', run.project],
    ['Group', <code key="gr">{run.group}</code>],
    ['Tags', run.tags.length ? run.tags.map((t) => <span key={t} className="tag">{t}</span>) : ''],
    ['Notes', run.notes],
    ['Id', <code key="id">{run.id}</code>],
  ];
  return (
    <div className="overview-grid">
      <section className="card">
        <h3>Overview</h3>
        <dl className="facts" data-testid="run-facts">
          {rows
            .filter(([, v]) => v !== '' && v !== null)
            .map(([k, v]) => (
              <div key={k} className="fact">
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
        </dl>
      </section>
      <section className="card">
        <h3>Params</h3>
        <ParamsTree params={run.params} />
      </section>
      <section className="card wide">
        <h3>Summary metrics</h3>
        <SummaryTable run={run} />
      </section>
    </div>
  );
}

function SummaryTable({ run }: { run: Run }) {
  const keys = [...new Set([...Object.keys(run.metrics), ...Object.keys(run.summary)])].sort();
  if (keys.length === 0) return <p className="muted">No metrics logged.</p>;
  const cell = (v: number | undefined) => <td className={`num${v !== undefined && !Number.isFinite(v) ? ' nonfinite' : ''}`}>{v === undefined ? '' : formatNumber(v)}</td>;
  return (
    <div className="summary-scroll">
      <table className="summary-table" data-testid="summary-table">
        <thead>
          <tr>
            <th>key</th>
            <th className="num">summary</th>
            <th className="num">last</th>
            <th className="num">min</th>
            <th className="num">max</th>
            <th className="num">points</th>
            <th className="num">last step</th>
            <th className="num">NaN</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const m = run.metrics[k];
            return (
              <tr key={k}>
                <td>{k}</td>
                {cell(run.summary[k])}
                {cell(m?.last)}
                {cell(m?.min)}
                {cell(m?.max)}
                <td className="num">{m ? m.count.toLocaleString() : ''}</td>
                <td className="num">{m ? m.lastStep : ''}</td>
                <td className={`num${m && m.nanCount > 0 ? ' nonfinite' : ''}`}>{m ? m.nanCount : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
