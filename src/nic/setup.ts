// Writes a resolved NIC into the shared memory before start(): the configuration words, each queue's
// ring addresses and interrupt CPU, the RSS table and the flows' 4-tuples (nic-state.ts draws them),
// and each descriptor's buffer address in the rings themselves — what a driver does at ifup
// (ixgbe_configure_rx_ring, ixgbe_alloc_rx_buffers). The module's nicInit() resets the rest.

import { NicCfg, NicQ, NicGap, NIC_QUEUE_BYTES, NIC_FLOW_BYTES, NicFlow } from "../../assembly/shared/nic.js";
import type { PlacedRegion } from "../layout/memory-map.js";
import type { ResolvedNic } from "./config.js";
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
  writeConfig(dv, nic, base, layout, desc[0].id);
  for (let q = 0; q < nic.queues; q++) {
    const at = base + layout.queuesAt + q * NIC_QUEUE_BYTES;
    dv.setUint32(at + NicQ.descBase, desc[q].base, true);
    dv.setUint32(at + NicQ.bufBase, bufs[q].base, true);
    dv.setUint32(at + NicQ.irqCpu, nic.irqCpu[q], true);
    // descriptor i points at buffer i (the NIC's descriptor fetch is not modelled: rx-dma.ts)
    for (let i = 0; i < nic.ringEntries; i++) dv.setUint32(desc[q].base + 16 * i, bufs[q].base + i * nic.bufferBytes, true);
  }
  new Uint8Array(memory.buffer, base + layout.rssAt, 128).set(nic.rssTable);
  nic.flows.forEach((t, f) => new Uint8Array(memory.buffer, base + layout.flowsAt + f * NIC_FLOW_BYTES + NicFlow.tuple, 12).set(tupleBytes(t)));
  return { nic, base, layout, descBase: desc.map((r) => r.base), bufBase: bufs.map((r) => r.base) };
}

function writeConfig(dv: DataView, nic: ResolvedNic, base: number, layout: NicStateLayout, firstRegion: number): void {
  const set = (field: NicCfg, v: number) => {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`NIC config ${NicCfg[field]} out of range: ${v}`);
    dv.setUint32(base + field * 4, v, true);
  };
  const t = nic.traffic;
  set(NicCfg.queues, nic.queues);
  set(NicCfg.ringEntries, nic.ringEntries);
  set(NicCfg.bufferBytes, nic.bufferBytes);
  set(NicCfg.frameBytes, t.frameBytes);
  set(NicCfg.rxDelayCycles, nic.rxDelayCycles);
  set(NicCfg.rxFrames, nic.rxFrames);
  set(NicCfg.flows, nic.flows.length);
  set(NicCfg.packets, t.packets);
  set(NicCfg.gapKind, t.interArrival.kind === "constant" ? NicGap.constant : NicGap.poisson);
  set(NicCfg.gapCycles, t.interArrival.kind === "constant" ? t.interArrival.cycles : t.interArrival.meanCycles);
  set(NicCfg.seedLo, t.seed % 2 ** 32);
  set(NicCfg.seedHi, Math.floor(t.seed / 2 ** 32));
  set(NicCfg.firstRegion, firstRegion);
  set(NicCfg.queuesAt, base + layout.queuesAt);
  set(NicCfg.rssAt, base + layout.rssAt);
  set(NicCfg.flowsAt, base + layout.flowsAt);
  set(NicCfg.slotsAt, base + layout.slotsAt);
  set(NicCfg.stageAt, base + layout.stageAt);
  set(NicCfg.stageBytes, layout.stageBytes);
}
