/**
 * The one interface every compute kernel sits behind. Kernels know flat float32 buffers and sizes only:
 * no tensors, no layers, no I/O. All matrices are row-major.
 *
 * A backend may keep its own memory (the WASM backend's linear memory). Buffers from `allocFloat32` live
 * there and are passed to kernels without copying; any other Float32Array still works, through a copy.
 */
import type { ConvGeometry } from './conv-geometry.ts';

export type ActivationName =
  | 'linear'
  | 'relu'
  | 'sigmoid'
  | 'tanh'
  | 'softmax'
  | 'elu'
  | 'selu'
  | 'gelu'
  | 'silu'
  | 'leaky_relu'
  | 'relu6'
  | 'softplus'
  | 'softsign'
  | 'hard_sigmoid'
  | 'hard_silu'
  | 'exponential'
  | 'mish'
  | 'log_softmax';

export interface MatmulOptions {
  /** Use Aᵀ: A is stored k×m. */
  transA?: boolean;
  /** Use Bᵀ: B is stored n×k. */
  transB?: boolean;
  /** out += A·B instead of out = A·B. */
  accumulate?: boolean;
}

export interface Backend {
  readonly name: string;

  /** A zero-filled float32 buffer in this backend's memory; it stays valid for the life of the process. */
  allocFloat32(length: number): Float32Array;
  /** An int32 buffer in this backend's memory. */
  allocInt32(length: number): Int32Array;
  /** Returns a buffer from allocFloat32/allocInt32 for reuse. Using it afterwards is an error. */
  free(buffer: Float32Array | Int32Array): void;
  /** Bytes allocFloat32 can still hand out, for a backend whose memory is bounded (undefined: unbounded). */
  availableBytes?(): number;

  /** out (m×n) = op(A) · op(B), with op(A) m×k and op(B) k×n. */
  matmul(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    m: number,
    k: number,
    n: number,
    options?: MatmulOptions,
  ): void;

  /** In place on x (rows×cols): x = activation(x + bias), bias (cols) may be null. Softmax is along each row. */
  biasActivation(
    x: Float32Array,
    bias: Float32Array | null,
    rows: number,
    cols: number,
    activation: ActivationName,
  ): void;

  /**
   * dx = dy · activation'(…), written from the activation's *output* y (rows×cols). For softmax,
   * dx = y ⊙ (dy − Σ_row(dy ⊙ y)). dx may alias dy. The activations whose derivative is not a function of
   * their output (gelu, silu, mish, hard_silu: see needsPreActivation) also read the pre-activation x.
   */
  activationGrad(
    y: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    rows: number,
    cols: number,
    activation: ActivationName,
    x?: Float32Array | null,
  ): void;

  /** out (cols) = Σ over rows of x (rows×cols); with accumulate, out += that. The bias gradient. */
  sumRows(x: Float32Array, out: Float32Array, rows: number, cols: number, accumulate?: boolean): void;

  /**
   * Fused softmax + sparse categorical cross-entropy from logits (rows×cols), labels (rows) in [0, cols):
   * probs = softmax(logits); lossPerRow[i] = logsumexp(logits_i) − logits_i[label_i];
   * dLogits = (probs − onehot(labels)) · gradScale (gradScale is usually 1/batchSize).
   * Returns Σ lossPerRow. dLogits may be null (evaluation).
   */
  softmaxCrossEntropy(
    logits: Float32Array,
    labels: Int32Array,
    probs: Float32Array,
    dLogits: Float32Array | null,
    rows: number,
    cols: number,
    gradScale: number,
  ): number;

  /** out = x ⊙ mask (elementwise, length n); the dropout forward and backward with a pre-scaled mask. */
  mul(x: Float32Array, mask: Float32Array, out: Float32Array, n: number): void;

  /** Index of the first NaN or ±Infinity in x, or -1 when every element is finite (the input check of fit). */
  firstNonFinite(x: Float32Array): number;

  // --- Convolution and pooling windows over channels-last images (docs/convolutions.md) ---
  /**
   * cols ((images·outHeight·outWidth) × (kernelHeight·kernelWidth·channels)) = each window of x
   * (images × inHeight × inWidth × channels), row by row, zeros where the window crosses the padding.
   */
  im2col(x: Float32Array, cols: Float32Array, images: number, geometry: ConvGeometry): void;
  /** dx (images × inHeight × inWidth × channels) = Σ of the cols values taken from each pixel (im2col's adjoint); overwrites dx. */
  col2im(cols: Float32Array, dx: Float32Array, images: number, geometry: ConvGeometry): void;
  /**
   * out (images × outHeight × outWidth × channels) = the max of each window over the pixels inside the image;
   * argmax receives the index of each maximum within its image (for maxPoolGrad).
   */
  maxPool(x: Float32Array, out: Float32Array, argmax: Int32Array, images: number, geometry: ConvGeometry): void;
  /** dx = 0, then each dy value added to dx at its argmax (within the same image). */
  maxPoolGrad(dy: Float32Array, argmax: Int32Array, dx: Float32Array, images: number, geometry: ConvGeometry): void;
  /** out = the mean of each window over the pixels inside the image (padding is not counted). */
  avgPool(x: Float32Array, out: Float32Array, images: number, geometry: ConvGeometry): void;
  /** dx = avgPool's adjoint applied to dy; overwrites dx. */
  avgPoolGrad(dy: Float32Array, dx: Float32Array, images: number, geometry: ConvGeometry): void;
  // --- end of convolution and pooling ---

  // --- Per-column statistics and maps (batch normalization over rows × channels) ---
  /** mean and biased variance (cols each) of every column of x (rows×cols), summed in float64. */
  columnMoments(x: Float32Array, rows: number, cols: number, mean: Float32Array, variance: Float32Array): void;
  /** sumA (cols) = Σ over rows of a, sumAB (cols) = Σ over rows of a ⊙ b (a, b rows×cols), summed in float64. */
  columnGradSums(
    a: Float32Array,
    b: Float32Array,
    rows: number,
    cols: number,
    sumA: Float32Array,
    sumAB: Float32Array,
  ): void;
  /** out = x ⊙ scale + shift, column by column (scale, shift: cols), plus y ⊙ yScale when y is given; out may alias x or y. */
  columnAffine(
    x: Float32Array,
    scale: Float32Array,
    shift: Float32Array,
    out: Float32Array,
    rows: number,
    cols: number,
    y?: Float32Array | null,
    yScale?: Float32Array | null,
  ): void;
  // --- end of per-column kernels ---

  /** SGD over a flat parameter buffer (docs/optimizers.md); velocity is used only when momentum > 0. */
  sgdUpdate(
    params: Float32Array,
    grads: Float32Array,
    velocity: Float32Array | null,
    n: number,
    lr: number,
    momentum: number,
    nesterov: boolean,
  ): void;
  /** Adam, "efficient" form: alpha = lr·sqrt(1−β2^t)/(1−β1^t) is computed by the caller. */
  adamUpdate(
    params: Float32Array,
    grads: Float32Array,
    m: Float32Array,
    v: Float32Array,
    n: number,
    alpha: number,
    beta1: number,
    beta2: number,
    epsilon: number,
  ): void;
  /** RMSprop (Keras 3): v = ρv + (1−ρ)g²; w −= lr·g/sqrt(v + ε); momentum buffer used when momentum > 0. */
  rmspropUpdate(
    params: Float32Array,
    grads: Float32Array,
    v: Float32Array,
    mom: Float32Array | null,
    n: number,
    lr: number,
    rho: number,
    momentum: number,
    epsilon: number,
  ): void;
  /** Adagrad (Keras 3): acc += g²; w −= lr·g/sqrt(acc + ε). */
  adagradUpdate(
    params: Float32Array,
    grads: Float32Array,
    acc: Float32Array,
    n: number,
    lr: number,
    epsilon: number,
  ): void;
  /** Adamax (Keras 3): m += (g−m)(1−β1); u = max(β2·u, |g|); w −= lr·m/(correction·(u + ε)), correction = 1−β1^t. */
  adamaxUpdate(
    params: Float32Array,
    grads: Float32Array,
    m: Float32Array,
    u: Float32Array,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    correction: number,
  ): void;
  /**
   * Nadam (Keras 3): m and v as Adam's; w −= lr·(momentumWeight·m + gradientWeight·g)/(sqrt(v/velocityCorrection) + ε),
   * the weights and correction from the momentum-cache schedule (docs/optimizers.md).
   */
  nadamUpdate(
    params: Float32Array,
    grads: Float32Array,
    m: Float32Array,
    v: Float32Array,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    momentumWeight: number,
    gradientWeight: number,
    velocityCorrection: number,
  ): void;
  /** Adadelta (Keras 3): a = ρa + (1−ρ)g²; Δ = −sqrt(d+ε)·g/sqrt(a+ε); d = ρd + (1−ρ)Δ²; w += lr·Δ. */
  adadeltaUpdate(
    params: Float32Array,
    grads: Float32Array,
    accGrad: Float32Array,
    accDelta: Float32Array,
    n: number,
    lr: number,
    rho: number,
    epsilon: number,
  ): void;
  /** Lion (Keras 3): w −= lr·sign(β1·m + (1−β1)g); m = β2·m + (1−β2)g. */
  lionUpdate(
    params: Float32Array,
    grads: Float32Array,
    m: Float32Array,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
  ): void;
}
