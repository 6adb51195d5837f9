/**
 * `/`: a plain server-rendered page listing runs, until the dashboard (packages/web) is served here. Everything
 * user-supplied is HTML-escaped.
 */
import { z } from 'zod';
import { RunIdSchema, encodeValue, pickSummaryColumns, type Run } from '@runlens/core';
import type { App, RouteContext } from '../context.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fmt(v: number | undefined): string {
  if (v === undefined) return '';
  const w = encodeValue(v);
  return typeof w === 'number' ? String(Number(w.toPrecision(5))) : w;
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:24px;color:#1d2330}h1{font-size:20px}h2{font-size:16px;margin-top:24px}
table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #e3e6ee;text-align:left;vertical-align:top;white-space:nowrap}
.num{text-align:right;font-variant-numeric:tabular-nums}tr.failed td,tr.crashed td,.failed,.crashed{color:#b3261e}
tr.running td:nth-child(3),.running{color:#1565c0}pre{background:#f4f5f8;padding:8px;overflow:auto;max-height:400px}
@media (prefers-color-scheme: dark){body{background:#14171f;color:#e4e7ef}td,th{border-color:#2a2f3c}a{color:#8ab4f8}pre{background:#1d212b}}`;

function pageHead(title: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head><body>`;
}

function kvTable(rows: [string, string][]): string {
  return `<table><tbody>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</tbody></table>`;
}

function runPage(run: Run, logTail: string[]): string {
  const time = (t: number | null) => (t === null ? '' : new Date(t).toISOString().replace('T', ' ').slice(0, 19) + ' UTC');
  const overview: [string, string][] = [
    ['status', run.status],
    ['project', run.project],
    ['group', run.group],
    ['started', time(run.startTime)],
    ['ended', time(run.endTime)],
    ['exit code', run.exitCode === null ? '' : String(run.exitCode)],
    ['error', run.error ?? ''],
    ['command', run.command ?? ''],
    ['host', run.host ?? ''],
    ['git', run.gitCommit ? `${run.gitCommit}${run.gitDirty ? ' (dirty)' : ''}` : ''],
    ['tags', run.tags.join(', ')],
  ];
  const metrics = Object.values(run.metrics).sort((a, b) => a.key.localeCompare(b.key));
  return `${pageHead(`${run.name} · runlens`)}
<p><a href="/">← all runs</a> · <a href="/api/v1/runs/${escapeHtml(run.id)}">JSON</a></p>
<h1>${escapeHtml(run.name)} <span class="${escapeHtml(run.status)}">(${escapeHtml(run.status)})</span></h1>
${kvTable(overview.filter(([, v]) => v !== ''))}
<h2>Params</h2>${Object.keys(run.params).length ? kvTable(Object.entries(run.params).map(([k, v]) => [k, JSON.stringify(v)])) : '<p>none</p>'}
<h2>Metrics</h2>
<table><thead><tr><th>key</th><th class="num">points</th><th class="num">last</th><th class="num">min</th><th class="num">max</th><th class="num">last step</th><th class="num">NaN</th></tr></thead><tbody>
${metrics.map((m) => `<tr><td>${escapeHtml(m.key)}</td><td class="num">${m.count}</td><td class="num">${escapeHtml(fmt(m.last))}</td><td class="num">${escapeHtml(fmt(m.min))}</td><td class="num">${escapeHtml(fmt(m.max))}</td><td class="num">${m.lastStep}</td><td class="num">${m.nanCount}</td></tr>`).join('\n')}
</tbody></table>
<h2>Last log lines</h2>${logTail.length ? `<pre>${logTail.map(escapeHtml).join('\n')}</pre>` : '<p>none</p>'}
</body></html>`;
}

export async function homeRoutes(app: App, { store }: RouteContext): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (_req, reply) => {
    const page = await store.listRuns({ limit: 500, sort: [] });
    const keys = pickSummaryColumns(page.runs, 6);
    const rows = page.runs
      .map(
        (r) => `<tr class="${escapeHtml(r.status)}"><td>${escapeHtml(r.project)}</td><td><a href="/runs/${escapeHtml(r.id)}">${escapeHtml(r.name)}</a></td><td>${escapeHtml(r.status)}</td>` +
          `<td>${escapeHtml(new Date(r.startTime).toISOString().replace('T', ' ').slice(0, 19))}</td>` +
          keys.map((k) => `<td class="num">${escapeHtml(fmt(r.summary[k]))}</td>`).join('') +
          `</tr>`,
      )
      .join('\n');
    const html = `${pageHead('runlens')}
<h1>runlens</h1>
<p>${page.total} runs. The full dashboard is coming; meanwhile the REST API is documented at <a href="/docs">/docs</a>.</p>
${page.total === 0 ? '<p>No runs yet. Log one with <code>runlens demo</code>, the Python client (<code>runlens.init(project="p")</code>) or <code>@runlens/client</code>.</p>' : ''}
<table><thead><tr><th>project</th><th>run</th><th>status</th><th>started (UTC)</th>${keys.map((k) => `<th>${escapeHtml(k)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table></body></html>`;
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.get('/runs/:id', { schema: { hide: true, params: z.object({ id: RunIdSchema }) } }, async (req, reply) => {
    const run = await store.getRun(req.params.id);
    if (!run) return reply.status(404).type('text/html; charset=utf-8').send(`${pageHead('not found')}<p>No run ${escapeHtml(req.params.id)}. <a href="/">All runs</a></p></body></html>`);
    const logs = await store.readLogs(run.id, { after: -1, limit: 100_000 });
    return reply.type('text/html; charset=utf-8').send(runPage(run, logs.slice(-200).map((l) => l.line)));
  });
}
