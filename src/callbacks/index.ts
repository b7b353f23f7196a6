// Public exports of the callbacks.
export { Callback } from './callback.ts';
export type { CallbackParams, HookResult, Logs } from './callback.ts';
export { CallbackList } from './callback-list.ts';
export { History } from './history.ts';
export { ProgbarLogger, Progbar } from './progbar-logger.ts';
export type { ProgbarLoggerOptions, ProgressStream } from './progbar-logger.ts';
