import { ValueError } from '../errors.ts';

// The browser build's twin of threads.ts (scripts/build-browser.mjs substitutes it): the kernels run on the
// page's own thread; helper threads would need Web Workers over the shared memory, which the build leaves out.

/** Sets the number of threads the kernels may use: the browser build has only the calling thread. */
export function setNumThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ValueError(`setNumThreads: threads must be an integer ≥ 1, got ${threads}`);
  }
  if (threads > 1) {
    throw new ValueError(`setNumThreads: the browser build runs the kernels on one thread, got ${threads}`);
  }
}

/** The number of threads the kernels may use: 1 in the browser. */
export function getNumThreads(): number {
  return 1;
}

/** Whether the thread count is the default one: always in a page, where no one else can choose it. */
export function isDefaultNumThreads(): boolean {
  return true;
}
