/**
 * A character-level MLP language model in the style of Bengio et al. (2003) and Karpathy's makemore MLP:
 * the previous `context` characters are looked up in a token embedding table, concatenated, passed through one
 * leaky-ReLU hidden layer and projected to logits over the vocabulary; the loss is softmax cross-entropy.
 *
 * Forward and backward passes are written by hand over typed arrays so the demo needs no ML library and runs
 * the same everywhere. Gradients are never clipped: a learning rate that is too high must really diverge, because
 * the demo shows how runlens records and explains a run whose loss went to NaN.
 */
import { createSeededRandom } from '@runlens/core';

/**
 * Slope of the hidden layer's leaky ReLU for negative inputs. tanh was tried first: it saturates, which bounds the
 * gradients, so a far too high learning rate only parks the loss at a high plateau instead of diverging. Plain ReLU
 * units die at high rates with the same effect. A leaky ReLU keeps every unit's gradient alive, so the layers feed
 * each other's growth and a too-high rate really overflows to NaN, as it does in large models.
 */
export const LEAKY_SLOPE = 0.01;

export type FloatArray = Float32Array | Float64Array;

/** A minibatch: `contexts` holds `count × context` token ids row by row, `targets` the id that follows each row. */
export interface CharBatch {
  contexts: Int32Array;
  targets: Int32Array;
  count: number;
}

export interface CharModelOptions {
  vocabSize: number;
  /** Width of one token embedding. Default 16. */
  embedDim?: number;
  /** Number of previous characters the model sees. Default 4. */
  context?: number;
  /** Hidden units. Default 128. */
  hidden?: number;
  /** Seed for the weight initialisation. */
  seed: number;
  /** SGD momentum coefficient. Default 0: plain SGD. */
  momentum?: number;
  /** Storage type of parameters and gradients. Default `float32`; `float64` is for exact gradient checks. */
  dtype?: 'float32' | 'float64';
}

/** The trainable tensors of the model, each row-major. */
export interface CharModelParams {
  /** Token embedding table, `vocabSize × embedDim`: row `i` is the embedding of token id `i`. */
  embeddings: FloatArray;
  /** `(context·embedDim) × hidden` */
  w1: FloatArray;
  /** `hidden` */
  b1: FloatArray;
  /** `hidden × vocabSize` */
  w2: FloatArray;
  /** `vocabSize` */
  b2: FloatArray;
}

export const PARAM_NAMES = ['embeddings', 'w1', 'b1', 'w2', 'b2'] as const satisfies readonly (keyof CharModelParams)[];

export interface CharModel extends CharModelParams {
  readonly vocabSize: number;
  readonly embedDim: number;
  readonly context: number;
  readonly hidden: number;
  readonly momentum: number;
  /** Gradients of the last `computeGradients` / `trainStep`, same shapes as the parameters. */
  readonly grads: CharModelParams;
  /** Momentum buffers, same shapes as the parameters. */
  readonly velocity: CharModelParams;
  /** Activations reused between calls; grown on demand to the largest batch seen. */
  scratch: CharModelScratch;
}

/** Activations of the last forward pass, kept for the backward pass. */
export interface CharModelScratch {
  capacity: number;
  /** Concatenated context embeddings, `batch × (context·embedDim)`. */
  x: Float64Array;
  /** Hidden activations (after the leaky ReLU), `batch × hidden`. */
  h: Float64Array;
  /** Logits, then softmax probabilities, then d loss / d logits, `batch × vocabSize`. */
  logits: Float64Array;
  /** d loss / d pre-activation of the hidden layer, `batch × hidden`. */
  dh: Float64Array;
  /** d loss / d x, `batch × (context·embedDim)`. */
  dx: Float64Array;
}

/** Loss and global gradient norm of one training step, both measured before the update. */
export interface TrainStepResult {
  loss: number;
  gradNorm: number;
}

/**
 * Builds a model with seeded weights. Logits start near zero, so the initial loss is close to `ln(vocabSize)`.
 *
 * @example
 * const model = createCharModel({ vocabSize: 50, seed: 1 });
 * const { loss } = trainStep(model, batch, 0.1);
 */
export function createCharModel(opts: CharModelOptions): CharModel {
  const embedDim = opts.embedDim ?? 16;
  const context = opts.context ?? 4;
  const hidden = opts.hidden ?? 128;
  const { vocabSize } = opts;
  const dtype = opts.dtype ?? 'float32';
  for (const [name, v] of [['vocabSize', vocabSize], ['embedDim', embedDim], ['context', context], ['hidden', hidden]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`invalid ${name}: ${v} (must be a positive integer)`);
  }
  const momentum = opts.momentum ?? 0;
  if (!(momentum >= 0 && momentum < 1)) throw new RangeError(`invalid momentum: ${momentum} (must be in [0, 1))`);

  const alloc = (n: number): FloatArray => (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));
  const allocParams = (): CharModelParams => ({
    embeddings: alloc(vocabSize * embedDim),
    w1: alloc(context * embedDim * hidden),
    b1: alloc(hidden),
    w2: alloc(hidden * vocabSize),
    b2: alloc(vocabSize),
  });

  const params = allocParams();
  const rng = createSeededRandom(opts.seed);
  fillNormal(params.embeddings, 1, rng.normal);
  // Kaiming initialisation for ReLU-like units keeps the hidden activations' scale independent of the fan-in.
  fillNormal(params.w1, Math.SQRT2 / Math.sqrt(context * embedDim), rng.normal);
  fillNormal(params.b1, 0.01, rng.normal);
  // Small output weights make the initial softmax nearly uniform instead of confidently wrong.
  fillNormal(params.w2, 0.01, rng.normal);

  return {
    ...params,
    vocabSize,
    embedDim,
    context,
    hidden,
    momentum,
    grads: allocParams(),
    velocity: allocParams(),
    scratch: allocScratch(0, context * embedDim, hidden, vocabSize),
  };
}

function fillNormal(a: FloatArray, std: number, normal: () => number): void {
  for (let i = 0; i < a.length; i++) a[i] = normal() * std;
}

function allocScratch(capacity: number, inputs: number, hidden: number, vocab: number): CharModelScratch {
  return {
    capacity,
    x: new Float64Array(capacity * inputs),
    h: new Float64Array(capacity * hidden),
    logits: new Float64Array(capacity * vocab),
    dh: new Float64Array(capacity * hidden),
    dx: new Float64Array(capacity * inputs),
  };
}

function ensureScratch(model: CharModel, count: number): CharModelScratch {
  if (model.scratch.capacity < count) {
    model.scratch = allocScratch(count, model.context * model.embedDim, model.hidden, model.vocabSize);
  }
  return model.scratch;
}

/**
 * Forward pass over rows `[0, count)` of the batch. Leaves the softmax probabilities in `scratch.logits` and returns
 * the summed (not averaged) cross-entropy. Non-finite weights produce a NaN loss rather than an exception.
 */
function forward(model: CharModel, batch: CharBatch, count: number): number {
  const { embedDim: d, context: k, hidden: H, vocabSize: V, embeddings: E, w1, b1, w2, b2 } = model;
  const { x, h, logits } = ensureScratch(model, count);
  const inputs = k * d;
  checkBatch(batch, count, k, V);

  for (let b = 0; b < count; b++) {
    for (let c = 0; c < k; c++) {
      const eo = batch.contexts[b * k + c]! * d;
      const xo = b * inputs + c * d;
      for (let j = 0; j < d; j++) x[xo + j] = E[eo + j]!;
    }
  }

  fillRows(h, b1, count);
  multiplyAdd(x, w1, h, count, inputs, H);
  for (let i = 0; i < count * H; i++) if (!(h[i]! > 0)) h[i]! *= LEAKY_SLOPE;

  fillRows(logits, b2, count);
  multiplyAdd(h, w2, logits, count, H, V);

  let lossSum = 0;
  for (let b = 0; b < count; b++) {
    const lo = b * V;
    // Subtracting the max keeps exp from overflowing for large but finite logits; infinite logits give NaN here,
    // which is the honest outcome of a diverged model.
    let max = -Infinity;
    for (let v = 0; v < V; v++) if (logits[lo + v]! > max) max = logits[lo + v]!;
    const targetLogit = logits[lo + batch.targets[b]!]!;
    let sum = 0;
    for (let v = 0; v < V; v++) {
      const e = Math.exp(logits[lo + v]! - max);
      logits[lo + v] = e;
      sum += e;
    }
    lossSum += Math.log(sum) + max - targetLogit;
    const inv = 1 / sum;
    for (let v = 0; v < V; v++) logits[lo + v]! *= inv;
  }
  return lossSum;
}

function checkBatch(batch: CharBatch, count: number, k: number, V: number): void {
  if (batch.contexts.length < count * k || batch.targets.length < count) {
    throw new RangeError(`batch holds fewer than ${count} examples of context ${k}`);
  }
  // Out-of-range ids would read garbage from the typed arrays instead of throwing, so check once per batch.
  for (let i = 0; i < count * k; i++) {
    const id = batch.contexts[i]!;
    if (id < 0 || id >= V) throw new RangeError(`token id ${id} at context index ${i} is outside the vocabulary of ${V}`);
  }
  for (let i = 0; i < count; i++) {
    const id = batch.targets[i]!;
    if (id < 0 || id >= V) throw new RangeError(`target id ${id} at index ${i} is outside the vocabulary of ${V}`);
  }
}

/**
 * Computes the mean cross-entropy of the batch and writes its gradient with respect to every parameter into
 * `model.grads`, without changing the parameters.
 */
export function computeGradients(model: CharModel, batch: CharBatch): number {
  const count = batch.count;
  if (count < 1) throw new RangeError('cannot compute gradients of an empty batch');
  const { embedDim: d, context: k, hidden: H, vocabSize: V, w1, w2, grads } = model;
  const inputs = k * d;
  const loss = forward(model, batch, count) / count;
  const { x, h, logits: dLogits, dh, dx } = model.scratch;

  for (const name of PARAM_NAMES) grads[name].fill(0);
  const { embeddings: dE, w1: dW1, b1: db1, w2: dW2, b2: db2 } = grads;

  // d loss / d logits = (softmax - onehot) / count, written over the probabilities in place.
  const invCount = 1 / count;
  for (let b = 0; b < count; b++) {
    dLogits[b * V + batch.targets[b]!]! -= 1;
    for (let v = 0; v < V; v++) dLogits[b * V + v]! *= invCount;
  }
  sumRows(dLogits, db2, count);
  multiplyTransposedAAdd(h, dLogits, dW2, count, H, V);
  multiplyTransposedB(dLogits, w2, dh, count, V, H);
  for (let i = 0; i < count * H; i++) if (!(h[i]! > 0)) dh[i]! *= LEAKY_SLOPE;
  sumRows(dh, db1, count);
  multiplyTransposedAAdd(x, dh, dW1, count, inputs, H);
  multiplyTransposedB(dh, w1, dx, count, H, inputs);

  // Each context slot scatters its input gradient back to the embedding row it was looked up from.
  for (let b = 0; b < count; b++) {
    for (let c = 0; c < k; c++) {
      const eo = batch.contexts[b * k + c]! * d;
      const xo = b * inputs + c * d;
      for (let j = 0; j < d; j++) dE[eo + j]! += dx[xo + j]!;
    }
  }
  return loss;
}

/*
 * Row-major matrix kernels. They are the whole cost of training, so the inner loops are unrolled four ways over
 * the summed dimension: each output element is then loaded and stored once per four multiply-adds instead of once
 * per multiply-add, which roughly doubles the speed in V8.
 */

/** Every row of `out` (`rows × row.length`) set to `row`. */
function fillRows(out: Float64Array, row: FloatArray, rows: number): void {
  const n = row.length;
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) out[r * n + j] = row[j]!;
}

/** `out[j] += Σ_r m[r][j]` for `m` of `rows × out.length`. */
function sumRows(m: Float64Array, out: FloatArray, rows: number): void {
  const n = out.length;
  for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) out[j]! += m[r * n + j]!;
}

/** `c += a · b` with `a` of `n × m`, `b` of `m × p`, `c` of `n × p`. */
function multiplyAdd(a: Float64Array, b: FloatArray, c: Float64Array, n: number, m: number, p: number): void {
  const m4 = m - (m % 4);
  for (let r = 0; r < n; r++) {
    const ao = r * m;
    const co = r * p;
    for (let i = 0; i < m4; i += 4) {
      const a0 = a[ao + i]!;
      const a1 = a[ao + i + 1]!;
      const a2 = a[ao + i + 2]!;
      const a3 = a[ao + i + 3]!;
      const b0 = i * p;
      const b1 = b0 + p;
      const b2 = b1 + p;
      const b3 = b2 + p;
      for (let j = 0; j < p; j++) {
        c[co + j]! += a0 * b[b0 + j]! + a1 * b[b1 + j]! + a2 * b[b2 + j]! + a3 * b[b3 + j]!;
      }
    }
    for (let i = m4; i < m; i++) {
      const ai = a[ao + i]!;
      const bo = i * p;
      for (let j = 0; j < p; j++) c[co + j]! += ai * b[bo + j]!;
    }
  }
}

/** `c += aᵀ · g` with `a` of `n × m`, `g` of `n × p`, `c` of `m × p`: the weight gradient of a dense layer. */
function multiplyTransposedAAdd(a: Float64Array, g: Float64Array, c: FloatArray, n: number, m: number, p: number): void {
  const n4 = n - (n % 4);
  for (let r = 0; r < n4; r += 4) {
    const g0 = r * p;
    const g1 = g0 + p;
    const g2 = g1 + p;
    const g3 = g2 + p;
    for (let i = 0; i < m; i++) {
      const a0 = a[r * m + i]!;
      const a1 = a[(r + 1) * m + i]!;
      const a2 = a[(r + 2) * m + i]!;
      const a3 = a[(r + 3) * m + i]!;
      const co = i * p;
      for (let j = 0; j < p; j++) {
        c[co + j]! += a0 * g[g0 + j]! + a1 * g[g1 + j]! + a2 * g[g2 + j]! + a3 * g[g3 + j]!;
      }
    }
  }
  for (let r = n4; r < n; r++) {
    const go = r * p;
    for (let i = 0; i < m; i++) {
      const ai = a[r * m + i]!;
      const co = i * p;
      for (let j = 0; j < p; j++) c[co + j]! += ai * g[go + j]!;
    }
  }
}

/** `out = g · bᵀ` with `g` of `n × p`, `b` of `m × p`, `out` of `n × m`: the input gradient of a dense layer. */
function multiplyTransposedB(g: Float64Array, b: FloatArray, out: Float64Array, n: number, p: number, m: number): void {
  const m4 = m - (m % 4);
  for (let r = 0; r < n; r++) {
    const go = r * p;
    const oo = r * m;
    for (let i = 0; i < m4; i += 4) {
      const b0 = i * p;
      const b1 = b0 + p;
      const b2 = b1 + p;
      const b3 = b2 + p;
      let acc0 = 0;
      let acc1 = 0;
      let acc2 = 0;
      let acc3 = 0;
      for (let j = 0; j < p; j++) {
        const gj = g[go + j]!;
        acc0 += gj * b[b0 + j]!;
        acc1 += gj * b[b1 + j]!;
        acc2 += gj * b[b2 + j]!;
        acc3 += gj * b[b3 + j]!;
      }
      out[oo + i] = acc0;
      out[oo + i + 1] = acc1;
      out[oo + i + 2] = acc2;
      out[oo + i + 3] = acc3;
    }
    for (let i = m4; i < m; i++) {
      const bo = i * p;
      let acc = 0;
      for (let j = 0; j < p; j++) acc += g[go + j]! * b[bo + j]!;
      out[oo + i] = acc;
    }
  }
}

/** L2 norm over all gradients, as one vector. NaN or Infinity when any gradient is. */
export function gradientNorm(model: CharModel): number {
  let sq = 0;
  for (const name of PARAM_NAMES) {
    const g = model.grads[name];
    for (let i = 0; i < g.length; i++) sq += g[i]! * g[i]!;
  }
  return Math.sqrt(sq);
}

/**
 * One step of minibatch SGD with momentum (`v = μ·v + g; θ -= lr·v`). Returns the batch loss and the gradient norm
 * from before the update. Gradients are deliberately not clipped.
 */
export function trainStep(model: CharModel, batch: CharBatch, lr: number): TrainStepResult {
  const loss = computeGradients(model, batch);
  const gradNorm = gradientNorm(model);
  const mu = model.momentum;
  for (const name of PARAM_NAMES) {
    const p = model[name];
    const g = model.grads[name];
    const vel = model.velocity[name];
    for (let i = 0; i < p.length; i++) {
      const v = mu * vel[i]! + g[i]!;
      vel[i] = v;
      p[i]! -= lr * v;
    }
  }
  return { loss, gradNorm };
}

/** Rows scored per forward pass in `evaluate`, so evaluating a large split does not allocate a huge scratch. */
const EVAL_CHUNK = 256;

/** Mean cross-entropy (nats per character) of the model on every example of `data`. Changes no parameters. */
export function evaluate(model: CharModel, data: CharBatch): number {
  if (data.count < 1) throw new RangeError('cannot evaluate on an empty data set');
  const k = model.context;
  let lossSum = 0;
  for (let start = 0; start < data.count; start += EVAL_CHUNK) {
    const n = Math.min(EVAL_CHUNK, data.count - start);
    const chunk: CharBatch = {
      contexts: data.contexts.subarray(start * k, (start + n) * k),
      targets: data.targets.subarray(start, start + n),
      count: n,
    };
    lossSum += forward(model, chunk, n);
  }
  return lossSum / data.count;
}

/** The embedding of token `id`: a live view into `model.embeddings`, not a copy. */
export function embeddingRow(model: CharModel, id: number): FloatArray {
  if (!Number.isInteger(id) || id < 0 || id >= model.vocabSize) {
    throw new RangeError(`invalid token id: ${id} (vocabulary has ${model.vocabSize} tokens)`);
  }
  return model.embeddings.subarray(id * model.embedDim, (id + 1) * model.embedDim);
}

/**
 * A float32 copy of the embedding table, `rows × cols` row-major, in the shape a tensor snapshot is logged in.
 * A copy, because the table keeps changing while a logger may still be holding the previous snapshot.
 */
export function embeddingSnapshot(model: CharModel): { rows: number; cols: number; data: Float32Array } {
  return { rows: model.vocabSize, cols: model.embedDim, data: Float32Array.from(model.embeddings) };
}

/** Next-character probabilities for every example of `data`, `count × vocabSize` row-major. Changes no parameters. */
export function predictProbabilities(model: CharModel, data: CharBatch): Float64Array {
  const k = model.context;
  const v = model.vocabSize;
  const out = new Float64Array(data.count * v);
  for (let start = 0; start < data.count; start += EVAL_CHUNK) {
    const n = Math.min(EVAL_CHUNK, data.count - start);
    forward(model, { contexts: data.contexts.subarray(start * k, (start + n) * k), targets: data.targets.subarray(start, start + n), count: n }, n);
    // the forward pass leaves the softmax probabilities where the logits were
    out.set(model.scratch.logits.subarray(0, n * v), start * v);
  }
  return out;
}
