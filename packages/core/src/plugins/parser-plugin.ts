/**
 * Log-line parsers: pure functions of text → metric points, used by `runlens run` to read a training script's own
 * output. Each parser is a `parser` plugin; `auto` detection asks every registered parser how well a sample of
 * lines fits it.
 */
import type { PluginBase } from './registry.js';

/** Metrics a line (or lines) reported, at one step. */
export interface ParsedMetrics {
  /** The step the values belong to: from the line when it says, else the parser's own counter. */
  step: number;
  /** Metric key → value; NaN/±Infinity allowed (`loss nan`). Epoch is its own key (`epoch`) so it can be an x axis. */
  metrics: Record<string, number>;
}

/** A stateful reader of one stream of lines (Keras prints `Epoch 3/10` on one line and the losses on later ones). */
export interface LineParser {
  /** Feed one line, without its newline; ANSI escape codes may be present. Returns what the line completed. */
  push(line: string): ParsedMetrics[];
  /** End of stream: anything still pending. */
  end(): ParsedMetrics[];
}

export interface ParserPlugin extends PluginBase {
  kind: 'parser';
  /** How well a sample of lines fits this format, 0 (not at all) to 1 (certainly). Pure and fast. */
  detect(sample: readonly string[]): number;
  createParser(): LineParser;
}
