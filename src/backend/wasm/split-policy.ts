import type { HandOff } from './kernel-helper.ts';

// Whether the default thread count should keep splitting calls, judged by what the splits actually save.
// A split saves the time of the helper's part when the helper runs it beside the main thread; it saves
// nothing when the main thread finishes its own part before the helper has even claimed its one (the main
// thread then runs it itself), and it costs time when the main thread waits for a helper that was
// descheduled mid-call. On a quiet machine the first case is the rule; when another process keeps a core
// busy, the helper is often descheduled, and a 784-100-10 epoch ran 2.7 times slower split than on one thread.
//
// The rule: over a window of WINDOW_HAND_OFFS hand-offs, add up the time each saved (the main thread's own
// part less its wait for the helper; nothing for a call taken back). When the window saves nothing, or loses
// more than MAX_LOSS_MILLISECONDS before it is over, stop splitting for a pause, then try again. Each pause
// after a losing trial is twice the last (from MIN_PAUSE to MAX_PAUSE), so a machine that stays busy costs a
// trial window every few seconds; a window that saves time ends the pauses' growth.

const WINDOW_HAND_OFFS = 32;
const MAX_LOSS_MILLISECONDS = 1;
const MIN_PAUSE_MILLISECONDS = 250;
const MAX_PAUSE_MILLISECONDS = 16_000;

export class SplitPolicy {
  private handOffs = 0;
  private savedMilliseconds = 0;
  private pauseMilliseconds = MIN_PAUSE_MILLISECONDS;
  private resumeAt = -Infinity;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Whether calls are split now (false during a pause). */
  get splitting(): boolean {
    return this.now() >= this.resumeAt;
  }

  /**
   * Records one hand-off: how it ended, how long the main thread's own part took and how long it then waited
   * for the helper.
   */
  record(handOff: HandOff, ownMilliseconds: number, waitedMilliseconds: number): void {
    if (handOff === 'done') this.savedMilliseconds += ownMilliseconds - waitedMilliseconds;
    this.handOffs++;
    if (this.savedMilliseconds < -MAX_LOSS_MILLISECONDS) this.pause();
    else if (this.handOffs >= WINDOW_HAND_OFFS) this.endWindow();
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
    this.handOffs = 0;
    this.savedMilliseconds = 0;
  }
}
