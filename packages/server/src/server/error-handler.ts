/**
 * Maps every failure to one JSON shape: {error: {code, message, details}}. Validation errors name the item and the
 * field (e.g. `series[0].values[17]`), so a client can tell exactly what it sent wrong.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { RunlensError } from '@runlens/core';

/** `/series/0/values/17` → `series[0].values[17]` */
export function formatPath(instancePath: string): string {
  let out = '';
  for (const part of instancePath.split('/').filter(Boolean)) {
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0]!;
      const where = formatPath(first.instancePath);
      const context = err.validationContext ?? 'body';
      const message = `${context}${where ? ` ${where}` : ''}: ${first.message}`;
      const indexMatch = /^\/(?:points|series|lines)\/(\d+)/.exec(first.instancePath);
      const field = first.instancePath.split('/').filter((p: string) => p && !/^\d+$/.test(p)).pop();
      return reply.status(400).send({
        error: {
          code: 'VALIDATION',
          message,
          details: {
            in: context,
            path: where,
            ...(indexMatch ? { index: Number(indexMatch[1]) } : {}),
            ...(field ? { field } : {}),
            issues: err.validation.slice(0, 20).map((v) => ({ path: formatPath(v.instancePath), message: v.message })),
          },
        },
      });
    }
    if (err instanceof RunlensError) return reply.status(err.status).send(err.toJSON());
    const status = err.statusCode ?? 500;
    if (status === 413) {
      return reply.status(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: `request body is larger than the ${request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit} byte limit: send smaller batches` } });
    }
    if (status === 400 && err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return reply.status(400).send({ error: { code: 'VALIDATION', message: `body is not valid JSON: ${err.message}` } });
    }
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: status === 404 ? 'NOT_FOUND' : status === 429 ? 'RATE_LIMITED' : 'VALIDATION', message: err.message } });
    }
    request.log.error({ err }, 'request failed');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'internal error; see the server log' } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });
}
