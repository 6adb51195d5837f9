/**
 * One demo training run in a worker thread: trains the character model and logs it through @runlens/client over
 * HTTP, exactly as a user's script would. Training is CPU-bound, so it must not share the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { init } from '@runlens/client';
import { trainRun, type TrainRunConfig } from './sweep.js';

/** Key prefixes of the demo's classifier curves (docs/plots.md, "Logging classifier curves"). */
export const CLASSIFIER_PREFIX = { roc: 'val/vowel-roc', pr: 'val/vowel-pr', confusion: 'val/next-char' } as const;

export interface DemoJob {
  url: string;
  project: string;
  name: string;
  group: string;
  params: Record<string, number | string>;
  config: TrainRunConfig;
  tags: string[];
}

export type DemoWorkerMessage =
  | { type: 'progress'; step: number }
  | { type: 'done'; runId: string; status: string; finalValLoss: number | null; error: string | null };

async function runJob(job: DemoJob): Promise<void> {
  const port = parentPort!;
  const run = await init({ url: job.url, project: job.project, name: job.name, group: job.group, tags: job.tags, config: job.params });
  let lastReported = -1;
  const result = await trainRun(job.config, {
    log(metrics, step) {
      run.log(metrics, step);
      if (step - lastReported >= 10) {
        lastReported = step;
        port.postMessage({ type: 'progress', step } satisfies DemoWorkerMessage);
      }
    },
    // the character embedding at every evaluation, labelled with its characters, for the Parameters view
    tensor(snapshot, step) {
      run.logTensor(snapshot.name, snapshot, { step, labels: snapshot.rowLabels, dtype: 'float32' });
    },
    // a histogram of each weight matrix at every evaluation (`runlens plot histograms -m '/weights/'`)
    weights(matrices, step) {
      for (const [name, values] of Object.entries(matrices)) run.logHistogram(`weights/${name}`, { values, bins: 48 }, step);
    },
    // "is the next character a vowel?" as ROC and PR curves, and next-character classes as a confusion matrix, the
    // way docs/plots.md says to log them (`runlens plot roc|pr|confusion --opt prefix=...`)
    classifier(report) {
      report.roc.fpr.forEach((fpr, i) => run.log({ [`${CLASSIFIER_PREFIX.roc}/fpr`]: fpr, [`${CLASSIFIER_PREFIX.roc}/tpr`]: report.roc.tpr[i]! }, i));
      report.pr.recall.forEach((recall, i) => run.log({ [`${CLASSIFIER_PREFIX.pr}/recall`]: recall, [`${CLASSIFIER_PREFIX.pr}/precision`]: report.pr.precision[i]! }, i));
      run.summary(Object.fromEntries(Object.entries(report.confusion).map(([cell, n]) => [`${CLASSIFIER_PREFIX.confusion}/${cell}`, n])));
    },
  });
  const summary: Record<string, number> = {};
  for (const [k, v] of Object.entries(result)) if (typeof v === 'number') summary[k] = v;
  run.summary(summary);
  if (result.status === 'failed') await run.finish('failed', { error: result.error });
  else await run.finish(result.status);
  port.postMessage({
    type: 'done',
    runId: run.id,
    status: result.status,
    finalValLoss: result.status === 'completed' ? result.finalValLoss : null,
    error: result.status === 'failed' ? result.error : null,
  } satisfies DemoWorkerMessage);
}

if (parentPort && workerData) {
  runJob(workerData as DemoJob).catch((e: unknown) => {
    // surface to the parent's 'error' handler with the real cause
    throw e;
  });
}
