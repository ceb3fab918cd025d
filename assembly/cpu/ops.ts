// The ops of an access program — what a CPU executes until the network paths give it kernel steps.
// A list program stores them as 16-byte records:
//
//   0 kind u8 | 1 flags u8 | 2 size u8 | 3 pad | 4 addr u32 | 8 value u64
//
// `flags & INDEPENDENT` marks an op as part of a run of independent accesses (a copy, a prefetchable
// scan): its misses overlap up to `mshrs` at a time, and the first dependent op after the run waits for
// all of them. Other loads block the in-order core until their data arrives.

export const OP_LOAD: u32 = 1;
export const OP_STORE: u32 = 2;
/** Locked add: lastValue = old, memory = old + value. Drains the store buffer first (a full fence). */
export const OP_ATOMIC_ADD: u32 = 3;
/** Compare-and-swap: if memory == expect then memory = value; lastValue = old. A full fence. */
export const OP_CAS: u32 = 4;
/** `value` cycles of work that touches no memory. */
export const OP_COMPUTE: u32 = 5;
/** Waits until the store buffer is empty and every miss has completed. */
export const OP_FENCE: u32 = 6;
/** Load and count a check failure if the value differs from `value` (lets list programs assert data). */
export const OP_LOAD_CHECK: u32 = 7;
export const OP_HALT: u32 = 8;
/** Nothing to run: wait for an interrupt (kernel programs only; the wait counts as idle cycles). */
export const OP_IDLE: u32 = 9;
/** A posted MMIO write to the device: `addr` = register | queue << 16, `value`. The CPU does not wait. */
export const OP_MMIO: u32 = 10;
/** An inter-processor interrupt: `addr` = target CPU, `value` = vector; it arrives `ipiCycles` later. */
export const OP_IPI: u32 = 11;

export const INDEPENDENT: u32 = 1;
