// Sizes of the module's variable-length structures, shared by the host's memory map (tsc) and the
// module (asc) so that neither hand-copies the other's arithmetic.

/** Rounds `n` up to a multiple of 8 bytes. */
export function align8(n: u32): u32 {
  return (n + 7) & ~7;
}

/** A set-associative tag array of `entries` = sets × ways: per set its tag words u32[ways] then its LRU
 *  stamps u32[ways], then the debug versions u32[2 × entries] (assembly/machine/cache-array.ts). The
 *  reservation predates that layout and is larger than it needs (16 bytes per entry are used); kept so the
 *  memory map, and what it refuses, stay as they were. */
export function cacheArrayBytes(entries: u32): u32 {
  return align8(entries * 4) + entries * 8 + align8(entries * 4);
}

/** Bytes of one uncore transaction record (a line busy with a request in flight). */
export const TXN_BYTES: u32 = 32;
/** Bytes of one deferred request (an event record plus a link). */
export const WAIT_BYTES: u32 = 40;
/** Line runs in flight at the uncore at once, and the bytes of one run record (machine/line-runs.ts). */
export const RUN_CAP: u32 = 256;
export const RUN_BYTES: u32 = 320;
/** Most lines one run may carry (a 2 KiB receive buffer of 64-byte lines). */
export const RUN_MAX_LINES: u32 = 32;

/** Bytes of one inbox ring: producer line, consumer line, then `capacity` event records. */
export function inboxBytes(capacity: u32): u32 {
  return 256 + capacity * 32;
}
