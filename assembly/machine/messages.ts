// The shared vocabulary of the machine (cf. ZSim's memory_hierarchy.h): every message kind, who sends it
// and what triggers it. For coherence messages the event's `a` is the line number, `b` the LP the
// request is for, `c` the line's data version (debug runs) or a DMA source address.

export enum Msg {
  // --- CPU → directory (uncore) ---
  /** Read miss: the private hierarchy has no valid copy. */
  GETS = 1,
  /** Write or atomic miss, or upgrade of a shared copy. */
  GETX,
  /** Eviction of an exclusive/modified line; flags bit 0 = dirty. S lines are evicted silently. */
  PUT,
  /** Reply to INV; flags: bit 0 = had a copy, bit 1 = it was dirty. */
  INV_ACK,
  /** Reply to a FWD_*; flags as INV_ACK. bit 0 clear means the line had already been evicted (its PUT
   *  reached the directory first). */
  FWD_ACK,

  // --- directory → CPU ---
  /** Drop your copy (a writer or a DMA write needs the line). */
  INV,
  /** You own the line; send it to `b` as shared and keep a shared copy. */
  FWD_GETS,
  /** You own the line; send it to `b` as modified and drop yours. */
  FWD_GETX,
  /** You own the line; a device reads it: keep a shared copy, write it back. */
  FWD_DMA,

  // --- directory or owning CPU → requesting CPU ---
  /** Data, shared. */
  DATA_S,
  /** Data, exclusive-clean (no other cache holds it). */
  DATA_E,
  /** Data with write permission. */
  DATA_M,

  // --- device ↔ directory ---
  /** A device writes one line; `c` is the address of the bytes to write, `b` 0 for the whole line or
   *  offset | length << 8 for part of it (a descriptor). */
  DMA_WR,
  /** A device reads one line. */
  DMA_RD,
  /** A device writes a run of consecutive lines from `c`: `b` = line count | last line's bytes << 16
   *  (0 = whole). One message, one completion (DMA_DONE with b = 2), same timing as per-line writes. */
  DMA_WR_RUN,
  /** Completion of DMA_WR / DMA_RD, back to the device. */
  DMA_DONE,

  // --- CPU → device ---
  /** A posted register write (MMIO): `a` the register, `b` the queue, `c` the value — a doorbell (RX
   *  tail), an interrupt unmask, a steering-table update. */
  MMIO,

  // --- interrupts ---
  /** An interrupt (MSI-X message) for vector `b`, from a device to the CPU it is affine to. */
  IRQ,

  // --- run control ---
  /** Statistics start here: the receiving LP copies its own counters to the snapshot mirror
   *  (sim/snapshot.ts). Sent by the NIC when the first measured packet arrives. */
  SNAPSHOT,

  // --- internal events ---
  /** Uncore: a request has passed its bank and is handled now (flags = original kind). */
  BANK_DONE,
  /** Uncore: memory data is ready for a transaction. */
  MEM_DONE,
  /** Uncore: the next line of a DMA run has passed its bank (`a` = run). */
  RUN_NEXT,
  /** Device: issue the next DMA op of its program. */
  DEVICE_NEXT,
  /** NIC: the next packet arrives from the wire (nic/arrivals.ts). */
  NIC_ARRIVAL,
  /** NIC: a queue's interrupt-moderation timer expires; `a` the queue, `b` the timer's generation
   *  (nic/coalescing.ts). */
  NIC_TIMER,

  // --- CPU → directory, merged (kept last: the kinds above keep their numbers) ---
  /** `flags` GETS from CPU `b` for lines `a`, `a`+1, … sent one cycle apart with consecutive sequence
   *  numbers (a copy's independent misses): one message that arrives as the GETS would, line by line, at
   *  time + i under key + i (machine/miss-runs.ts). */
  GETS_RUN,
  /** Uncore, internal: `flags` GETS from CPU `b` for lines `a`, `a`+1, … whose lookups end at time + i,
   *  each handled as its BANK_DONE (key + i) would be (machine/miss-runs.ts). */
  BANK_RUN,
}

/** Ack flags. */
export const ACK_HAD: u32 = 1;
export const ACK_DIRTY: u32 = 2;

/** Private (MESI) line states as stored in the private tag arrays. */
export const ST_I: u8 = 0;
export const ST_S: u8 = 1;
export const ST_E: u8 = 2;
export const ST_M: u8 = 3;
