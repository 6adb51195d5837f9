/** Reads the query of `runlens analyze query FILE`: a JSON file (or stdin for `-`) in the documented query format. */
import { readFile } from 'node:fs/promises';
import { isRunlensError, parseAnalyticsQuery, RunlensError, type AnalyticsQuery } from '@runlens/core';
import { requireInputFile } from '../import/input-file.js';

const WHAT = 'an analytics query in JSON, see docs/analytics.md';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** `at position 27` in JSON.parse's message, as a line and column a user can find. */
function jsonPosition(text: string, message: string): string {
  const m = /at position (\d+)/.exec(message);
  if (m === null || /\(line \d+/.test(message)) return '';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

/**
 * The query in `file` (`-`: stdin), validated and with defaults filled in, as POST /api/v1/analytics/query takes it.
 * Errors name the file: `q.json: not valid JSON: ...`, `q.json: invalid analytics query: metrics.0.reduce: ...`.
 */
export async function readQueryFile(file: string): Promise<AnalyticsQuery> {
  const name = file === '-' ? 'stdin' : file;
  if (file !== '-') await requireInputFile(file, WHAT);
  const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  if (text.trim() === '') throw new RunlensError('VALIDATION', `${name} is empty; expected ${WHAT}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    throw new RunlensError('VALIDATION', `${name}: not valid JSON: ${message}${jsonPosition(text, message)}`);
  }
  try {
    return parseAnalyticsQuery(json, { rejectUnknownFields: true });
  } catch (e) {
    if (isRunlensError(e)) throw new RunlensError(e.code, `${name}: ${e.message}`, { file: name, ...e.details });
    throw e;
  }
}
