// Writes a resolved NIC into the shared memory before start(): the configuration words, each queue's
// ring addresses and interrupt CPU, the RSS table and the flows' 4-tuples (nic-state.ts draws them),
// and each descriptor's buffer address in the rings themselves — what a driver does at ifup
// (ixgbe_configure_rx_ring, ixgbe_alloc_rx_buffers). The module's nicInit() resets the rest.

import {
  NicCfg, NicQ, NicGap, NIC_ARFS_NONE, NicSize, NicLimit, NicFlow, NicSizeEntry, NIC_QUEUE_BYTES, NIC_FLOW_BYTES, NIC_SIZE_ENTRY_BYTES,
} from "../../assembly/shared/nic.js";
import type { PlacedRegion } from "../layout/memory-map.js";
import { FCS_BYTES, type ResolvedNic, type ResolvedTraffic } from "./config.js";
import { nicStateLayout, descriptorRegion, bufferRegion, type NicStateLayout } from "./layout.js";
import { tupleBytes } from "./flows.js";

/** A NIC placed in memory: what the host needs to read it back. */
export interface PlacedNic {
  nic: ResolvedNic;
  base: number;
  layout: NicStateLayout;
  descBase: number[];
  bufBase: number[];
}

export function writeNic(memory: WebAssembly.Memory, nic: ResolvedNic, base: number, lineBytes: number, regions: PlacedRegion[]): PlacedNic {
  const layout = nicStateLayout(nic, lineBytes);
  const byName = new Map(regions.map((r) => [r.name, r]));
  const desc = Array.from({ length: nic.queues }, (_, q) => byName.get(descriptorRegion(q))!);
  const bufs = Array.from({ length: nic.queues }, (_, q) => byName.get(bufferRegion(q))!);
  const dv = new DataView(memory.buffer);
  const set = configWriter(dv, base);
  writeConfig(set, nic, base, layout, desc[0].id);
  writeTraffic(set, nic.traffic);
  writeSizeTable(dv, nic.traffic, base + layout.sizesAt);
  for (let q = 0; q < nic.queues; q++) {
    const at = base + layout.queuesAt + q * NIC_QUEUE_BYTES;
    dv.setUint32(at + NicQ.descBase, desc[q].base, true);
    dv.setUint32(at + NicQ.bufBase, bufs[q].base, true);
    dv.setUint32(at + NicQ.irqCpu, nic.irqCpu[q], true);
    // descriptor i points at buffer i (the NIC's descriptor fetch is not modelled: rx-dma.ts)
    for (let i = 0; i < nic.ringEntries; i++) dv.setUint32(desc[q].base + 16 * i, bufs[q].base + i * nic.bufferBytes, true);
  }
  new Uint8Array(memory.buffer, base + layout.rssAt, 128).set(nic.rssTable);
  nic.flows.forEach((t, f) => {
    new Uint8Array(memory.buffer, base + layout.flowsAt + f * NIC_FLOW_BYTES + NicFlow.tuple, 12).set(tupleBytes(t));
    dv.setUint32(base + layout.flowsAt + f * NIC_FLOW_BYTES + NicFlow.arfsQueue, nic.flowQueues[f] ?? NIC_ARFS_NONE, true);
  });
  return { nic, base, layout, descBase: desc.map((r) => r.base), bufBase: bufs.map((r) => r.base) };
}

type SetWord = (field: NicCfg, v: number) => void;

/** Writes configuration words, refusing anything that is not a u32 (validate.ts should have). */
function configWriter(dv: DataView, base: number): SetWord {
  return (field, v) => {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`NIC config ${NicCfg[field]} out of range: ${v}`);
    dv.setUint32(base + field * 4, v, true);
  };
}

function writeConfig(set: SetWord, nic: ResolvedNic, base: number, layout: NicStateLayout, firstRegion: number): void {
  set(NicCfg.queues, nic.queues);
  set(NicCfg.ringEntries, nic.ringEntries);
  set(NicCfg.bufferBytes, nic.bufferBytes);
  set(NicCfg.rxDelayCycles, nic.rxDelayCycles);
  set(NicCfg.rxFrames, nic.rxFrames);
  set(NicCfg.flows, nic.flows.length);
  set(NicCfg.firstRegion, firstRegion);
  set(NicCfg.queuesAt, base + layout.queuesAt);
  set(NicCfg.rssAt, base + layout.rssAt);
  set(NicCfg.flowsAt, base + layout.flowsAt);
  set(NicCfg.sizesAt, base + layout.sizesAt);
  set(NicCfg.slotsAt, base + layout.slotsAt);
  set(NicCfg.stageAt, base + layout.stageAt);
  set(NicCfg.stageBytes, layout.stageBytes);
}

/** The traffic's words: run length, warm-up, arrivals, sizes (in buffer bytes) and seed. */
function writeTraffic(set: SetWord, t: ResolvedTraffic): void {
  const until = t.untilCycles ?? 0;
  set(NicCfg.limitKind, t.packets !== null ? NicLimit.packets : NicLimit.time);
  set(NicCfg.packets, t.packets ?? 0);
  set(NicCfg.untilLo, until % 2 ** 32);
  set(NicCfg.untilHi, Math.floor(until / 2 ** 32));
  set(NicCfg.warmupPackets, t.warmupPackets);
  const a = t.arrival;
  set(NicCfg.gapKind, a.kind === "constant" ? NicGap.constant : a.kind === "poisson" ? NicGap.poisson : NicGap.onoff);
  set(NicCfg.gapCycles, a.kind === "poisson" ? a.meanGapCycles : a.gapCycles);
  set(NicCfg.onCycles, a.kind === "onoff" ? a.onCycles : 0);
  set(NicCfg.offCycles, a.kind === "onoff" ? a.offCycles : 0);
  const kind = t.packetSize.kind;
  set(NicCfg.sizeKind, kind === "fixed" ? NicSize.fixed : kind === "uniform" ? NicSize.uniform : NicSize.mix);
  set(NicCfg.sizeMin, t.minFrameBytes);
  set(NicCfg.sizeMax, t.maxFrameBytes);
  set(NicCfg.sizeEntries, t.packetSize.kind === "mix" ? t.packetSize.sizes.length : 0);
  set(NicCfg.seedLo, t.seed % 2 ** 32);
  set(NicCfg.seedHi, Math.floor(t.seed / 2 ** 32));
}

/** A mix's table (nic/packet-size.ts): per entry, the running sum of the weights and the buffer length. */
function writeSizeTable(dv: DataView, t: ResolvedTraffic, at: number): void {
  if (t.packetSize.kind !== "mix") return;
  let cum = 0;
  t.packetSize.sizes.forEach((s, e) => {
    cum += s.weight;
    dv.setUint32(at + e * NIC_SIZE_ENTRY_BYTES + NicSizeEntry.cumWeight, cum, true);
    dv.setUint32(at + e * NIC_SIZE_ENTRY_BYTES + NicSizeEntry.frameBytes, s.bytes - FCS_BYTES, true);
  });
}
