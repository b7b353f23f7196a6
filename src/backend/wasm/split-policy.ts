// Whether the default thread count should keep splitting calls, judged by what the splits actually save.
// A split call saves the time of the helper's part when the helper runs it beside the main thread; nothing
// when the main thread finishes its own part before the helper has even claimed its one (the main thread then
// runs it itself); and it loses time when the helper is descheduled mid-call, or shares the main thread's core.
// On a quiet machine the first case is the rule; when another process kept a core busy, a 784-100-10 epoch
// ran 2.7 times slower split than on one thread.
//
// The rule: each split call reports the time it saved (its parts timed at the quickest any thread ran one,
// less the time the whole call took). Over a window of WINDOW_CALLS split calls, when the window saves
// nothing, or loses more than MAX_LOSS_MILLISECONDS before it is over, stop splitting for a pause, then try
// again. Each pause after a losing trial is twice the last (from MIN_PAUSE to MAX_PAUSE), so a machine that
// stays busy costs a trial window every few seconds; a window that saves time ends the pauses' growth.
// A call whose part was taken back from a helper that was awake (spinning) counts as a loss of
// TAKEN_BACK_LOSS_MILLISECONDS: the helper missed a post it was spinning for because it was descheduled, and
// it still spins on a core that another thread wanted, so ten or so in a row pause splitting. A call posted to
// a helper that was asleep is not judged at all (parallel-kernels.ts): waking one takes 0.1–0.3 ms here, on a
// quiet machine as on a busy one, after every idle while; judging those calls paused splitting after each
// pause, and kept a quiet machine's epochs on one thread. Calls too small to gain from a second thread lose a
// little each and pause splitting too. The first WARM_UP_CALLS split calls are not judged: a helper's first
// calls run cold (its first touch of its scratch memory, code not yet optimized, the compiler's threads
// taking a core), which lost up to 2.4 ms a call over the first ~100 training steps.

const WARM_UP_CALLS = 256;
const WINDOW_CALLS = 32;
const TAKEN_BACK_LOSS_MILLISECONDS = 0.1;
const MAX_LOSS_MILLISECONDS = 1;
const MIN_PAUSE_MILLISECONDS = 250;
const MAX_PAUSE_MILLISECONDS = 16_000;

export class SplitPolicy {
  private warmUpCallsLeft = WARM_UP_CALLS;
  private calls = 0;
  private savedMilliseconds = 0;
  private pauseMilliseconds = MIN_PAUSE_MILLISECONDS;
  private resumeAt = -Infinity;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Whether calls are split now (false during a pause). */
  get splitting(): boolean {
    return this.now() >= this.resumeAt;
  }

  /** Records a split call whose helper part was taken back (run by the main thread). */
  recordTakenBack(): void {
    this.record(-TAKEN_BACK_LOSS_MILLISECONDS);
  }

  /** Records what one split call saved (negative: it lost time against one thread). */
  record(savedMilliseconds: number): void {
    if (this.warmUpCallsLeft > 0) {
      this.warmUpCallsLeft--;
      return;
    }
    this.savedMilliseconds += savedMilliseconds;
    this.calls++;
    if (this.savedMilliseconds < -MAX_LOSS_MILLISECONDS) this.pause();
    else if (this.calls >= WINDOW_CALLS) this.endWindow();
  }

  private endWindow(): void {
    if (this.savedMilliseconds <= 0) {
      this.pause();
      return;
    }
    this.pauseMilliseconds = MIN_PAUSE_MILLISECONDS;
    this.startWindow();
  }

  private pause(): void {
    this.resumeAt = this.now() + this.pauseMilliseconds;
    this.pauseMilliseconds = Math.min(2 * this.pauseMilliseconds, MAX_PAUSE_MILLISECONDS);
    this.startWindow();
  }

  private startWindow(): void {
    this.calls = 0;
    this.savedMilliseconds = 0;
  }
}
