// The `netchan-record/1` document: what `netchan record --json` writes and the dashboard's step-through
// view and ownership timeline read (docs/record.md describes every field).

export type Mesi = "I" | "S" | "E" | "M";

/** The directory's view of a line: uncached, shared by `sharers` (possibly stale after silent evictions),
 *  or exclusive/modified in `owner`. */
export interface DirView {
  state: "U" | "S" | "EM";
  owner: number | null;
  sharers: number[];
}

export interface RecordedLine {
  /** Index of the line in `lines` (events refer to lines by it). */
  id: number;
  /** Simulated physical address of the line's first byte, hexadecimal. */
  address: string;
  region: string;
  /** What the line holds, e.g. "socket 0 lock", "rxq0 descriptors 4–7", "skb +0x240". */
  label: string;
  events: number;
  bounces: number;
}

export type EventKind =
  | "request" // a CPU's or the device's request reaches the directory (GETS, GETX, PUT, DMA_RD, DMA_WR)
  | "directory" // the directory handles a CPU's request or eviction
  | "ack" // the directory handles an invalidation's or a forward's acknowledgement
  | "memory" // the directory's DRAM read completes
  | "dma-write" // the directory handles a device's write (after invalidating every copy)
  | "dma-read" // the directory handles a device's read
  | "data" // data (and permission) reaches a CPU
  | "invalidation" // an invalidation reaches a CPU
  | "forward" // a forwarded request reaches the line's owner, which sends the data on
  | "eviction" // a CPU evicts the line (a PUT for E and M; silently for S)
  | "silent-write" // a CPU wrote a line it held Exclusive: E → M, with no message (noticed later)
  | "interrupt" // the NIC's MSI-X interrupt reaches a CPU
  | "ipi"; // an inter-processor interrupt reaches a CPU

export interface RecordedEvent {
  /** Position in `events`. */
  i: number;
  /** Simulated time, cycles. */
  t: number;
  kind: EventKind;
  /** The message's name (GETX, DATA_M, INV_ACK, …), or null (an eviction without PUT, a silent write). */
  message: string | null;
  /** Where it happens: "cpu2", "directory". */
  at: string;
  /** Who sent it: "cpu0", "directory", "nic"; for evictions and silent writes the CPU itself. */
  from: string;
  /** Index into `lines`, or null for an interrupt. */
  line: number | null;
  /** The receive-path step of the CPU concerned (the one it happens at, or the requester's), or null. */
  step: string | null;
  /** The CPU whose copy changes, and its state before and after. */
  cpu?: { cpu: number; before: Mesi; after: Mesi };
  /** The directory's view before and after. */
  dir?: { before: DirView; after: DirView };
  /** On an ack the directory counts as a bounce (docs/machine.md §10): the requester's whole miss, from
   *  its L2 lookup to the data's arrival, in cycles. */
  bounce?: { cycles: number; requester: number };
  /** One sentence for the message log. */
  text: string;
}

export interface RecordDocument {
  schema: "netchan-record/1";
  scenario: string;
  variant: string;
  path: string;
  machine: string;
  cpus: number;
  clockGHz: number;
  /** Packets offered after the warm-up, and warm-up packets; the recording covers both, from cold caches. */
  packets: number;
  warmupPackets: number;
  /** The regions whose lines were recorded. */
  regions: string[];
  /** Records the buffer held (the limit), and the records the run produced. */
  limit: number;
  recorded: number;
  timing: { hopCycles: number; l2HitCycles: number; llcHitCycles: number; remoteTransferCycles: number; ioHopCycles: number };
  lines: RecordedLine[];
  events: RecordedEvent[];
  /** The machine's own states at the end of the run (probed), which replaying `events` reaches. */
  final: { cpus: Mesi[][]; dir: DirView[] };
}
