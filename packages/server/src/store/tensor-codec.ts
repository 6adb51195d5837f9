/**
 * On-disk form of tensor snapshot values: little-endian float16 or float32 bytes, deflated. Embedding matrices
 * compress poorly (their mantissas are noise), so the level is low: the win is mostly float16 over float32.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { decodeTensorValues, encodeFloat16, float32Bytes, type TensorDtype } from '@runlens/core';

export function encodeTensorBlob(dtype: TensorDtype, values: Float32Array): Buffer {
  // float16 saturates at ±65504 rather than turning a large finite weight into Infinity
  const bytes = dtype === 'float16' ? encodeFloat16(values.map((v) => Math.max(-65504, Math.min(65504, v)))) : float32Bytes(values);
  return deflateRawSync(bytes, { level: 1 });
}

export function decodeTensorBlob(dtype: TensorDtype, blob: Uint8Array): Float32Array {
  return decodeTensorValues(dtype, inflateRawSync(blob));
}

/**
 * Steps to drop so that at most `keep` remain: the first and last always stay; each removal takes the interior
 * snapshot whose neighbours are closest together, so what remains stays evenly spread over training.
 */
export function thinSteps(steps: readonly number[], keep: number): number[] {
  const kept = [...steps].sort((a, b) => a - b);
  const removed: number[] = [];
  const floor = Math.max(2, keep);
  while (kept.length > floor) {
    let best = 1;
    let bestGap = Infinity;
    for (let i = 1; i < kept.length - 1; i++) {
      const gap = kept[i + 1]! - kept[i - 1]!;
      if (gap < bestGap) {
        bestGap = gap;
        best = i;
      }
    }
    removed.push(kept[best]!);
    kept.splice(best, 1);
  }
  if (keep === 1 && kept.length === 2) removed.push(kept.shift()!);
  return removed;
}
