// The workload every variant receives, with its defaults applied and its units turned into cycles of the
// machine's clock (rates.ts does the arithmetic; resolve.ts lists the defaults).

import { generateFlows, parseFlow } from "../nic/flows.js";
import type { Bad } from "./relations.js";
import { gapCycles, meanFrameBytes, packetsPerSecond, usToCycles } from "./rates.js";
import type { WorkloadSpec } from "./schema.js";
import type { Arrival, PacketSize, ResolvedWorkload } from "./types.js";

export const WORKLOAD_DEFAULTS = { arrival: "constant", seed: 1, warmupPackets: 0, appWorkCycles: 0, percent: 100 } as const;

/** The NIC model counts gaps between arrivals in 32 bits (nic/validate.ts). */
const U32 = 0xffffffff;

/** The command line's replacements for the file's packets and seed (--packets, --seed). */
export interface WorkloadOverrides {
  packets?: number;
  seed?: number;
}

export function resolveWorkload(w: WorkloadSpec, clockGHz: number, o: WorkloadOverrides, bad: Bad): ResolvedWorkload {
  const seed = o.seed ?? w.seed ?? WORKLOAD_DEFAULTS.seed;
  const packetSize = packetSizeOf(w.packetBytes);
  const pps = packetsPerSecond(w.load, meanFrameBytes(packetSize));
  const gap = gapCycles(pps, clockGHz);
  if (gap < 1) bad(["workload", "load"], `offers ${Math.round(pps)} packets/s, more than one packet per cycle of the ${clockGHz} GHz clock`);
  if (gap > U32) bad(["workload", "load"], `offers ${pps} packets/s, ${gap} cycles apart at ${clockGHz} GHz: more than the ${U32} the NIC model counts`);
  // --packets gives the run's length in packets, even when the file gives it in time
  const packets = o.packets ?? w.packets ?? null;
  const untilCycles = o.packets === undefined && w.durationUs !== undefined ? usToCycles(w.durationUs, clockGHz) : null;
  if (untilCycles === 0) bad(["workload", "durationUs"], `is shorter than one cycle of the ${clockGHz} GHz clock (got ${w.durationUs})`);
  return {
    // a count is drawn from the seed, so --seed gives other flows as well as other payloads and gaps
    flows: typeof w.flows === "number" ? generateFlows(w.flows, seed) : w.flows.map(parseFlow),
    packetSize,
    arrival: arrivalOf(w.arrival ?? WORKLOAD_DEFAULTS.arrival, Math.max(gap, 1), clockGHz, bad),
    load: "lineRate" in w.load ? { lineRate: w.load.lineRate, percent: w.load.percent ?? WORKLOAD_DEFAULTS.percent } : { ...w.load },
    seed,
    warmupPackets: w.warmupPackets ?? WORKLOAD_DEFAULTS.warmupPackets,
    packets,
    untilCycles,
    appWorkCycles: w.appWorkCycles ?? WORKLOAD_DEFAULTS.appWorkCycles,
  };
}

function packetSizeOf(p: WorkloadSpec["packetBytes"]): PacketSize {
  if (typeof p === "number") return { kind: "fixed", bytes: p };
  if ("uniform" in p) return { kind: "uniform", min: p.uniform[0], max: p.uniform[1] };
  return { kind: "mix", sizes: p.mix.map(({ bytes, weight }) => ({ bytes, weight })) };
}

/** The largest frame a workload sends, on the wire (FCS included). */
export function largestFrame(size: PacketSize): number {
  return size.kind === "fixed" ? size.bytes : size.kind === "uniform" ? size.max : Math.max(...size.sizes.map((s) => s.bytes));
}

/** On/off bursts send at the load's rate while on: the load is the peak, and the mean is
 *  load × onUs / (onUs + offUs). */
function arrivalOf(a: NonNullable<WorkloadSpec["arrival"]>, gap: number, clockGHz: number, bad: Bad): Arrival {
  if (a === "constant") return { kind: "constant", gapCycles: gap };
  if (a === "poisson") return { kind: "poisson", meanGapCycles: gap };
  const onCycles = usToCycles(a.onoff.onUs, clockGHz);
  const offCycles = usToCycles(a.onoff.offUs, clockGHz);
  for (const [key, cycles] of [["onUs", onCycles], ["offUs", offCycles]] as const)
    if (cycles === 0) bad(["workload", "arrival", "onoff", key], `is shorter than one cycle of the ${clockGHz} GHz clock (got ${a.onoff[key]})`);
  return { kind: "onoff", gapCycles: gap, onCycles, offCycles };
}
