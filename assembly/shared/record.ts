// The event recorder's buffer layout and record classes (assembly/sim/record.ts writes them, src/record/
// reads them), compiled by both asc and tsc so the two cannot drift.
//
// Buffer:  0 attempted u64 (records the run produced, counted beyond the capacity) | 8 capacity u32 |
//          64 region flags u8[256] (1 = record this region's lines) | RECORD_HEADER: records
//
// Record (RECORD_BYTES):
//   0 time i64      when it happened (a message's arrival at the LP that handles it; an eviction's time)
//   8 cls u8        what it is (RecordClass) | 9 agent u8 the LP it happened at | 10 from u8 the sender LP
//   11 msg u8       the message kind (machine/messages.ts Msg); for an eviction PUT, or 0 when silent (S)
//   12 line u32     (0 for an interrupt)
//   16 b u32        directory records: the requester; acks: flags | requester << 16; interrupts: vector
//   20 step u8      the path step (shared/steps.ts) of the CPU concerned: the agent, or the requester
//   21 region u8 | 22 before u8 | 23 after u8   MESI (0 I, 1 S, 2 E, 3 M) of the agent CPU's copy
//   24 dirBefore u8 | 25 ownerBefore u8 | 26 dirAfter u8 | 27 ownerAfter u8   directory (0 U, 1 S, 2 EM)
//   28 bounce u8    1 when the directory counts this ack as a bounce (docs/machine.md §10)
//   29 txn u8       the kind of the transaction an ack answers (Msg.GETS, GETX, DMA_WR, DMA_RD)
//   32 sharersBefore u64 | 40 sharersAfter u64

export const RECORD_BYTES: u32 = 48;
export const RECORD_HEADER: u32 = 320;
export const RECORD_REGION_FLAGS: u32 = 64;

export enum RecordClass {
  none = 0,
  /** A request reaches the directory's bank (GETS, GETX, PUT, DMA_RD, DMA_WR). */
  arrive = 1,
  /** The directory handles a message for the line: its view before and after. */
  directory = 2,
  /** A CPU handles a message for the line (data, invalidation, forward): its copy before and after. */
  cpu = 3,
  /** A CPU evicts the line from its L2 (a PUT for E and M, silently for S). */
  evict = 4,
  /** An interrupt reaches a CPU: from the device (MSI-X) or from a CPU (an IPI). */
  irq = 5,
}
