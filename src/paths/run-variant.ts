// Runs one variant of a scenario: the scenario's machine and workload, the variant's NIC and steering,
// every CPU running the kernel's receive path and the applications their recv loops; then reads what
// the measured interval (after the warm-up) saw into a VariantRaw.

import type { MachineRun } from "../machine/spec.js";
import type { MachineStats } from "../stats/read.js";
import { runMachine } from "../runners/run-machine.js";
import { formatIPv4 } from "../nic/flows.js";
import type { ResolvedScenario, ResolvedVariant, RunScenarioOptions, VariantRaw } from "../scenario/types.js";
import { byStructure, minus, minusSteps, quantile } from "./read.js";

/** The MachineRun of a variant. */
export function variantRun(scenario: ResolvedScenario, variant: ResolvedVariant): MachineRun {
  const m = scenario.machine;
  const w = scenario.workload;
  checkApps(variant, m.cpus);
  const steer = channelQueues(variant, w.flows.length);
  return {
    machine: m,
    regions: [],
    programs: new Array(m.cpus).fill(null),
    nic: {
      ...steer,
      ringEntries: variant.nic.ringEntries,
      bufferBytes: variant.nic.bufferBytes,
      rxUsecs: variant.nic.rxUsecs,
      rxFrames: variant.nic.rxFrames,
      rssTable: steer.queues === variant.queues ? variant.rssTable : new Array(128).fill(0),
      flows: w.flows.map((t) => ({ src: formatIPv4(t.src), dst: formatIPv4(t.dst), sport: t.sport, dport: t.dport })),
      traffic: {
        packetSize: w.packetSize,
        arrival: w.arrival,
        packets: w.packets === null ? null : w.warmupPackets + w.packets,
        untilCycles: w.untilCycles,
        warmupPackets: w.warmupPackets,
        seed: w.seed,
      },
    },
    net: {
      costs: m.kernel,
      apps: variant.apps,
      netfilter: variant.netfilter,
      rpsCpus: variant.rpsCpus,
      rfs: variant.rfs,
      arfs: variant.arfs,
      warmupPackets: w.warmupPackets,
      appWorkCycles: w.appWorkCycles,
      path: variant.path,
      channel: variant.channel,
      clockGHz: m.clockGHz,
    },
    // a CPU waiting for packets is idle, not stuck: only a CPU blocked on memory this long is reported
    watchdogCycles: 100_000_000,
  };
}

/** The model runs one application thread per CPU (a CPU's task context is one thread). */
/** The NIC's queues: the variant's, plus — when the NIC classifies into a buffers ring — one queue per
 *  channel, its interrupt on the same CPU, each flow steered to its channel's queue by a static rule. */
function channelQueues(variant: ResolvedVariant, flows: number): { queues: number; irqCpu: number[]; flowQueues?: (number | null)[] } {
  const ch = variant.channel;
  if (!ch || ch.classifier !== "nic" || ch.ringKind !== "buffers") return { queues: variant.queues, irqCpu: variant.irqCpu };
  if (ch.slots !== variant.nic.ringEntries) {
    throw new RangeError(`variant "${variant.name}": channel.slots (${ch.slots}) must equal nic.ringEntries (${variant.nic.ringEntries}) when the NIC fills the channel's slots through its own queue`);
  }
  const flowQueues = Array.from({ length: flows }, (_, f) => 1 + variant.apps.findIndex((a) => a.flows.includes(f)));
  return { queues: 1 + variant.apps.length, irqCpu: new Array(1 + variant.apps.length).fill(variant.irqCpu[0]), flowQueues };
}

/** Paths the model runs; the others are refused by name rather than approximated. */
const SIMULATED = new Set(["classic-cross", "classic-affine", "classic-rss", "classic-rps", "classic-rfs", "classic-arfs", "channel-user", "channel-socket", "channel-softirq"]);

function checkApps(variant: ResolvedVariant, cpus: number): void {
  if (!SIMULATED.has(variant.path)) throw new Error(`variant "${variant.name}": the ${variant.path} path is not simulated yet (docs/channels.md)`);
  if (variant.path === "channel-user" && variant.channel?.netfilterAt === "in-consumer") {
    throw new RangeError(`variant "${variant.name}": channel.netfilterAt "in-consumer" is not available on channel-user — its consumer is a user-space library with no netfilter; use "before-channel" (docs/channels.md)`);
  }
  const seen = new Set<number>();
  variant.apps.forEach((a, i) => {
    if (a.cpu < 0 || a.cpu >= cpus) throw new RangeError(`variant "${variant.name}": apps[${i}].cpu must be a CPU of the machine (0–${cpus - 1})`);
    if (seen.has(a.cpu)) throw new RangeError(`variant "${variant.name}": apps[${i}].cpu ${a.cpu} already runs an application; the model runs one application thread per CPU`);
    seen.add(a.cpu);
  });
}

export async function runVariant(scenario: ResolvedScenario, variant: ResolvedVariant, options: RunScenarioOptions = {}): Promise<VariantRaw> {
  const run = variantRun(scenario, variant);
  const stats = await runMachine(run, { scheduler: options.scheduler, workers: options.workers, onProgress: options.onProgress });
  if (stats.stopReason !== "finished") throw new Error(`variant "${variant.name}": the run stopped early (${stats.stopReason})`);
  return variantRaw(variant, stats, scenario.machine.clockGHz);
}

/** The measured interval's counts from a finished run's statistics. */
export function variantRaw(variant: ResolvedVariant, stats: MachineStats, clockGHz: number): VariantRaw {
  const snap = stats.snapshot!;
  const net = stats.net!;
  const nic = stats.nic!;
  const start = stats.global.snapshotTime;
  const measuredCycles = stats.finalTime - start;
  const steps = stats.steps.map((s, c) => minusSteps(s, snap.steps[c]));
  const cpus = stats.cpus.map((c, i) => {
    const counters = minus(c, snap.cpus[i]);
    delete counters.haltTime;
    return { busyCycles: measuredCycles - counters.idleCycles, idleCycles: counters.idleCycles, counters };
  });
  const regions: Record<string, Record<string, number>> = {};
  for (const [name, c] of Object.entries(stats.regions)) regions[name] = minus(c, snap.regions[name]);
  const calls = (name: string) => steps.reduce((a, s) => a + (s[name]?.count ?? 0), 0);
  return {
    name: variant.name,
    path: variant.path,
    measuredCycles,
    clockGHz,
    packets: {
      offered: nic.totals.measuredOffered,
      delivered: net.delivered,
      dropped: {
        rx_ring_full: nic.totals.measuredDroppedBy.rx_ring_full, backlog_full: net.droppedBacklog, socket_rcvbuf: net.droppedSocket,
        ...(variant.channel ? { channel_full: net.droppedChannel } : {}),
      },
      payloadErrors: net.payloadErrors,
      orderErrors: net.orderErrors,
    },
    steps,
    cpus,
    structures: byStructure(regions),
    latencyCycles: { p50: quantile(net.histogram, 0.5), p99: quantile(net.histogram, 0.99), max: net.latencyMax },
    interrupts: { nic: calls("napi_irq"), ipi: calls("resched_ipi") + calls("rps_ipi") + calls("chan_irq") },
    work: { events: stats.work.events, windows: stats.work.windows ?? 0, runSeconds: stats.work.runSeconds, workers: stats.work.workers },
  };
}
