/**
 * Which trainer_state.json to import for a path: the file itself, or in a Trainer output directory the most advanced
 * of `trainer_state.json` (written when training ends) and `checkpoint-<step>/trainer_state.json`.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RunlensError } from '@runlens/core';

export const STATE_FILE = 'trainer_state.json';
const CHECKPOINT = /^checkpoint-(\d+)$/;

export interface TrainerStateCandidates {
  /** The Trainer output directory: the run. */
  runDir: string;
  /** `runDir/trainer_state.json` when it exists. */
  topLevel?: string;
  /** The checkpoint state with the highest step, and that step. */
  checkpoint?: { file: string; step: number };
}

/** Finds the candidates under `path`; throws NOT_FOUND / VALIDATION naming `path` when there are none. */
export async function findTrainerState(path: string): Promise<TrainerStateCandidates> {
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') throw new RunlensError('NOT_FOUND', `${path}: no such file or directory (expected a trainer_state.json or a Trainer output directory)`);
    throw new RunlensError('VALIDATION', `${path}: cannot read it (${e.code ?? e.message})`);
  });
  if (info.isFile()) {
    const dir = dirname(path);
    // a checkpoint belongs to the run in the directory above it, so every checkpoint imports into one run
    return CHECKPOINT.test(basename(dir)) ? { runDir: dirname(dir), checkpoint: { file: path, step: Number(CHECKPOINT.exec(basename(dir))![1]) } } : { runDir: dir, topLevel: path };
  }
  if (!info.isDirectory()) throw new RunlensError('VALIDATION', `${path} is neither a file nor a directory`);

  const found: TrainerStateCandidates = { runDir: path };
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name === STATE_FILE && !entry.isDirectory()) found.topLevel = join(path, STATE_FILE);
    const m = CHECKPOINT.exec(entry.name);
    if (!m || !entry.isDirectory()) continue;
    const step = Number(m[1]);
    const file = join(path, entry.name, STATE_FILE);
    if (found.checkpoint && found.checkpoint.step >= step) continue;
    if (await stat(file).then((s) => s.isFile(), () => false)) found.checkpoint = { file, step };
  }
  if (!found.topLevel && !found.checkpoint) {
    throw new RunlensError('VALIDATION', `${path}: no ${STATE_FILE} in it or in its checkpoint-*/ folders`);
  }
  return found;
}
