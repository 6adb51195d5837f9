/**
 * The recording thread of `runlens run`: opens the sink (store or server), then splits, parses, batches and
 * sends what the main thread reads from the command. It runs at a lower CPU priority than the command, so a
 * training job that keeps every core busy is not slowed by its own bookkeeping.
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { isRunlensError } from '@runlens/core';
import { openLocalRecorder } from './local-recorder.js';
import type { FromWorker, RecorderWorkerData, ToWorker } from './recorder-protocol.js';

/** Nice value of this thread: the command keeps priority, recording still gets a share when all cores are busy. */
const RECORDING_NICE = 10;

const port = parentPort;
if (!port) throw new Error('recorder-worker must run in a worker thread');
const data = workerData as RecorderWorkerData;
const post = (m: FromWorker) => port.postMessage(m);

// on Linux the nice value is per thread, so this leaves the main thread (passing output on) untouched
if (process.platform === 'linux') {
  try {
    setPriority(RECORDING_NICE);
  } catch {
    // not allowed here: record at normal priority
  }
}

try {
  const { recorder, describe, url } = await openLocalRecorder(data.target, data.runId, data.parser, {
    // the main thread bounds what is in flight, so nothing is dropped twice
    output: { maxQueuedBytes: Number.POSITIVE_INFINITY, onConsumed: (bytes) => post({ type: 'consumed', bytes }) },
    batcher: data.batcher,
    onWarning: (message) => post({ type: 'warning', message }),
  });
  const handlers: { [K in ToWorker['type']]: (m: Extract<ToWorker, { type: K }>) => void | Promise<void> } = {
    start: (m) => recorder.start(m.run),
    chunk: (m) => recorder.write(m.stream, Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength), m.time),
    dropped: (m) => recorder.markDropped(m.stream, m.drop, m.time),
    sample: (m) => recorder.addSample(m.points, m.step, m.time),
    'end-output': async () => post({ type: 'output-ended', ...(await recorder.endOutput()) }),
    finish: async (m) => {
      post({ type: 'finished', summary: await recorder.finish(m.update) });
      port.close();
    },
  };
  port.on('message', (m: ToWorker) => {
    const handle = handlers[m.type] as (msg: ToWorker) => void | Promise<void>;
    Promise.resolve(handle(m)).catch((e: unknown) => post({ type: 'warning', message: `recording failed: ${e instanceof Error ? e.message : String(e)}` }));
  });
  post({ type: 'ready', describe, url });
} catch (e) {
  post({ type: 'failed', message: e instanceof Error ? e.message : String(e), code: isRunlensError(e) ? e.code : undefined });
  port.close();
}
