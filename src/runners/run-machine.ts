// The one entry point to run a machine: validate, lay out, prepare, run with the chosen scheduler, read
// the statistics. Tests, the command line and (later) the dashboard all come through here.

import type { MachineRun, RunOptions, MachineProbe, RunProgress, Where } from "../machine/spec.js";
import { prepareRun, type PreparedRun } from "../machine/setup.js";
import { readStats, type MachineStats } from "../stats/read.js";
import { parseMachine } from "../config/machine.js";
import { readNicStats, readNicRing, readNicFlowTuple } from "../nic/read.js";
import { readNetCounters, readSnapshot } from "../paths/read.js";
import { runWorkers } from "./node-workers.js";

export { runWorkers };

export async function runMachine(run: MachineRun, options: RunOptions = {}): Promise<MachineStats> {
  const scheduler = options.scheduler ?? "inthread";
  const build = options.build ?? "release";
  // The profile is validated first: the worker count below is checked against its CPU count.
  const machine = parseMachine(run.machine, "machine");
  const lps = machine.cpus + 2;
  const workers = scheduler === "workers" ? (options.workers ?? machine.cpus) : 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > lps)
    throw new RangeError(`workers must be an integer between 1 and ${lps} (the CPUs, the uncore and the device) — got ${workers}`);
  if (options.beforeRun && scheduler !== "inthread") throw new RangeError("beforeRun (the event recorder) needs the in-thread scheduler");
  const prepared = await prepareRun({ ...run, machine }, build, workers, scheduler, options.extraBytes ?? 0);
  options.beforeRun?.(prepared);
  const t0 = performance.now();
  const progress = options.onProgress ? progressReader(run, prepared, options.onProgress) : null;
  if (scheduler === "inthread" && !progress) prepared.exports.runInThread();
  else if (scheduler === "inthread") {
    // the same steps as runInThread, in slices, so that progress can be read between them
    while (prepared.exports.runInThreadSlice(PROGRESS_SLICES)) progress!(false);
    prepared.exports.finishRun();
  } else {
    // the workers run in their own threads; this one is free to read their progress meanwhile
    const timer = progress ? setInterval(() => progress(false), PROGRESS_MS) : null;
    try {
      await runWorkers(prepared);
    } finally {
      if (timer) clearInterval(timer);
    }
    prepared.exports.finishRun();
  }
  progress?.(true);
  const runSeconds = (performance.now() - t0) / 1000;
  if (options.inspect) options.inspect(makeProbe(prepared));
  let events = 0;
  for (let lp = 0; lp < lps; lp++) events += Number(prepared.exports.probeEvents(lp));
  const stats = readStats(prepared.memory, prepared.map, machine.cpus, events);
  if (prepared.nic) stats.nic = readNicStats(prepared.memory, prepared.nic);
  if (prepared.net) {
    stats.net = readNetCounters(prepared.memory, prepared.net);
    stats.snapshot = readSnapshot(prepared.memory, prepared.map, machine.cpus);
  }
  stats.work.runSeconds = runSeconds;
  stats.work.workers = workers;
  return stats;
}

/** Slices of the in-thread loop (of 4096 steps each) between two looks at the clock for progress. */
const PROGRESS_SLICES = 8;
/** How often progress is reported, milliseconds. */
const PROGRESS_MS = 100;

/** A function that reports the run's progress to `report` when PROGRESS_MS have passed since it last did
 *  (or always, when `final`). It reads the NIC's counters and the CPU clocks, and writes nothing. */
function progressReader(run: MachineRun, p: PreparedRun, report: (progress: RunProgress) => void): (final: boolean) => void {
  const traffic = run.nic?.traffic;
  const packets = traffic && traffic.packets !== null && traffic.packets !== undefined ? traffic.packets : null;
  const untilCycles = traffic?.untilCycles ?? null;
  let last = performance.now();
  return (final) => {
    const now = performance.now();
    if (!final && now - last < PROGRESS_MS) return;
    last = now;
    let cycles = 0;
    for (let c = 0; c < run.machine.cpus; c++) cycles = Math.max(cycles, Number(p.exports.probeCpuNow(c)));
    const arrived = p.nic ? readNicStats(p.memory, p.nic).totals.offered : 0;
    report({ arrived, packets, cycles, untilCycles });
  };
}

function makeProbe(p: PreparedRun): MachineProbe {
  const regions = new Map(p.map.regions.map((r) => [r.name, r]));
  const address = (w: Where) => {
    const r = regions.get(w.region);
    if (!r) throw new Error(`probe: unknown region "${w.region}"`);
    return r.base + w.offset;
  };
  const states = ["I", "S", "E", "M"] as const;
  return {
    address,
    privateState: (cpu, at) => states[p.exports.probePrivate(cpu, address(at))],
    directory(at) {
      const v = p.exports.probeDirectory(address(at)) as number;
      const mask = BigInt.asUintN(64, BigInt(p.exports.probeSharers(address(at))));
      const sharers: number[] = [];
      for (let c = 0; c < 64; c++) if ((mask >> BigInt(c)) & 1n) sharers.push(c);
      const state = (["U", "S", "EM"] as const)[v & 0xff];
      return state === "EM" ? { state, owner: v >> 8, sharers } : { state, sharers };
    },
    llcWay: (at) => p.exports.probeLlcWay(address(at)),
    bytes: (at, length) => new Uint8Array(p.memory.buffer, address(at), length).slice(),
    deviceMmio() {
      const v = BigInt.asUintN(64, BigInt(p.exports.probeDeviceMmio()));
      return { count: Number(v & 0xffffffffn), last: Number(v >> 32n) };
    },
    nic: () => readNicStats(p.memory, nicOf(p)),
    nicRing: (q) => readNicRing(p.memory, nicOf(p), q),
    nicFlowTuple: (f) => readNicFlowTuple(p.memory, nicOf(p), f),
  };
}

function nicOf(p: PreparedRun) {
  if (!p.nic) throw new Error("probe: this run has no NIC (MachineRun.nic)");
  return p.nic;
}
