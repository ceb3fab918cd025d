// Resolved scenarios for tests, built directly (without a scenario file): the default profile, a few
// TCP flows read by one application, and a variant of each classic path with the defaults the scenario
// resolver gives it.
import { defaultProfile } from "./machines.js";
import { generateFlows } from "../../src/nic/flows.js";
import { equalRssTable, NIC_DEFAULTS } from "../../src/nic/config.js";
import type { PathKind, ResolvedScenario, ResolvedVariant, ResolvedWorkload, AppSpec, NetfilterSpec, ChannelSpec } from "../../src/scenario/types.js";
import type { MachineProfile } from "../../src/config/machine.js";

export interface TestScenario {
  machine?: MachineProfile;
  flows?: number;
  packets?: number;
  warmupPackets?: number;
  /** Constant gap between arrivals, cycles. */
  gapCycles?: number;
  frameBytes?: number;
  apps?: AppSpec[];
  netfilter?: NetfilterSpec | null;
  rxUsecs?: number;
  rxFrames?: number;
  ringEntries?: number;
  appWorkCycles?: number;
  seed?: number;
  /** For channel paths: overrides of the default channel (512 slots, batch 16, separate lines, …). */
  channel?: Partial<ChannelSpec>;
}

export const DEFAULT_CHANNEL: ChannelSpec = {
  slots: 512, releaseBatch: 16, sharedIndexLine: false, wakeLine: "consumer", ringKind: "buffers", classifier: "nic", wait: "sleep", netfilterAt: "none",
};

export function workload(t: TestScenario): ResolvedWorkload {
  return {
    flows: generateFlows(t.flows ?? 4, t.seed ?? 1),
    packetSize: { kind: "fixed", bytes: t.frameBytes ?? 1518 },
    arrival: { kind: "constant", gapCycles: t.gapCycles ?? 25_000 },
    load: { pps: 100_000 },
    seed: t.seed ?? 1,
    warmupPackets: t.warmupPackets ?? 0,
    packets: t.packets ?? 200,
    untilCycles: null,
    appWorkCycles: t.appWorkCycles ?? 0,
  };
}

/** The variant of `path` with the resolver's defaults on `cpus` CPUs, the application on CPU 1. */
export function variant(path: PathKind, t: TestScenario, cpus: number): ResolvedVariant {
  const apps = t.apps ?? [{ cpu: 1, flows: Array.from({ length: t.flows ?? 4 }, (_, i) => i) }];
  const multi = path === "classic-rss" || path === "classic-arfs";
  const queues = multi ? Math.min(cpus, 16) : 1;
  const appCpus = new Set(apps.map((a) => a.cpu));
  const other = [...Array(cpus).keys()].find((c) => !appCpus.has(c)) ?? 0;
  const irqCpu = multi ? [...Array(queues).keys()] : [path === "classic-affine" ? apps[0].cpu : other];
  const soft = path === "classic-rps" || path === "classic-rfs" || path === "classic-arfs";
  return {
    name: path.replace("classic-", ""),
    path,
    queues,
    irqCpu,
    rssTable: equalRssTable(queues),
    rpsCpus: soft ? [...Array(cpus).keys()] : null,
    rfs: path === "classic-rfs" || path === "classic-arfs",
    arfs: path === "classic-arfs",
    netfilter: t.netfilter ?? null,
    nic: {
      ringEntries: t.ringEntries ?? NIC_DEFAULTS.ringEntries,
      bufferBytes: NIC_DEFAULTS.bufferBytes,
      rxUsecs: t.rxUsecs ?? NIC_DEFAULTS.rxUsecs,
      rxFrames: t.rxFrames ?? NIC_DEFAULTS.rxFrames,
    },
    apps,
    channel: path.startsWith("channel-") ? { ...DEFAULT_CHANNEL, ...t.channel } : null,
    warnings: [],
  };
}

export function scenario(paths: PathKind[], t: TestScenario = {}): ResolvedScenario {
  const machine = t.machine ?? defaultProfile();
  return {
    file: "(test)",
    name: "test",
    machineName: machine.name,
    machine,
    workload: workload(t),
    variants: paths.map((p) => variant(p, t, machine.cpus)),
    expectations: [],
  };
}
