/**
 * Level of detail for the point cloud while it moves (issue 7: "stays ≥ 30 fps with 100 snapshots × 2,048 points").
 * Both renderers draw the rows in one seeded shuffled order, so the first `share × rows` of that order are a stable
 * random subset: the same points every frame and every time, spread over the whole cloud rather than a corner of it.
 * While the cloud moves (playback, orbit and its damping), a {@link FrameBudget} watches the intervals between drawn
 * frames and halves the share while they are slower than ~36 fps, doubling it back while they are at the display's
 * rate; when the motion stops the full cloud is drawn again. The level reached is remembered for the next motion, so
 * a slow machine starts the next playback already reduced instead of stuttering while it adapts again. A reduction
 * that does not make frames faster (the time goes elsewhere: a busy machine, the compositor) is undone, and the motion
 * goes on at the detail before it: fewer points are only worth it when they buy frames.
 */

export interface DetailLevel {
  /** share of the rows drawn, 0–1 */
  readonly share: number;
  /** drawing-buffer resolution relative to the device's pixel ratio (WebGL: fill rate is most of its cost on a CPU) */
  readonly scale: number;
}

export const DETAIL_LEVELS: readonly DetailLevel[] = [
  { share: 1, scale: 1 },
  { share: 0.5, scale: 1 },
  { share: 0.25, scale: 1 },
  { share: 0.25, scale: 0.5 },
  { share: 0.125, scale: 0.5 },
];

/** Below this many rows every level draws them all (a small cloud is never the slow part). */
export const MIN_REDUCED_POINTS = 256;

/** How many of `rows` points a level draws. */
export function pointsAt(level: DetailLevel, rows: number): number {
  return level.share >= 1 ? rows : Math.min(rows, Math.max(MIN_REDUCED_POINTS, Math.ceil(rows * level.share)));
}

/**
 * A seeded permutation of `0 … n-1` (Fisher–Yates with mulberry32): every prefix is a uniform random subset, the same
 * one on every call with the same `n` and `seed`.
 */
export function sampleOrder(n: number, seed = 0x5eed): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
  return order;
}

/** Frames slower than this (ms) while moving reduce the detail: under ~36 fps, so the cloud stays above 30. */
const SLOW_MS = 1000 / 36;
/** Frames faster than this (ms) while moving restore detail one level: at the display's rate, with room to spare. */
const FAST_MS = 1000 / 50;
/** Frames judged together (their median), so one hiccup does not change the level. */
const WINDOW = 6;
/** A reduction must make the median frame at least this much shorter to be kept. */
const WORTH = 0.85;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Adapts the level of detail to the frame rate while the cloud moves; full detail whenever it is still.
 * `onChange` hears every change of level (the renderer redraws, the page shows a note).
 */
export class FrameBudget {
  private levelIndex = 0;
  /** the level the last motion ended at, where the next one starts */
  private remembered = 0;
  private moving = false;
  private last = -1;
  private intervals: number[] = [];
  /** windows in a row fast enough to try more detail (two needed, so it does not see-saw) */
  private fastWindows = 0;
  /** the median frame (ms) before the last reduction, until the window after it judged it; 0 when judged */
  private before = 0;
  /** the deepest level this motion may use (lowered when a reduction bought nothing) */
  private deepest: number;

  /**
   * `forced`: a level index to use whenever the cloud moves, whatever the frame rate (`?detail=N` on the page: to
   * see, test or screenshot a reduced level on a fast machine).
   */
  constructor(
    private readonly onChange: (level: DetailLevel, index: number) => void,
    private readonly levels: readonly DetailLevel[] = DETAIL_LEVELS,
    private readonly forced: number | null = null,
  ) {
    this.deepest = levels.length - 1;
  }

  get level(): DetailLevel {
    return this.levels[this.levelIndex]!;
  }

  get index(): number {
    return this.levelIndex;
  }

  get isMoving(): boolean {
    return this.moving;
  }

  /** Motion starts (or goes on: calling it again changes nothing). */
  start(): void {
    if (this.moving) return;
    this.moving = true;
    this.last = -1;
    this.intervals = [];
    this.fastWindows = 0;
    this.before = 0;
    this.deepest = this.levels.length - 1;
    this.set(this.forced ?? this.remembered);
  }

  /** Motion stopped: full detail again. */
  stop(): void {
    if (!this.moving) return;
    this.moving = false;
    this.remembered = this.levelIndex;
    this.set(0);
  }

  /** A frame was drawn at `now` (a requestAnimationFrame timestamp, ms). Only frames while moving count. */
  frame(now: number): void {
    if (!this.moving) return;
    const prev = this.last;
    this.last = now;
    // the first frame of a motion, or one after a pause (a hidden tab, a breakpoint), has no interval to judge
    const dt = now - prev;
    if (prev < 0 || dt <= 0 || dt > 500 || this.forced !== null) return;
    this.intervals.push(dt);
    if (this.intervals.length < WINDOW) return;
    const m = median(this.intervals);
    this.intervals = [];
    const before = this.before;
    this.before = 0;
    if (before > 0 && m > before * WORTH) {
      // the last reduction bought nothing: back to the detail before it, and no deeper for the rest of this motion
      this.fastWindows = 0;
      this.deepest = this.levelIndex - 1;
      this.set(this.levelIndex - 1);
    } else if (m > SLOW_MS) {
      this.fastWindows = 0;
      if (this.levelIndex < this.deepest) {
        this.before = m;
        this.set(this.levelIndex + 1);
      }
    } else if (m < FAST_MS && this.levelIndex > 0) {
      if (++this.fastWindows >= 2) {
        this.fastWindows = 0;
        this.set(this.levelIndex - 1);
      }
    } else {
      this.fastWindows = 0;
    }
  }

  private set(index: number): void {
    if (index === this.levelIndex) return;
    this.levelIndex = index;
    this.onChange(this.levels[index]!, index);
  }
}
