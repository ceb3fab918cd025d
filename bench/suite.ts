// The benchmark suite behind `netchan bench` (and `npm run bench`): how fast the simulator runs, as
// simulated work per host second, and how it uses the host — sweeps across cores, resident memory as runs
// grow. Each speed figure is the median of several runs of the same deterministic workload, timed around
// the run only (set-up excluded: work.runSeconds). Compare figures as ratios within one run of the suite:
// the host is shared and noisy.
import { runMachine, type MachineRun, type RunOptions, type MachineStats } from "../src/index.js";
import { loadProfile } from "../src/config/profiles.js";
import { loadScenario } from "../src/scenario/load.js";
import { runVariant } from "../src/paths/run-variant.js";
import type { ResolvedScenario, ResolvedVariant, RunScenarioOptions } from "../src/scenario/types.js";
import { privateMix, sharingMix } from "./memory-mixes.js";
import { residentFigures } from "./resident.js";
import { sweepFigures } from "./sweep-speed.js";

export interface BenchOptions {
  /** One short run of each figure (a smoke test of the suite), instead of medians of five full ones. */
  quick: boolean;
  /** Says what is being measured (standard error), so a long suite is not silent. */
  log: (line: string) => void;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(run: MachineRun, options: RunOptions, repeats: number): Promise<{ seconds: number; stats: MachineStats }> {
  const times: number[] = [];
  let stats!: MachineStats;
  for (let i = 0; i < repeats; i++) {
    stats = await runMachine(run, options);
    times.push(stats.work.runSeconds);
    if (stats.stopReason !== "finished") throw new Error(`benchmark run stopped: ${stats.stopReason}`);
  }
  return { seconds: median(times), stats };
}

const accesses = (s: MachineStats) => s.totals.loads + s.totals.stores + s.totals.atomics;

async function memoryFigures(quick: boolean, repeats: number) {
  const machine = { ...loadProfile("modern-1s"), cpus: 4 };
  const out: Record<string, unknown> = {};
  const sizes = { privateMix: quick ? 200_000 : 2_000_000, sharingMix: quick ? 50_000 : 300_000 };
  for (const [name, make] of [["privateMix", privateMix], ["sharingMix", sharingMix]] as const) {
    const n = sizes[name];
    const inThread = await measure(make(machine, n), { scheduler: "inthread" }, repeats);
    const workersRun = make(machine, Math.max(1, Math.floor(n / 10)));
    const workers = await measure(workersRun, { scheduler: "workers", workers: 2 }, repeats);
    out[name] = {
      inThread: { accessesPerSec: Math.round(accesses(inThread.stats) / inThread.seconds), accesses: accesses(inThread.stats), seconds: inThread.seconds },
      workers: {
        accessesPerSec: Math.round(accesses(workers.stats) / workers.seconds), accesses: accesses(workers.stats), seconds: workers.seconds,
        workers: 2, windows: workers.stats.work.windows, simulatedCyclesPerWindow: Math.round(workers.stats.finalTime / workers.stats.work.windows),
      },
      bouncesPerKiloAccess: +((inThread.stats.totals.bounces * 1000) / accesses(inThread.stats)).toFixed(3),
    };
  }
  return out;
}

/** The NIC alone, receiving 1514-byte frames into one large ring with no CPU work: the floor the
 *  receive paths build on, and how many events a packet costs (each data line is a DMA message). */
async function nicFigures(quick: boolean, repeats: number) {
  const machine = { ...loadProfile("modern-1s"), cpus: 4 };
  const packets = quick ? 500 : 4000;
  const run: MachineRun = {
    machine, regions: [], programs: [null, null, null, null],
    nic: { queues: 1, ringEntries: 4096, flows: 4, traffic: { packets, packetSize: { kind: "fixed", bytes: 1518 }, arrival: { kind: "constant", gapCycles: 3000 }, seed: 1 } },
  };
  const { seconds, stats } = await measure(run, { scheduler: "inthread" }, repeats);
  return {
    rxOnly: {
      inThread: { packetsPerSec: Math.round(packets / seconds), eventsPerPacket: +(stats.work.events / packets).toFixed(1), seconds },
    },
  };
}

/** Times `variant` of `s` (median of `repeats`), as simulated packets per host second. */
async function timedVariant(s: ResolvedScenario, variant: ResolvedVariant, options: RunScenarioOptions, repeats: number) {
  const offered = (s.workload.packets ?? 0) + s.workload.warmupPackets;
  const times: number[] = [];
  let events = 0;
  for (let i = 0; i < repeats; i++) {
    const raw = await runVariant(s, variant, options);
    times.push(raw.work.runSeconds);
    events = raw.work.events;
  }
  const seconds = median(times);
  return { packetsPerSec: Math.round(offered / seconds), eventsPerPacket: +(events / offered).toFixed(1), packets: offered, seconds };
}

/** A variant of a shipped scenario by name. */
const variantOf = (s: ResolvedScenario, name: string) => {
  const v = s.variants.find((x) => x.name === name);
  if (!v) throw new Error(`benchmark: scenario ${s.name} has no variant "${name}"`);
  return v;
};

/** Each family of receive paths, in simulated packets per host second: the classic path (the cross
 *  variant of the steering scenario: 1518-byte frames, 4 CPUs, IRQ on another CPU than the application's,
 *  the figure) and the three channel consumers of the debate scenario on the same workload. */
async function packetFigures(quick: boolean, repeats: number) {
  const packets = quick ? 2000 : 20_000;
  const s = loadScenario("classic-steering", { packets });
  const cross = variantOf(s, "cross");
  // the workers-as-CPUs run is far slower (a barrier every 10 simulated cycles): a tenth of the packets
  const few = loadScenario("classic-steering", { packets: Math.max(200, Math.floor(packets / 10)) });
  const debate = loadScenario("vj-debate", { packets });
  const channel = async (name: string) => ({ inThread: await timedVariant(debate, variantOf(debate, name), { scheduler: "inthread" }, repeats) });
  return {
    classicCross: {
      inThread: await timedVariant(s, cross, { scheduler: "inthread" }, repeats),
      workers: { ...(await timedVariant(few, cross, { scheduler: "workers", workers: 4 }, repeats)), workers: 4 },
    },
    channelSoftirq: await channel("channel-softirq"),
    channelSocket: await channel("channel-socket"),
    channelUser: await channel("channel-user"),
  };
}

/** Every figure, as one object (`netchan bench --json` prints it on one line). */
export async function runBench(o: BenchOptions): Promise<Record<string, unknown>> {
  const repeats = o.quick ? 1 : 5;
  o.log("memory: private and sharing mixes");
  const memory = await memoryFigures(o.quick, repeats);
  o.log("nic: receive only");
  const nic = await nicFigures(o.quick, repeats);
  o.log("packets: classic and channel paths");
  const packets = await packetFigures(o.quick, repeats);
  o.log("sweep: 8 points one after another, then in parallel");
  const sweep = await sweepFigures(o.quick, o.quick ? 1 : 3);
  o.log(`memory: resident memory of a run as packets grow (${o.quick ? "10^4 → 10^5" : "10^5 → 10^7"} packets)`);
  const resident = await residentFigures(o.quick);
  return {
    memory: { ...memory, resident, flatness: resident.flatness },
    nic,
    packets,
    sweep,
    host: { node: process.version, repeats },
  };
}
