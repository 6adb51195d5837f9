import { analyzeFailures } from '@runlens/core';
import { formatNumber, renderTable } from '../cli/format.js';
import type { AnalyzeKindHandler } from './analyze-kind.js';
import { formatP } from './format-p.js';

/** Failure rates, the params associated with failure (with thresholds) and plain-language findings. */
export const failuresKind: AnalyzeKindHandler = {
  description: 'failure rates and the params that explain failures',
  // status, params and times only: no series summary is loaded
  metricKeys: () => [],
  async run(ctx) {
    const analysis = analyzeFailures(ctx.runs);
    const params = analysis.byParam.map((p) => [
      p.param,
      p.test,
      `${p.failed}/${p.runs}`,
      formatP(p.adjustedPValue),
      p.significant ? 'yes' : 'no',
      p.threshold ? `${p.threshold.op} ${formatNumber(p.threshold.value)}` : '',
    ]);
    const text = [
      // the last finding is the overall rate: the headline (no runs: no findings)
      `${analysis.findings.at(-1) ?? `${analysis.failed} of ${analysis.total} runs failed`}.`,
      ...analysis.findings.slice(0, -1).map((f) => `- ${f}`),
      ...(params.length > 0 ? ['', renderTable(['param', 'test', 'failed', 'adj. p', 'significant', 'threshold'], params)] : []),
    ].join('\n');
    return { data: { analysis }, warnings: analysis.warnings, text };
  },
};
