/**
 * `/`: a plain server-rendered page listing runs, until the dashboard (packages/web) is served here. Everything
 * user-supplied is HTML-escaped.
 */
import { encodeValue } from '@runlens/core';
import type { App, RouteContext } from '../context.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fmt(v: number | undefined): string {
  if (v === undefined) return '';
  const w = encodeValue(v);
  return typeof w === 'number' ? String(Number(w.toPrecision(5))) : w;
}

export async function homeRoutes(app: App, { store }: RouteContext): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (_req, reply) => {
    const page = await store.listRuns({ limit: 500, sort: [] });
    const keys = [...new Set(page.runs.flatMap((r) => Object.keys(r.summary)))].filter((k) => !k.startsWith('sys/')).sort().slice(0, 8);
    const rows = page.runs
      .map(
        (r) => `<tr class="${escapeHtml(r.status)}"><td>${escapeHtml(r.project)}</td><td>${escapeHtml(r.name)}</td><td>${escapeHtml(r.status)}</td>` +
          `<td>${escapeHtml(new Date(r.startTime).toISOString().replace('T', ' ').slice(0, 19))}</td>` +
          keys.map((k) => `<td class="num">${escapeHtml(fmt(r.summary[k]))}</td>`).join('') +
          `<td><a href="/api/v1/runs/${escapeHtml(r.id)}">json</a></td></tr>`,
      )
      .join('\n');
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>runlens</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#1d2330}h1{font-size:20px}table{border-collapse:collapse}
td,th{padding:4px 10px;border-bottom:1px solid #e3e6ee;text-align:left}.num{text-align:right;font-variant-numeric:tabular-nums}
tr.failed td,tr.crashed td{color:#b3261e}tr.running td:nth-child(3){color:#1565c0}
@media (prefers-color-scheme: dark){body{background:#14171f;color:#e4e7ef}td,th{border-color:#2a2f3c}a{color:#8ab4f8}}
</style></head><body>
<h1>runlens</h1>
<p>${page.total} runs. The full dashboard is coming; meanwhile the REST API is documented at <a href="/docs">/docs</a>.</p>
${page.total === 0 ? '<p>No runs yet. Log one with <code>runlens demo</code>, the Python client (<code>runlens.init(project="p")</code>) or <code>@runlens/client</code>.</p>' : ''}
<table><thead><tr><th>project</th><th>run</th><th>status</th><th>started (UTC)</th>${keys.map((k) => `<th>${escapeHtml(k)}</th>`).join('')}<th></th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>`;
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
