/** The phases of one training step, in order. */
export const STEP_PHASES = ['gather', 'forward', 'loss+metrics', 'backward', 'optimizer', 'callbacks+loop'] as const;

export type StepPhase = (typeof STEP_PHASES)[number];

/**
 * Where fit's time goes, per phase of the training step (issue 7's profile). On when NABLA_PROFILE=1;
 * off it costs one branch per phase. Wall and CPU time are both kept: on a shared machine the wall clock
 * also counts the time other processes held the core, the CPU time only this process's work — but all of
 * its threads, so with the kernels' helper thread on (it spins between calls) read the wall column.
 */
export class StepProfile {
  private readonly wall = new Float64Array(STEP_PHASES.length);
  private readonly cpu = new Float64Array(STEP_PHASES.length);
  private lastWall = 0;
  private lastCpu = 0;
  private steps = 0;

  constructor(readonly enabled: boolean) {}

  /** Profiling is on when the environment asks for it. */
  static fromEnvironment(): StepProfile {
    return new StepProfile(process.env.NABLA_PROFILE === '1');
  }

  /** Starts timing a step. */
  begin(): void {
    if (!this.enabled) return;
    this.lastWall = performance.now();
    this.lastCpu = cpuMilliseconds();
  }

  /** Charges the time since the last mark to `phase`. */
  mark(phase: number): void {
    if (!this.enabled) return;
    const wall = performance.now();
    const cpu = cpuMilliseconds();
    this.wall[phase] += wall - this.lastWall;
    this.cpu[phase] += cpu - this.lastCpu;
    this.lastWall = wall;
    this.lastCpu = cpu;
    if (phase === STEP_PHASES.length - 1) this.steps++;
  }

  /**
   * A table of milliseconds per phase (wall and CPU), wall µs per step and share of the wall total: wall time,
   * since the CPU time also counts the helper thread's spinning.
   */
  report(): string {
    const wallTotal = this.wall.reduce((a, b) => a + b, 0);
    const cpuTotal = this.cpu.reduce((a, b) => a + b, 0);
    const steps = Math.max(1, this.steps);
    const lines = [
      `training step profile over ${this.steps} steps (${wallTotal.toFixed(0)} ms wall, ${cpuTotal.toFixed(0)} ms cpu):`,
      `  ${'phase'.padEnd(16)} ${'wall ms'.padStart(9)} ${'cpu ms'.padStart(9)} ${'wall µs/step'.padStart(13)} ${'wall %'.padStart(7)}`,
    ];
    STEP_PHASES.forEach((phase, i) => {
      const wall = this.wall[i];
      lines.push(
        `  ${phase.padEnd(16)} ${wall.toFixed(1).padStart(9)} ${this.cpu[i].toFixed(1).padStart(9)} ${((wall * 1000) / steps).toFixed(1).padStart(13)} ${((100 * wall) / Math.max(wallTotal, 1e-9)).toFixed(1).padStart(7)}`,
      );
    });
    return `${lines.join('\n')}\n`;
  }
}

function cpuMilliseconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
