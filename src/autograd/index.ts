// Public exports of autograd: reverse-mode gradients of functions built from nabla's tensor ops.
//
//   const lossOf = (w: Tensor, b: Tensor) => nb.mean(nb.relu(nb.biasAdd(x.matmul(w), b)));
//   const { value, grads: [dw, db] } = nb.valueAndGrad(lossOf)(w, b);
//   const [dw2, db2] = nb.grad(lossOf)(w, b);
//
// Every differentiable tensor op (functions and Tensor methods alike) is recorded while the function runs;
// ops with no gradient (argMax, equal, casts to integers) stop the gradient. First-order only.
export { type ValueAndGrad, valueAndGrad, grad } from './value-and-grad.ts';
export { type GradientRule, registerGradient } from './registry.ts';
