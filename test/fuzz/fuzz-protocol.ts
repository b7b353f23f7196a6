// The messages between the file fuzzer and its child process.

/** The file formats the fuzzer damages and loads. */
export type FuzzFormat = 'h5' | 'keras' | 'weights.h5' | 'idx' | 'idx.gz';

/** One file to load. */
export interface FuzzRequest {
  id: number;
  path: string;
  format: FuzzFormat;
}

/** How one load ended: loaded, refused with a NablaError, or any other error ('foreign'). */
export interface FuzzAnswer {
  id: number;
  outcome: 'loaded' | 'refused' | 'foreign';
  error?: string;
}
