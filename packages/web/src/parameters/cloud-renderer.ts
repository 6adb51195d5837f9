import type { DetailLevel } from './lod.js';

/** What the page asks of a point-cloud renderer, WebGL (three.js) or the 2-D canvas fallback. */
export interface CloudRenderer {
  readonly mode: 'webgl' | '2d';
  /**
   * Positions (rows × 3) and colours (rows × 3, 0–1) of the frame to draw, drawn on the next animation frame (several
   * updates within one frame draw once). The renderer copies what it needs: the caller may reuse the arrays.
   */
  update(positions: Float32Array, colours: Float32Array, pointSize: number): void;
  /** Playback runs (or stopped): while the cloud moves, detail may drop to keep the frame rate (lod.ts). */
  setPlaying(playing: boolean): void;
  /** The cloud as drawn now, as a PNG. */
  toPng(): Promise<Blob | null>;
  /** Index of the point under the canvas pixel, or -1. */
  pick(x: number, y: number): number;
  resize(width: number, height: number): void;
  dispose(): void;
}

export interface CloudRendererOptions {
  /** The level of detail changed: full when the cloud is still, reduced while it moves on a slow machine. */
  onDetail(level: DetailLevel, drawn: number): void;
  /** A level (index into DETAIL_LEVELS) used whenever the cloud moves, whatever the frame rate: `?detail=N`. */
  forcedDetail?: number | null;
}

/** Largest distance of any point from the origin over all snapshots, to frame the camera once. */
export function extentOf(all: readonly (readonly number[])[]): number {
  let r = 0;
  for (const coords of all) for (let i = 0; i < coords.length; i += 3) r = Math.max(r, Math.hypot(coords[i]!, coords[i + 1]!, coords[i + 2]!));
  return r || 1;
}

export function webglAvailable(): boolean {
  try {
    const c = document.createElement('canvas');
    return (c.getContext('webgl2') ?? c.getContext('webgl')) !== null;
  } catch {
    return false;
  }
}
