/** What the page asks of a point-cloud renderer, WebGL (three.js) or the 2-D canvas fallback. */
export interface CloudRenderer {
  readonly mode: 'webgl' | '2d';
  /** Positions (rows × 3) and colours (rows × 3, 0–1) of the frame to draw. */
  update(positions: Float32Array, colours: Float32Array, pointSize: number): void;
  /** Index of the point under the canvas pixel, or -1. */
  pick(x: number, y: number): number;
  resize(width: number, height: number): void;
  dispose(): void;
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
