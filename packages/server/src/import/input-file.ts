/**
 * The checks every file importer makes before parsing, so that a missing, empty or binary file gets one clear
 * message naming it instead of a parser's confusion.
 */
import { open, stat } from 'node:fs/promises';
import { RunlensError } from '@runlens/core';

/**
 * Size in bytes of the regular file at `path`. Throws NOT_FOUND when it does not exist and VALIDATION when it is a
 * directory or empty; `what` names the expected content (e.g. "a CSV file").
 */
export async function requireInputFile(path: string, what: string): Promise<number> {
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') throw new RunlensError('NOT_FOUND', `${path}: no such file (expected ${what})`);
    throw new RunlensError('VALIDATION', `${path}: cannot read it (${e.code ?? e.message})`);
  });
  if (info.isDirectory()) throw new RunlensError('VALIDATION', `${path} is a directory; expected ${what}`);
  if (!info.isFile()) throw new RunlensError('VALIDATION', `${path} is not a regular file; expected ${what}`);
  if (info.size === 0) throw new RunlensError('VALIDATION', `${path} is empty (0 bytes); expected ${what}`);
  return info.size;
}

const SNIFF_BYTES = 64 * 1024;

/**
 * Throws VALIDATION when the start of the file is not UTF-8 text (NUL bytes or invalid UTF-8), which is how random
 * bytes, compressed files and UTF-16 exports from spreadsheets look.
 */
export async function requireTextFile(path: string, what: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    const head = buf.subarray(0, bytesRead);
    const nul = head.indexOf(0);
    if (nul >= 0) {
      throw new RunlensError('VALIDATION', `${path} (byte ${nul}): a NUL byte; this is binary data (or UTF-16 text), not ${what}`);
    }
    try {
      // stream: true tolerates a character cut in half at the end of the sniffed block
      new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    } catch {
      throw new RunlensError('VALIDATION', `${path} is not UTF-8 text in its first ${bytesRead} bytes; expected ${what}`);
    }
  } finally {
    await fh.close();
  }
}
