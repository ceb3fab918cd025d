// The benchmark suite behind `netchan bench` (and `npm run bench`): how fast the simulator runs, as
// simulated work per host second, and how it uses the host — sweeps across cores, resident memory as runs
// grow. Each speed figure is the median of several runs of the same deterministic workload, timed around
// the run only (set-up excluded: work.runSeconds); the in-thread ones are measured in several fresh
// processes (bench/processes.ts). Compare figures as ratios within one run of the suite: the host is
// shared and noisy.
import { loadScenario } from "../src/scenario/load.js";
import { privateMix, sharingMix } from "./memory-mixes.js";
import { accesses, benchMachine, measure, mixSizes, packetCount, timedVariant, variantOf, type Figure } from "./in-thread.js";
import { inThreadAcrossProcesses } from "./processes.js";
import { residentFigures } from "./resident.js";
import { sweepFigures } from "./sweep-speed.js";

export interface BenchOptions {
  /** One short run of each figure (a smoke test of the suite), instead of medians of five full ones. */
  quick: boolean;
  /** Says what is being measured (standard error), so a long suite is not silent. */
  log: (line: string) => void;
}

/** The memory mixes on workers-as-CPUs (2 workers, a tenth of the accesses: a barrier every window). */
async function memoryWorkers(quick: boolean, repeats: number): Promise<Record<string, Figure>> {
  const machine = benchMachine();
  const sizes = mixSizes(quick);
  const out: Record<string, Figure> = {};
  for (const [name, make] of [["privateMix", privateMix], ["sharingMix", sharingMix]] as const) {
    const { seconds, stats } = await measure(make(machine, Math.max(1, Math.floor(sizes[name] / 10))), { scheduler: "workers", workers: 2 }, repeats);
    out[name] = {
      accessesPerSec: Math.round(accesses(stats) / seconds), accesses: accesses(stats), seconds,
      workers: 2, windows: stats.work.windows, simulatedCyclesPerWindow: Math.round(stats.finalTime / stats.work.windows),
    };
  }
  return out;
}

/** classic-cross on workers-as-CPUs: far slower (a barrier every 10 simulated cycles), so a tenth of the packets. */
async function classicCrossWorkers(quick: boolean, repeats: number): Promise<Figure> {
  const few = loadScenario("classic-steering", { packets: Math.max(200, Math.floor(packetCount(quick) / 10)) });
  return { ...(await timedVariant(few, variantOf(few, "cross"), { scheduler: "workers", workers: 4 }, repeats)), workers: 4 };
}

/** Every figure, as one object (`netchan bench --json` prints it on one line). */
export async function runBench(o: BenchOptions): Promise<Record<string, unknown>> {
  const repeats = o.quick ? 1 : 5;
  const processes = o.quick ? 1 : 3;
  o.log("memory, nic, packets: in-thread figures, each process in turn");
  const t = await inThreadAcrossProcesses(processes, repeats, o.quick, o.log);
  o.log("memory: the mixes on workers");
  const mw = await memoryWorkers(o.quick, repeats);
  o.log("packets: classic-cross on workers");
  const cw = await classicCrossWorkers(o.quick, repeats);
  o.log("sweep: 8 points one after another, then in parallel");
  const sweep = await sweepFigures(o.quick, o.quick ? 1 : 3);
  o.log(`memory: resident memory of a run as packets grow (${o.quick ? "10^4 → 10^5" : "10^5 → 10^7"} packets)`);
  const resident = await residentFigures(o.quick);
  const mix = (name: "privateMix" | "sharingMix") => {
    const { bouncesPerKiloAccess, ...inThread } = t[`memory.${name}`];
    return { inThread, workers: mw[name], bouncesPerKiloAccess };
  };
  return {
    memory: { privateMix: mix("privateMix"), sharingMix: mix("sharingMix"), resident, flatness: resident.flatness },
    nic: { rxOnly: { inThread: t["nic.rxOnly"] } },
    packets: {
      classicCross: { inThread: t["packets.classicCross"], workers: cw },
      channelSoftirq: { inThread: t["packets.channelSoftirq"] },
      channelSocket: { inThread: t["packets.channelSocket"] },
      channelUser: { inThread: t["packets.channelUser"] },
    },
    sweep,
    host: { node: process.version, repeats, processes },
  };
}
