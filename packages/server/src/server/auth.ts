/**
 * Bearer-token auth. With no token configured the server only listens on loopback (enforced at start); with one,
 * every /api request but health must carry `Authorization: Bearer <token>` (or `?token=` for WebSocket and links).
 * The dashboard's static files are open (they hold no data); the dashboard sends the token on its API calls.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RunlensError } from '@runlens/core';

const OPEN_PATHS = new Set(['/api/v1/health']);
/** Routes of web-ui.ts: static files of the dashboard, no data. */
const WEB_UI_ROUTES: ReadonlySet<string> = new Set(['/', '/*']);

function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const q = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof q === 'string' ? q : undefined;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function installAuth(app: FastifyInstance, token: string): void {
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0]!;
    if (OPEN_PATHS.has(path) || path.startsWith('/docs') || path === '/api/openapi.json') return;
    // decided by the matched route, not the raw URL, which may spell /api with percent-escapes
    if (request.routeOptions.url !== undefined && WEB_UI_ROUTES.has(request.routeOptions.url)) return;
    const given = tokenOf(request);
    if (given === undefined) throw new RunlensError('UNAUTHORIZED', 'this server requires a token: send "Authorization: Bearer <token>" (RUNLENS_TOKEN for the clients)');
    if (!same(given, token)) throw new RunlensError('FORBIDDEN', 'the token is not valid for this server');
  });
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
