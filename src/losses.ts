// The losses live in src/losses/; this module keeps the import path the models use.
export * from './losses/index.ts';
