// The NIC's state region: the names of every field the host writes (configuration) or reads (counters,
// ring probes). The module's view of the same bytes, with the box diagrams, is assembly/nic/nic-state.ts.
// Compiled by both asc and tsc, so field offsets cannot drift between host and module: plain enums and
// numeric constants only.

/** What the device logical process is (Hdr.deviceKind). */
export enum DeviceKind {
  /** The programmed DMA test device of assembly/machine/device.ts. */
  dmaTest = 0,
  /** The NIC's receive side (assembly/nic/nic.ts). */
  nic = 1,
}

/** Receive queues a NIC may have (one MSI-X vector each; vectors 0–15 fit the kernel's pending mask). */
export const NIC_MAX_QUEUES: u32 = 16;
/** Bytes of one receive descriptor (as ixgbe's advanced receive descriptor: two 64-bit words). */
export const NIC_DESC_BYTES: u32 = 16;
/** The descriptor's status bit 0: descriptor done (ixgbe IXGBE_RXD_STAT_DD = 0x01). */
export const NIC_DESC_DD: u32 = 1;
/** Entries of the RSS indirection table (nic/rss.ts). */
export const NIC_RSS_ENTRIES: u32 = 128;
/** An aRFS table entry that steers nowhere (the flow follows RSS). */
export const NIC_ARFS_NONE: u32 = 0xffffffff;

/** Registers a CPU writes by MMIO (Msg.MMIO: `a` the register, `b` the queue field, `c` the value). */
export enum NicReg {
  /** The queue's tail: descriptors the driver has made available (value = new free-running tail). */
  rxTail = 1,
  /** Re-enables the queue's interrupt after NAPI polling (value ignored). */
  irqUnmask = 2,
  /** Accelerated RFS: the queue field is the flow index, the value its target queue (or NIC_ARFS_NONE
   *  to remove the entry) — what ndo_rx_flow_steer programs. */
  arfsSet = 3,
}

/** How packet arrival times are drawn (NicCfg.gapKind; nic/arrivals.ts). */
export enum NicGap {
  /** Every gapCycles. */
  constant = 0,
  /** Exponential gaps of mean gapCycles. */
  poisson = 1,
  /** Bursts: gapCycles apart for onCycles, then offCycles silent, repeated. */
  onoff = 2,
}

/** How each packet's frame length is drawn (NicCfg.sizeKind; nic/packet-size.ts). */
export enum NicSize {
  /** Always sizeMin. */
  fixed = 0,
  /** Each of sizeMin … sizeMax equally likely. */
  uniform = 1,
  /** A weighted choice among the sizeEntries entries of the table at sizesAt (NicSizeEntry). */
  mix = 2,
}

/** What ends the arrivals (NicCfg.limitKind). */
export enum NicLimit {
  /** After `packets` packets. */
  packets = 0,
  /** No arrival at or after cycle untilHi·2^32 + untilLo. */
  time = 1,
}

/** Configuration words (u32) at the start of the region, written by the host before start(). Addresses
 *  are absolute byte addresses in the shared memory. */
export enum NicCfg {
  queues = 0,
  ringEntries,
  bufferBytes,
  /** Interrupt delay after the first pending frame, in cycles (0 = frames only). */
  rxDelayCycles,
  /** Frames that fire an interrupt at once (0 = delay only). */
  rxFrames,
  flows,
  /** NicLimit: whether `packets` or the time untilLo/untilHi ends the arrivals. */
  limitKind,
  packets,
  untilLo,
  untilHi,
  /** Arrival index of the first measured packet (the ones before it warm the machine up). */
  warmupPackets,
  gapKind,
  /** The constant gap, the Poisson mean, or the gap within an on/off burst, in cycles. */
  gapCycles,
  /** On/off arrivals: the length of each burst and of the silence after it, in cycles. */
  onCycles,
  offCycles,
  /** NicSize, and its bounds in buffer bytes (no FCS): fixed = sizeMin; uniform = sizeMin … sizeMax;
   *  for a mix, the smallest and largest entries. */
  sizeKind,
  sizeMin,
  sizeMax,
  /** Entries of the mix table at sizesAt (0 unless sizeKind is mix). */
  sizeEntries,
  seedLo,
  seedHi,
  /** Region id of `rxq0 descriptors`; queue q's descriptors are id + 2q, its buffers id + 2q + 1. */
  firstRegion,
  queuesAt,
  rssAt,
  flowsAt,
  sizesAt,
  slotsAt,
  stageAt,
  /** Bytes of one frame's staging area: the largest frame (sizeMax) rounded up to whole lines. */
  stageBytes,
  count,
}

/** NIC-wide state (u64 each) from NIC_GLOBAL_AT, written by the NIC LP. */
export enum NicGlobal {
  /** Packets that have arrived from the wire so far. */
  arrivals = 0,
  /** The inter-arrival generator's state (xorshift64*, sim/rng.ts). */
  rng,
  /** The packet-size generator's state (xorshift64*; separate, so sizes never move arrival times). */
  sizeRng,
  /** Arrival time of the first measured packet (i64), −1 until it arrives. */
  firstMeasuredAt,
  /** Register writes received, and those naming no register, queue or flow the NIC has. */
  mmioWrites,
  mmioErrors,
  count,
}
export const NIC_GLOBAL_AT: u32 = 128;
export const NIC_HEADER_BYTES: u32 = 256;

/** One queue's record (NIC_QUEUE_BYTES): byte offsets. The first three the host writes. */
export enum NicQ {
  descBase = 0,
  bufBase = 4,
  /** The CPU the queue's MSI-X vector is affine to. */
  irqCpu = 8,
  /** Free-running: the next descriptor the NIC fills. */
  head = 12,
  /** Free-running: the driver's tail register. Free descriptors = tail − head. */
  tail = 16,
  /** Free-running: the next descriptor to write back (they are written back in ring order). */
  wbNext = 20,
  /** Descriptor writes issued so far (orders completions that share a line). */
  descSeq = 24,
  framesPending = 28,
  irqEnabled = 32,
  /** Moderation timer generation: a timer event of an older generation is stale. */
  timerGen = 36,
  /** When the first pending frame became visible (i64). */
  firstPendingAt = 40,
  /** Counters, u64 each (NicQStat), from here. */
  stats = 64,
}
export const NIC_QUEUE_BYTES: u32 = 192;

/** Per-queue counters (u64 each, at NicQ.stats). */
export enum NicQStat {
  /** Packets steered to this queue. */
  offered = 0,
  /** Packets whose descriptor (with DD) is in the ring: visible to the driver. */
  delivered,
  /** Accepted packets whose data or descriptor DMA has not completed yet. */
  inFlight,
  /** Dropped because the ring had no free descriptor (ixgbe counts these as rx_no_dma_resources). */
  droppedRingFull,
  /** Interrupts sent. */
  interrupts,
  /** Descriptor writes issued while the packet still had data DMA outstanding (must stay 0). */
  descriptorsBeforeData,
  /** As offered and droppedRingFull, counting only measured packets (arrival index ≥ warmupPackets). */
  measuredOffered,
  measuredDroppedRingFull,
  count,
}

/** One flow's record (NIC_FLOW_BYTES): its 4-tuple (nic/flow-tuple.ts, written by the host), its aRFS
 *  entry and where its byte stream has got to. */
export enum NicFlow {
  tuple = 0,
  arfsQueue = 12,
  nextOffset = 16,
  packets = 20,
}
export const NIC_FLOW_BYTES: u32 = 32;

/** One ring slot's NIC-side record (NIC_SLOT_BYTES), per queue and descriptor index. */
export enum NicSlot {
  /** The descriptor to write back (16 bytes): the source of its DMA write. */
  desc = 0,
  /** When the packet arrived from the wire (i64). */
  arrival = 16,
  /** When its last data line's DMA completed (i64). */
  dataDone = 24,
  /** When its descriptor write was issued (i64). */
  descIssued = 32,
  /** When the descriptor write completed: the packet became visible (i64). */
  visible = 40,
  /** Data lines whose DMA has not completed. */
  pendingLines = 48,
  /** SlotState. */
  state = 52,
  /** Issue number of its descriptor write (NicQ.descSeq at issue). */
  descSeq = 56,
  /** The packet's arrival index (0, 1, 2, … in wire order across all flows; mod 2^32). */
  seq = 60,
}
export const NIC_SLOT_BYTES: u32 = 64;

/** One entry of the packet-size mix table (NIC_SIZE_ENTRY_BYTES, at NicCfg.sizesAt), written by the
 *  host: the running sum of the weights up to and including this entry, and its frame length in the
 *  buffer (wire size less the FCS). */
export enum NicSizeEntry {
  cumWeight = 0,
  frameBytes = 4,
}
export const NIC_SIZE_ENTRY_BYTES: u32 = 8;

/** Where a ring slot's packet is. */
export enum SlotState {
  /** Never used, or its packet is in the ring (the driver's until the tail gives it back). */
  free = 0,
  /** Data lines are being written. */
  data = 1,
  /** All data written; waiting for earlier descriptors to be written back first. */
  ready = 2,
  /** The descriptor write is in flight. */
  desc = 3,
  /** The descriptor (DD set) is in the ring. */
  done = 4,
}

// Descriptor fields (the 16 bytes in the ring; see nic/nic-state.ts).
export const DESC_BUFFER: u32 = 0;
export const DESC_LENGTH: u32 = 4;
export const DESC_STATUS: u32 = 6;
export const DESC_QUEUE: u32 = 7;
export const DESC_HASH: u32 = 8;
export const DESC_FLOW: u32 = 12;
