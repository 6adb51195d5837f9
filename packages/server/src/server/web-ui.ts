/**
 * The dashboard: the React app of packages/web, which Vite builds into `packages/server/assets/web` so that it ships
 * inside the `runlens` package (`files` includes `assets`) and is found the same way from a clone and from an
 * installed package. Hashed files under `/assets/` are cached for a year; `index.html` is revalidated on every load;
 * client routes (`/runs/:id`, `/compare`, ...) get `index.html` (SPA fallback). Without a build, a page says how to
 * make one, and the API keeps working.
 */
import { existsSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RunlensError } from '@runlens/core';
import type { App } from './context.js';

/** `packages/server/assets/web`, from `src/server/` (tsx, vitest) and `dist/server/` (built) alike. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../assets/web/', import.meta.url));

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>runlens: dashboard not built</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;margin:48px auto;max-width:640px;padding:0 16px;color:#1d2330}
code,pre{background:#f1f3f7;border-radius:4px;padding:2px 6px}pre{padding:10px}
@media (prefers-color-scheme: dark){body{background:#14171f;color:#e4e7ef}code,pre{background:#232836}a{color:#8ab4f8}}</style>
</head><body><h1>The dashboard is not built</h1>
<p>This server has no web UI files (<code>packages/server/assets/web</code>). In a clone of runlens, build it with</p>
<pre>npm run build</pre>
<p>(or only the UI: <code>npm run build -w @runlens/web</code>) and reload this page; no restart is needed.
The REST API works without it: see <a href="/docs">/docs</a>.</p></body></html>`;

export interface WebUiOptions {
  /** Folder holding the built `index.html` and `assets/`. Default {@link DEFAULT_WEB_DIR}. */
  webDir: string;
}

function safeDecode(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/** A path the dashboard's client router owns (`/runs/:id`, `/compare`): no file extension. */
function isClientRoute(path: string): boolean {
  return posix.extname(path) === '';
}

export async function webUiRoutes(app: App, { webDir }: WebUiOptions): Promise<void> {
  // `serve: false` only decorates `reply.sendFile`: the one route below serves the files present at request time, so
  // rebuilding the UI while the server runs needs no restart, and the SPA fallback and 404s stay in one place
  const assetsDir = join(webDir, 'assets') + sep;
  await app.register(fastifyStatic, {
    root: webDir,
    serve: false,
    cacheControl: false,
    dotfiles: 'deny',
    // hashed bundles never change under one name; anything else (index.html, favicon) is revalidated
    setHeaders(res, file) {
      res.setHeader('cache-control', file.startsWith(assetsDir) ? IMMUTABLE : REVALIDATE);
    },
  });

  const page = async (req: FastifyRequest, reply: FastifyReply) => {
    const path = safeDecode(req.url.split('?')[0]!);
    if (path === undefined || path === '/api' || path.startsWith('/api/')) throw new RunlensError('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`);
    const client = isClientRoute(path);
    if (!existsSync(join(webDir, 'index.html'))) {
      if (!client) throw new RunlensError('NOT_FOUND', `no file ${path}`);
      return reply.status(503).header('cache-control', REVALIDATE).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    }
    return reply.sendFile(client ? 'index.html' : path);
  };
  app.get('/', { schema: { hide: true } }, page);
  app.get('/*', { schema: { hide: true } }, page);
}
