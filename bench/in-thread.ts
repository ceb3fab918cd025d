// The in-thread speed figures of `netchan bench` — simulated work per host second on one thread: the
// memory mixes, the NIC alone, and each family of receive paths. Each figure is the median of `repeats`
// runs of one deterministic workload, timed around the run only (set-up excluded: work.runSeconds).
//
// The suite measures these in several fresh processes (bench/speed-child.ts, bench/processes.ts): on a
// virtual machine one vCPU can run a thread at half the speed of the other for minutes at a time (a
// busy hyperthread sibling on the host, say), and a process stays where the scheduler put it, so one
// process's figures are those of one vCPU. docs/speed.md, "How to measure on a shared host".
import { runMachine, type MachineRun, type RunOptions, type MachineStats } from "../src/index.js";
import { loadProfile } from "../src/config/profiles.js";
import { loadScenario } from "../src/scenario/load.js";
import { runVariant } from "../src/paths/run-variant.js";
import type { ResolvedScenario, ResolvedVariant } from "../src/scenario/types.js";
import { privateMix, sharingMix } from "./memory-mixes.js";
import { median } from "./median.js";


/** One figure: its rate (the field named by `rate`) and what it was measured on. */
export type Figure = Record<string, number>;

/** The figures this module measures, by dotted key, with the field that holds each one's rate. */
export const RATE_FIELD: Record<string, string> = {
  "memory.privateMix": "accessesPerSec",
  "memory.sharingMix": "accessesPerSec",
  "nic.rxOnly": "packetsPerSec",
  "packets.classicCross": "packetsPerSec",
  "packets.channelSoftirq": "packetsPerSec",
  "packets.channelSocket": "packetsPerSec",
  "packets.channelUser": "packetsPerSec",
};

export async function measure(run: MachineRun, options: RunOptions, repeats: number): Promise<{ seconds: number; stats: MachineStats }> {
  const times: number[] = [];
  let stats!: MachineStats;
  for (let i = 0; i < repeats; i++) {
    stats = await runMachine(run, options);
    times.push(stats.work.runSeconds);
    if (stats.stopReason !== "finished") throw new Error(`benchmark run stopped: ${stats.stopReason}`);
  }
  return { seconds: median(times), stats };
}

export const accesses = (s: MachineStats) => s.totals.loads + s.totals.stores + s.totals.atomics;
export const benchMachine = () => ({ ...loadProfile("modern-1s"), cpus: 4 });
export const mixSizes = (quick: boolean) => ({ privateMix: quick ? 200_000 : 2_000_000, sharingMix: quick ? 50_000 : 300_000 });

/** The private-hit-heavy mix and the sharing mix on 4 CPUs (bench/memory-mixes.ts). */
async function memoryFigures(quick: boolean, repeats: number): Promise<Record<string, Figure>> {
  const machine = benchMachine();
  const sizes = mixSizes(quick);
  const out: Record<string, Figure> = {};
  for (const [name, make] of [["privateMix", privateMix], ["sharingMix", sharingMix]] as const) {
    const { seconds, stats } = await measure(make(machine, sizes[name]), { scheduler: "inthread" }, repeats);
    out[`memory.${name}`] = {
      accessesPerSec: Math.round(accesses(stats) / seconds), accesses: accesses(stats), seconds,
      bouncesPerKiloAccess: +((stats.totals.bounces * 1000) / accesses(stats)).toFixed(3),
    };
  }
  return out;
}

/** The NIC alone, receiving 1514-byte frames into one large ring with no CPU work: the floor the
 *  receive paths build on, and how many events a packet costs (each data line is a DMA message). */
async function nicFigure(quick: boolean, repeats: number): Promise<Figure> {
  const machine = benchMachine();
  const packets = quick ? 500 : 4000;
  const run: MachineRun = {
    machine, regions: [], programs: [null, null, null, null],
    nic: { queues: 1, ringEntries: 4096, flows: 4, traffic: { packets, packetSize: { kind: "fixed", bytes: 1518 }, arrival: { kind: "constant", gapCycles: 3000 }, seed: 1 } },
  };
  const { seconds, stats } = await measure(run, { scheduler: "inthread" }, repeats);
  return { packetsPerSec: Math.round(packets / seconds), eventsPerPacket: +(stats.work.events / packets).toFixed(1), seconds };
}

/** Times `variant` of `s` (median of `repeats`), as simulated packets per host second. */
export async function timedVariant(s: ResolvedScenario, variant: ResolvedVariant, options: { scheduler: "inthread" | "workers"; workers?: number }, repeats: number): Promise<Figure> {
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
export const variantOf = (s: ResolvedScenario, name: string) => {
  const v = s.variants.find((x) => x.name === name);
  if (!v) throw new Error(`benchmark: scenario ${s.name} has no variant "${name}"`);
  return v;
};

export const packetCount = (quick: boolean) => (quick ? 2000 : 20_000);

/** The classic path (the cross variant of the steering scenario: 1518-byte frames, 4 CPUs, IRQ on another
 *  CPU than the application's, the figure) and the three channel consumers of the debate
 *  scenario on the same workload. */
async function packetFigures(quick: boolean, repeats: number): Promise<Record<string, Figure>> {
  const packets = packetCount(quick);
  const s = loadScenario("classic-steering", { packets });
  const debate = loadScenario("vj-debate", { packets });
  const inThread = { scheduler: "inthread" } as const;
  const out: Record<string, Figure> = { "packets.classicCross": await timedVariant(s, variantOf(s, "cross"), inThread, repeats) };
  for (const [key, name] of [["channelSoftirq", "channel-softirq"], ["channelSocket", "channel-socket"], ["channelUser", "channel-user"]]) {
    out[`packets.${key}`] = await timedVariant(debate, variantOf(debate, name), inThread, repeats);
  }
  return out;
}

/** Every in-thread figure of one process, by the keys of RATE_FIELD. */
export async function inThreadFigures(quick: boolean, repeats: number): Promise<Record<string, Figure>> {
  return { ...(await memoryFigures(quick, repeats)), "nic.rxOnly": await nicFigure(quick, repeats), ...(await packetFigures(quick, repeats)) };
}
