/** The phases of one training step, in order. */
export const STEP_PHASES = ['gather', 'forward', 'loss+metrics', 'backward', 'optimizer', 'callbacks+loop'] as const;

export type StepPhase = (typeof STEP_PHASES)[number];

/**
 * Where fit's time goes, per phase of the training step (issue 7's profile). On when NABLA_PROFILE=1;
 * off it costs one branch per phase.
 */
export class StepProfile {
  private readonly totals = new Float64Array(STEP_PHASES.length);
  private last = 0;
  private steps = 0;

  constructor(readonly enabled: boolean) {}

  /** Profiling is on when the environment asks for it. */
  static fromEnvironment(): StepProfile {
    return new StepProfile(process.env.NABLA_PROFILE === '1');
  }

  /** Starts timing a step. */
  begin(): void {
    if (this.enabled) this.last = performance.now();
  }

  /** Charges the time since the last mark to `phase`. */
  mark(phase: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    this.totals[phase] += now - this.last;
    this.last = now;
    if (phase === STEP_PHASES.length - 1) this.steps++;
  }

  /** A table of milliseconds per phase, per step and share of the total. */
  report(): string {
    const total = this.totals.reduce((a, b) => a + b, 0);
    const lines = [`training step profile over ${this.steps} steps (${total.toFixed(0)} ms):`];
    STEP_PHASES.forEach((phase, i) => {
      const ms = this.totals[i];
      lines.push(`  ${phase.padEnd(16)} ${ms.toFixed(1).padStart(9)} ms  ${((ms * 1000) / Math.max(1, this.steps)).toFixed(1).padStart(8)} µs/step  ${((100 * ms) / Math.max(total, 1e-9)).toFixed(1).padStart(5)}%`);
    });
    return lines.join('\n') + '\n';
  }
}
