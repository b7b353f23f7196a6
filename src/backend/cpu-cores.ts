import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

// How many of the logical CPUs are separate cores, to decide when a second thread pays. Two hyperthreads
// of one core share its execution units and caches: on such a pair two busy threads ran the
// cross-validation 2.7 times slower than one thread, while on two separate cores they ran it 1.6 times
// faster. Linux tells which CPUs share a core in sysfs.

/** Distinct physical cores among the logical CPUs (their count where the topology cannot be read). */
export function physicalCores(): number {
  const cpus = availableParallelism();
  const cores = new Set<string>();
  for (let cpu = 0; cpu < cpus; cpu++) {
    const topology = `/sys/devices/system/cpu/cpu${cpu}/topology`;
    try {
      const pkg = readFileSync(`${topology}/physical_package_id`, 'utf8').trim();
      const core = readFileSync(`${topology}/core_id`, 'utf8').trim();
      cores.add(`${pkg}:${core}`);
    } catch {
      return cpus;
    }
  }
  return cores.size;
}
