// Where the NIC's things live. Two kinds of memory, on purpose:
//
// - The rings are simulated memory: per queue, a region `rxq<N> descriptors` (ringEntries × 16 bytes)
//   and a region `rxq<N> buffers` (ringEntries × bufferBytes), added after the run's own regions. CPU
//   loads and stores of descriptors and packet bytes go through the caches and the directory, and every
//   miss, bounce and DMA invalidation is attributed to the ring it touched.
// - The NIC's own state is not: its configuration, queue registers, flow table, per-descriptor records
//   and frame staging are one region of the shared memory that only the device LP touches (drawn in
//   assembly/nic/nic-state.ts), sized here from the config and placed by the memory map.

import { NIC_HEADER_BYTES, NIC_QUEUE_BYTES, NIC_FLOW_BYTES, NIC_SLOT_BYTES, NIC_RSS_ENTRIES, NIC_SIZE_ENTRY_BYTES } from "../../assembly/shared/nic.js";
import type { RegionSpec } from "../layout/memory-map.js";
import type { ResolvedNic } from "./config.js";

export const descriptorRegion = (q: number) => `rxq${q} descriptors`;
export const bufferRegion = (q: number) => `rxq${q} buffers`;

/** The rings' regions, in the order they are added: queue 0's descriptors, its buffers, queue 1's, … */
export function nicRegions(queues: number, ringEntries: number, bufferBytes: number): RegionSpec[] {
  return Array.from({ length: queues }, (_, q) => [
    { name: descriptorRegion(q), bytes: ringEntries * 16 },
    { name: bufferRegion(q), bytes: ringEntries * bufferBytes },
  ]).flat();
}

/** Offsets of the NIC state's parts from its base (see nic-state.ts), and its size. */
export interface NicStateLayout {
  queuesAt: number;
  rssAt: number;
  flowsAt: number;
  sizesAt: number;
  slotsAt: number;
  stageAt: number;
  stageBytes: number;
  bytes: number;
}

const align64 = (n: number) => Math.ceil(n / 64) * 64;

export function nicStateLayout(nic: ResolvedNic, lineBytes: number): NicStateLayout {
  const slots = nic.queues * nic.ringEntries;
  // every slot may have to stage the largest frame the sizes can draw
  const stageBytes = Math.ceil(nic.traffic.maxFrameBytes / lineBytes) * lineBytes;
  const mix = nic.traffic.packetSize.kind === "mix" ? nic.traffic.packetSize.sizes.length : 0;
  const queuesAt = NIC_HEADER_BYTES;
  const rssAt = align64(queuesAt + nic.queues * NIC_QUEUE_BYTES);
  const flowsAt = align64(rssAt + NIC_RSS_ENTRIES);
  const sizesAt = align64(flowsAt + nic.flows.length * NIC_FLOW_BYTES);
  const slotsAt = align64(sizesAt + mix * NIC_SIZE_ENTRY_BYTES);
  const stageAt = align64(slotsAt + slots * NIC_SLOT_BYTES);
  return { queuesAt, rssAt, flowsAt, sizesAt, slotsAt, stageAt, stageBytes, bytes: stageAt + slots * stageBytes };
}
