/**
 * The one interface every compute kernel sits behind. Kernels know flat float32 buffers and sizes only:
 * no tensors, no layers, no I/O. All matrices are row-major.
 *
 * A backend may keep its own memory (the WASM backend's linear memory). Buffers from `allocFloat32` live
 * there and are passed to kernels without copying; any other Float32Array still works, through a copy.
 */
export type ActivationName = 'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax';

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

  /** out (m×n) = op(A) · op(B), with op(A) m×k and op(B) k×n. */
  matmul(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, options?: MatmulOptions): void;

  /** In place on x (rows×cols): x = activation(x + bias), bias (cols) may be null. Softmax is along each row. */
  biasActivation(x: Float32Array, bias: Float32Array | null, rows: number, cols: number, activation: ActivationName): void;

  /**
   * dx = dy · activation'(…), written from the activation's *output* y (rows×cols). For softmax,
   * dx = y ⊙ (dy − Σ_row(dy ⊙ y)). dx may alias dy.
   */
  activationGrad(y: Float32Array, dy: Float32Array, dx: Float32Array, rows: number, cols: number, activation: ActivationName): void;

  /** out (cols) = Σ over rows of x (rows×cols); with accumulate, out += that. The bias gradient. */
  sumRows(x: Float32Array, out: Float32Array, rows: number, cols: number, accumulate?: boolean): void;

  /**
   * Fused softmax + sparse categorical cross-entropy from logits (rows×cols), labels (rows) in [0, cols):
   * probs = softmax(logits); lossPerRow[i] = logsumexp(logits_i) − logits_i[label_i];
   * dLogits = (probs − onehot(labels)) · gradScale (gradScale is usually 1/batchSize).
   * Returns Σ lossPerRow. dLogits may be null (evaluation).
   */
  softmaxCrossEntropy(
    logits: Float32Array, labels: Int32Array, probs: Float32Array, dLogits: Float32Array | null,
    rows: number, cols: number, gradScale: number,
  ): number;

  /** out = x ⊙ mask (elementwise, length n); the dropout forward and backward with a pre-scaled mask. */
  mul(x: Float32Array, mask: Float32Array, out: Float32Array, n: number): void;

  /** Index of the first NaN or ±Infinity in x, or -1 when every element is finite (the input check of fit). */
  firstNonFinite(x: Float32Array): number;

  /** SGD over a flat parameter buffer (docs/keras-facts.md §4); velocity is used only when momentum > 0. */
  sgdUpdate(params: Float32Array, grads: Float32Array, velocity: Float32Array | null, n: number,
    lr: number, momentum: number, nesterov: boolean): void;
  /** Adam, "efficient" form: alpha = lr·sqrt(1−β2^t)/(1−β1^t) is computed by the caller. */
  adamUpdate(params: Float32Array, grads: Float32Array, m: Float32Array, v: Float32Array, n: number,
    alpha: number, beta1: number, beta2: number, epsilon: number): void;
  /** RMSprop (Keras 3): v = ρv + (1−ρ)g²; w −= lr·g/sqrt(v + ε); momentum buffer used when momentum > 0. */
  rmspropUpdate(params: Float32Array, grads: Float32Array, v: Float32Array, mom: Float32Array | null, n: number,
    lr: number, rho: number, momentum: number, epsilon: number): void;
  /** Adagrad (Keras 3): acc += g²; w −= lr·g/sqrt(acc + ε). */
  adagradUpdate(params: Float32Array, grads: Float32Array, acc: Float32Array, n: number, lr: number, epsilon: number): void;
}
