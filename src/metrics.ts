// The metrics live in src/metrics/; this module keeps the import path the models use.
export * from './metrics/index.ts';
