// Checks a run's `nic` section. Every refusal names its JSON path (`nic.ringEntries`,
// `nic.flows[3].src`, …), what is allowed and what was given, like the rest of validate-run.ts. Nothing
// may be left to the module: a queue number past the table or a frame longer than its buffer would make
// the NIC write outside its rings.

import type { MachineProfile } from "../config/machine.js";
import type { RegionSpec } from "../layout/memory-map.js";
import { NIC_DEFAULTS, RING_MIN, RING_MAX, NIC_MAX_QUEUES, MAX_FLOWS, MAX_RX_USECS, WIRE_MIN, FCS_BYTES, type NicConfig, type FlowSpec } from "./config.js";
import { parseIPv4 } from "./flows.js";
import { nicRegions } from "./layout.js";
import { type Bad, isInt, intIn, U32 } from "./checks.js";
import { checkTraffic } from "./validate-traffic.js";

/** Checks `nic` against the profile and the run's own regions; returns true if it may be resolved. */
export function validateNic(nic: NicConfig, m: MachineProfile, userRegions: RegionSpec[], bad: Bad): boolean {
  let ok = true;
  const fail: Bad = (p, msg) => {
    ok = false;
    bad(p, msg);
  };
  const queuesOk = intIn(nic.queues, 1, NIC_MAX_QUEUES, "nic.queues", fail);
  const ring = nic.ringEntries ?? NIC_DEFAULTS.ringEntries;
  if (!isInt(ring) || ring < RING_MIN || ring > RING_MAX || (ring & (ring - 1)) !== 0)
    fail("nic.ringEntries", `must be a power of two in [${RING_MIN}, ${RING_MAX}] (got ${JSON.stringify(nic.ringEntries)})`);
  const largestFrame = checkTraffic(nic.traffic, fail);
  checkBuffer(nic, largestFrame ?? WIRE_MIN - FCS_BYTES, m.lineBytes, fail);
  checkModeration(nic, fail);
  if (queuesOk) {
    checkIrqCpu(nic, m.cpus, fail);
    checkRssTable(nic, fail);
    checkFlowQueues(nic, fail);
  }
  checkFlows(nic.flows, fail);
  if (queuesOk) checkRegionNames(nic.queues, userRegions, fail);
  return ok;
}

/** A buffer holds the largest frame the traffic can draw (`frame`, no FCS) and is made of whole lines, so
 *  the NIC's line-by-line DMA stays inside it. */
function checkBuffer(nic: NicConfig, frame: number, line: number, bad: Bad): void {
  const b = nic.bufferBytes ?? NIC_DEFAULTS.bufferBytes;
  const min = Math.ceil(frame / line) * line;
  if (!isInt(b) || b < min || b > 65536 || b % line !== 0)
    bad("nic.bufferBytes", `must be a multiple of the line size (${line}) in [${min}, 65536], enough for a ${frame}-byte frame (got ${JSON.stringify(nic.bufferBytes)})`);
}

/** ethtool's rule (struct ethtool_coalesce): either may be 0, not both, or no interrupt would ever fire. */
function checkModeration(nic: NicConfig, bad: Bad): void {
  const usecs = nic.rxUsecs ?? NIC_DEFAULTS.rxUsecs, frames = nic.rxFrames ?? NIC_DEFAULTS.rxFrames;
  const usecsOk = intIn(usecs, 0, MAX_RX_USECS, "nic.rxUsecs", bad);
  const framesOk = intIn(frames, 0, U32, "nic.rxFrames", bad);
  if (usecsOk && framesOk && usecs === 0 && frames === 0)
    bad("nic.rxFrames", "rxUsecs and rxFrames cannot both be 0: no interrupt would ever fire (for one interrupt per frame, set rxUsecs 0 and rxFrames 1)");
}

function checkIrqCpu(nic: NicConfig, cpus: number, bad: Bad): void {
  if (nic.irqCpu === undefined) return;
  if (!Array.isArray(nic.irqCpu) || nic.irqCpu.length !== nic.queues)
    return bad("nic.irqCpu", `must list one CPU per queue (${nic.queues}) (got ${JSON.stringify(nic.irqCpu)})`);
  nic.irqCpu.forEach((c, q) => intIn(c, 0, cpus - 1, `nic.irqCpu[${q}]`, bad));
}

function checkRssTable(nic: NicConfig, bad: Bad): void {
  if (nic.rssTable === undefined) return;
  if (!Array.isArray(nic.rssTable) || nic.rssTable.length !== 128)
    return bad("nic.rssTable", `must have 128 entries (got ${Array.isArray(nic.rssTable) ? nic.rssTable.length : JSON.stringify(nic.rssTable)})`);
  const first = nic.rssTable.findIndex((q) => !isInt(q) || q < 0 || q >= nic.queues);
  if (first >= 0) bad(`nic.rssTable[${first}]`, `must be a queue number in [0, ${nic.queues - 1}] (got ${JSON.stringify(nic.rssTable[first])})`);
}

function checkFlowQueues(nic: NicConfig, bad: Bad): void {
  (nic.flowQueues ?? []).forEach((q, f) => {
    if (q !== null) intIn(q, 0, nic.queues - 1, `nic.flowQueues[${f}]`, bad);
  });
}

function checkFlows(flows: number | FlowSpec[] | undefined, bad: Bad): void {
  if (typeof flows === "number" || flows === undefined) {
    intIn(flows, 1, MAX_FLOWS, "nic.flows", bad);
    return;
  }
  if (!Array.isArray(flows) || flows.length < 1 || flows.length > MAX_FLOWS)
    return bad("nic.flows", `must be a flow count or a list of 1 to ${MAX_FLOWS} flows ({ src, dst, sport, dport })`);
  const seen = new Map<string, number>();
  flows.forEach((f, i) => {
    const at = `nic.flows[${i}]`;
    for (const k of ["src", "dst"] as const) if (parseIPv4(f?.[k]) === null) bad(`${at}.${k}`, `must be an IPv4 address "a.b.c.d" (got ${JSON.stringify(f?.[k])})`);
    for (const k of ["sport", "dport"] as const) intIn(f?.[k], 0, 65535, `${at}.${k}`, bad);
    const key = JSON.stringify([f?.src, f?.dst, f?.sport, f?.dport]);
    if (seen.has(key)) bad(at, `repeats the 4-tuple of nic.flows[${seen.get(key)}]: flows must be distinct`);
    seen.set(key, i);
  });
}

/** The rings' regions are added to the run; a region of the run's own may not take their names. */
function checkRegionNames(queues: number, userRegions: RegionSpec[], bad: Bad): void {
  const reserved = new Set(nicRegions(queues, 64, 64).map((r) => r.name));
  userRegions.forEach((r, i) => {
    if (reserved.has(r.name)) bad(`regions[${i}].name`, `"${r.name}" is the name of a NIC ring region, which the run adds itself`);
  });
}
