// `npm run bench [-- --json]`: how fast the simulator runs, as simulated work per host second.
// Each figure is the median of several runs of the same deterministic workload, timed around the run only
// (set-up excluded: work.runSeconds). Compare figures as ratios within one run: the host is shared and noisy.
import { runMachine, type MachineRun, type RunOptions, type MachineStats } from "../src/index.js";
import { loadProfile } from "../src/config/profiles.js";
import { privateMix, sharingMix } from "./memory-mixes.js";
import { loadScenario } from "../src/scenario/load.js";
import { runVariant } from "../src/paths/run-variant.js";
import type { ResolvedScenario, ResolvedVariant, RunScenarioOptions } from "../src/scenario/types.js";

const json = process.argv.includes("--json");
const quick = process.argv.includes("--quick");
const REPEATS = quick ? 1 : 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(run: MachineRun, options: RunOptions): Promise<{ seconds: number; stats: MachineStats }> {
  const times: number[] = [];
  let stats!: MachineStats;
  for (let i = 0; i < REPEATS; i++) {
    stats = await runMachine(run, options);
    times.push(stats.work.runSeconds);
    if (stats.stopReason !== "finished") throw new Error(`benchmark run stopped: ${stats.stopReason}`);
  }
  return { seconds: median(times), stats };
}

const accesses = (s: MachineStats) => s.totals.loads + s.totals.stores + s.totals.atomics;

async function memoryFigures() {
  const profile = loadProfile("modern-1s");
  const machine = { ...profile, cpus: 4 };
  const out: Record<string, unknown> = {};
  const sizes = { privateMix: quick ? 200_000 : 2_000_000, sharingMix: quick ? 50_000 : 300_000 };
  for (const [name, make] of [["privateMix", privateMix], ["sharingMix", sharingMix]] as const) {
    const n = sizes[name];
    const inThread = await measure(make(machine, n), { scheduler: "inthread" });
    const workersRun = make(machine, Math.max(1, Math.floor(n / 10)));
    const workers = await measure(workersRun, { scheduler: "workers", workers: 2 });
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
async function nicFigures() {
  const machine = { ...loadProfile("modern-1s"), cpus: 4 };
  const packets = quick ? 500 : 4000;
  const run: MachineRun = {
    machine, regions: [], programs: [null, null, null, null],
    nic: { queues: 1, ringEntries: 4096, flows: 4, traffic: { packets, packetSize: { kind: "fixed", bytes: 1518 }, arrival: { kind: "constant", gapCycles: 3000 }, seed: 1 } },
  };
  const { seconds, stats } = await measure(run, { scheduler: "inthread" });
  return {
    rxOnly: {
      inThread: { packetsPerSec: Math.round(packets / seconds), eventsPerPacket: +(stats.work.events / packets).toFixed(1), seconds },
    },
  };
}

/** Times `variant` of `s` (median of REPEATS), as simulated packets per host second. */
async function timedVariant(s: ResolvedScenario, variant: ResolvedVariant, options: RunScenarioOptions) {
  const offered = (s.workload.packets ?? 0) + s.workload.warmupPackets;
  const times: number[] = [];
  let events = 0;
  for (let i = 0; i < REPEATS; i++) {
    const raw = await runVariant(s, variant, options);
    times.push(raw.work.runSeconds);
    events = raw.work.events;
  }
  const seconds = median(times);
  return { packetsPerSec: Math.round(offered / seconds), eventsPerPacket: +(events / offered).toFixed(1), packets: offered, seconds };
}

/** The classic-cross variant of the shipped steering scenario (1518-byte frames, 4 CPUs, IRQ on another
 *  CPU than the application's), in simulated packets per host second — the figure. */
async function packetFigures() {
  const packets = quick ? 2000 : 20_000;
  const s = loadScenario("classic-steering", { packets });
  const cross = s.variants.find((v) => v.path === "classic-cross")!;
  // the workers-as-CPUs run is far slower (a barrier every 10 simulated cycles): a tenth of the packets
  const few = loadScenario("classic-steering", { packets: Math.max(200, Math.floor(packets / 10)) });
  // the channel-user variant of the debate scenario: the same workload, the channel's reader in place
  const debate = loadScenario("vj-debate", { packets });
  const user = debate.variants.find((v) => v.name === "channel-user")!;
  return {
    classicCross: {
      inThread: await timedVariant(s, cross, { scheduler: "inthread" }),
      workers: { ...(await timedVariant(few, cross, { scheduler: "workers", workers: 4 })), workers: 4 },
    },
    channelUser: { inThread: await timedVariant(debate, user, { scheduler: "inthread" }) },
  };
}

const result = {
  memory: await memoryFigures(), nic: await nicFigures(), packets: await packetFigures(), host: { node: process.version, repeats: REPEATS },
};
if (json) process.stdout.write(JSON.stringify(result) + "\n");
else console.log(JSON.stringify(result, null, 2));
