// Public exports of autograd: reverse-mode gradients of functions built from nabla's tensor ops.
export { type ValueAndGrad, valueAndGrad, grad } from './value-and-grad.ts';
export { type GradientRule, registerGradient } from './registry.ts';
