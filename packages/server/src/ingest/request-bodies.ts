/**
 * Conversions from validated REST bodies (and ingest records, which carry the same bodies) to store inputs. The
 * routes and the store sink share them, so a record applied directly and one sent over HTTP store the same thing.
 */
import {
  LIMITS,
  RunlensError,
  decodeValue,
  flattenParams,
  type CreateRunBody,
  type HistogramsBatchBody,
  type LogStream,
  type LogsBatchBody,
  type Params,
  type PatchRunBody,
  type TextsBatchBody,
} from '@runlens/core';
import type { CreateRunInput, HistogramWrite, TextWrite, UpdateRunInput } from '../store/store.js';

/** Flattens nested params and enforces the limits a schema cannot express. */
export function flattenChecked(input: Record<string, unknown>): Params {
  const params = flattenParams(input);
  const keys = Object.keys(params);
  if (keys.length > LIMITS.maxParams) {
    throw new RunlensError('VALIDATION', `params has ${keys.length} keys after flattening; the limit is ${LIMITS.maxParams}`, { field: 'params' });
  }
  for (const k of keys) {
    if (k.length > LIMITS.maxKeyLength) throw new RunlensError('VALIDATION', `param key "${k.slice(0, 40)}…" is longer than ${LIMITS.maxKeyLength} characters`, { field: 'params' });
    const v = params[k];
    if (typeof v === 'string' && v.length > LIMITS.maxParamStringLength) {
      throw new RunlensError('VALIDATION', `param "${k}" is a string of ${v.length} characters; the limit is ${LIMITS.maxParamStringLength}`, { field: 'params' });
    }
  }
  return params;
}

export function createRunInput(body: CreateRunBody): CreateRunInput {
  const { params, ...rest } = body;
  return { ...rest, ...(params ? { params: flattenChecked(params) } : {}) };
}

export function updateRunInput(body: PatchRunBody, now: number): UpdateRunInput {
  const { params, summary, heartbeat, ...rest } = body;
  return {
    ...rest,
    ...(params ? { params: flattenChecked(params) } : {}),
    ...(summary ? { summary: Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, decodeValue(v)!])) } : {}),
    ...(heartbeat ? { heartbeat: now } : {}),
  };
}

export function logLines(body: LogsBatchBody, now: number): { line: string; stream: LogStream; time: number }[] {
  return body.lines.map((l) => ({
    line: l.line.length > LIMITS.maxLogLineLength ? `${l.line.slice(0, LIMITS.maxLogLineLength)}…[truncated]` : l.line,
    stream: l.stream ?? 'stdout',
    time: l.time ?? now,
  }));
}

export function histogramWrites(body: HistogramsBatchBody, now: number): HistogramWrite[] {
  return body.histograms.map((h) => ({ key: h.key, step: h.step, time: h.time ?? now, edges: h.edges.map((e) => decodeValue(e)!), counts: h.counts }));
}

export function textWrites(body: TextsBatchBody, now: number): TextWrite[] {
  return body.texts.map((t) => ({ key: t.key, step: t.step, time: t.time ?? now, text: t.text }));
}
