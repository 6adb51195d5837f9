/** Domain objects → JSON-safe wire objects (NaN/±Infinity as strings). */
import { encodeValue, type Run, type SeriesSummary, type WireValue } from '@runlens/core';

export interface WireSeriesSummary extends Omit<SeriesSummary, 'first' | 'last' | 'min' | 'max'> {
  first: WireValue;
  last: WireValue;
  min: WireValue;
  max: WireValue;
}

export function toWireSummary(s: SeriesSummary): WireSeriesSummary {
  return { ...s, first: encodeValue(s.first), last: encodeValue(s.last), min: encodeValue(s.min), max: encodeValue(s.max) };
}

export function toWireRun(run: Run) {
  return {
    ...run,
    summary: Object.fromEntries(Object.entries(run.summary).map(([k, v]) => [k, encodeValue(v)])),
    metrics: Object.fromEntries(Object.entries(run.metrics).map(([k, s]) => [k, toWireSummary(s)])),
  };
}
