// The bits of an f32: the exponent's eight bits are all ones for NaN and ±Infinity, all zeros for zero and the
// subnormals.
export const EXPONENT_BITS: i32 = 0x7f800000;
