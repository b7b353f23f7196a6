// Types of kernel-helper-protocol.mjs.
export declare const STATE: number;
export declare const KERNEL: number;
export declare const ARG_COUNT: number;
export declare const SLEEPING: number;
export declare const ARGS_BYTE_OFFSET: number;
export declare const CBLAS_SGEMM: 'cblasSgemm';
export declare const MAX_ARGS: number;
export declare const STARTING: number;
export declare const IDLE: number;
export declare const POSTED: number;
export declare const RUNNING: number;
export declare const DONE: number;
export declare const FAILED: number;
export interface Control {
  buffer: SharedArrayBuffer;
  state: Int32Array;
  args: Float64Array;
  /** How long the helper's last call ran, in milliseconds. */
  runTime: Float64Array;
}
export declare function createControl(): Control;
export declare function viewControl(buffer: SharedArrayBuffer): Control;
