// The hand-off between the main thread and a helper thread of the WASM backend: a call is run exactly once,
// by the helper or (taken back before the helper claimed it) by the main thread; and a helper that waits
// between calls sleeps rather than spins, so that it uses next to no CPU.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { loadKernels } from '../../src/backend/wasm/load-kernels.ts';
import { KernelHelper } from '../../src/backend/wasm/kernel-helper.ts';
import { WasmMemory } from '../../src/backend/wasm/wasm-memory.ts';
import { Generator } from '../../src/random/generator.ts';

test('each posted call runs exactly once, on the helper or taken back by the main thread', () => {
  const memory = new WasmMemory(64, 65536);
  const { module, kernels } = loadKernels(memory.memory);
  memory.startHeap(kernels.heapBase());
  const helper = new KernelHelper(module, memory.memory, ['sgdUpdate']);
  assert.ok(helper.awaitStart(10_000), 'the helper thread started');
  const n = 1024;
  const gen = new Generator(4);
  const buffer = (): Float32Array => {
    const values = new Float32Array(memory.buffer, memory.allocate(n * 4), n);
    for (let i = 0; i < n; i++) values[i] = gen.normal();
    return values;
  };
  const grads = buffer();
  const [params, velocity] = [buffer(), buffer()];
  const [expectedParams, expectedVelocity] = [Float32Array.from(params), Float32Array.from(velocity)];
  const outcomes = { done: 0, 'taken-back': 0, failed: 0 };
  // SGD with momentum is not idempotent: a step run twice, or skipped, changes the result.
  const steps = 300;
  for (let step = 0; step < steps; step++) {
    helper.post(0, [params.byteOffset, grads.byteOffset, velocity.byteOffset, n, 0.01, 0.9, 0]);
    // Joined at once, or after a pause of a few microseconds: the helper claims some calls, not others.
    if (step % 2 === 1) for (const end = performance.now() + 0.02; performance.now() < end; );
    const handOff = helper.join();
    outcomes[handOff]++;
    if (handOff === 'done') {
      assert.ok(helper.lastRunMilliseconds > 0, 'the helper timed the call it ran');
    }
    if (handOff !== 'done')
      kernels.sgdUpdate(params.byteOffset, grads.byteOffset, velocity.byteOffset, n, 0.01, 0.9, 0);
  }
  const reference = new WasmMemory(64, 65536);
  const referenceKernels = loadKernels(reference.memory).kernels;
  reference.startHeap(referenceKernels.heapBase());
  const at = (values: Float32Array): Float32Array => {
    const copy = new Float32Array(reference.buffer, reference.allocate(n * 4), n);
    copy.set(values);
    return copy;
  };
  const [p, g, v] = [at(expectedParams), at(grads), at(expectedVelocity)];
  for (let step = 0; step < steps; step++)
    referenceKernels.sgdUpdate(p.byteOffset, g.byteOffset, v.byteOffset, n, 0.01, 0.9, 0);
  assert.equal(outcomes.failed, 0);
  assert.equal(outcomes.done + outcomes['taken-back'], steps);
  assert.deepEqual(params, p, `params after ${steps} steps (${JSON.stringify(outcomes)})`);
  assert.deepEqual(velocity, v);
});

test('a helper waiting between calls sleeps: the process uses a small part of one core', () => {
  // A call every 3 ms, the main thread asleep in between: a helper that spun between calls would keep a core
  // busy all the time (CPU time ≈ wall time); one that sleeps uses it only for the calls and a short spin.
  const script = `
    import { loadKernels } from ${JSON.stringify(new URL('../../src/backend/wasm/load-kernels.ts', import.meta.url).href)};
    import { ParallelKernels } from ${JSON.stringify(new URL('../../src/backend/wasm/parallel-kernels.ts', import.meta.url).href)};
    import { WasmMemory } from ${JSON.stringify(new URL('../../src/backend/wasm/wasm-memory.ts', import.meta.url).href)};
    import { setNumThreads } from ${JSON.stringify(new URL('../../src/backend/threads.ts', import.meta.url).href)};
    setNumThreads(2);
    const memory = new WasmMemory(64, 65536);
    const { module, kernels } = loadKernels(memory.memory);
    memory.startHeap(kernels.heapBase());
    const parallel = new ParallelKernels(kernels, module, memory);
    const n = 32768;
    const [params, grads, velocity] = [0, 1, 2].map(() => memory.allocate(n * 4));
    const sleeper = new Int32Array(new SharedArrayBuffer(4));
    const update = () => parallel.update('sgdUpdate', [params, grads, velocity], n, [0.01, 0.9, 0]);
    update(); // starts the helper
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    while (performance.now() - t0 < 1500) {
      update();
      Atomics.wait(sleeper, 0, 0, 3);
    }
    const cpu = process.cpuUsage(cpu0);
    console.log(JSON.stringify({ cpu: (cpu.user + cpu.system) / 1000, wall: performance.now() - t0, ...parallel.handOffs }));`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const { cpu, wall, done, takenBack } = JSON.parse(result.stdout.trim()) as Record<string, number>;
  assert.ok(done + takenBack > 100, `the calls were split (${done} run by the helper, ${takenBack} taken back)`);
  assert.ok(cpu < 0.25 * wall, `the process used ${cpu.toFixed(0)} ms of CPU in ${wall.toFixed(0)} ms`);
});

test('a post tells whether the helper slept: after an idle while yes, while it spins no', () => {
  const memory = new WasmMemory(64, 65536);
  const { module, kernels } = loadKernels(memory.memory);
  memory.startHeap(kernels.heapBase());
  const n = 64;
  const [paramsAt, gradsAt] = [memory.allocate(n * 4), memory.allocate(n * 4)];
  const call = [paramsAt, gradsAt, 0, n, 0.01, 0, 0];
  /** Spins until `condition` holds or `milliseconds` pass; whether it held (time bounds, not counts: a busy machine may starve a thread for a while). */
  const waitFor = (condition: () => boolean, milliseconds: number): boolean => {
    for (const end = performance.now() + milliseconds; performance.now() < end; ) if (condition()) return true;
    return condition();
  };
  /** Posts the call; runs it here when the helper has not claimed it by the join. Whether it slept at the post. */
  const postAndJoin = (helper: KernelHelper): { asleep: boolean; done: boolean } => {
    helper.post(0, call);
    const asleep = helper.asleepAtPost;
    const done = helper.join() === 'done';
    if (!done) kernels.sgdUpdate(paramsAt, gradsAt, 0, n, 0.01, 0, 0);
    return { asleep, done };
  };
  // The usual helper spins 0.2 ms after a call, then sleeps, and says so; a post then finds it asleep.
  const sleeper = new KernelHelper(module, memory.memory, ['sgdUpdate']);
  assert.ok(sleeper.awaitStart(10_000), 'the helper thread started');
  for (let round = 0; round < 5; round++) {
    assert.ok(
      waitFor(() => sleeper.asleep, 5000),
      `round ${round}: asleep after an idle while`,
    );
    assert.equal(postAndJoin(sleeper).asleep, true, `round ${round}: the post saw it asleep`);
  }
  // A helper that spins for a minute after each call is awake at every post after the one that woke it.
  const spinner = new KernelHelper(module, memory.memory, ['sgdUpdate'], 60_000_000);
  assert.ok(spinner.awaitStart(10_000), 'the spinning helper started');
  assert.ok(
    waitFor(() => postAndJoin(spinner).done, 10_000),
    'the spinning helper ran a call',
  );
  for (let round = 0; round < 5; round++) {
    waitFor(() => false, 1);
    assert.equal(postAndJoin(spinner).asleep, false, `round ${round}: awake while it spins`);
  }
});
