// RSS queue selection: the NIC turns a packet's Toeplitz hash (nic/toeplitz.ts) into a receive queue
// through an indirection table the driver writes. The table is indexed by the hash's low bits — the
// seven least significant for the 128 entries of Microsoft's RSS and of Intel's 82599/I210 RETA ("a
// 128-entry structure, indexed by the seven LSB bits of the hash function output", I210 datasheet
// §7.1.2.10.2) — and each entry names a queue; the queue's MSI-X vector then names the CPU
// (Documentation/networking/scaling.rst). Keeping the table separate from the hash is what lets the
// driver rebalance flows between queues without touching the key.
//
// The table lives wherever the NIC's state puts it, one byte per entry:
//
//   table + 0                                                   table + 127
//   +--------+--------+--------+--------+-- ... --+--------+--------+
//   | q(0)   | q(1)   | q(2)   | q(3)   |         | q(126) | q(127) |   u8 queue numbers
//   +--------+--------+--------+--------+-- ... --+--------+--------+
//        ^ entry hash & 127
//
// Linux fills it by default with ethtool_rxfh_indir_default(i, n) = i % n (include/linux/ethtool.h),
// which is also what `ethtool -X <dev> equal n` writes (ethtool's fill_indir_table): queues in turn.

/** Entries of the indirection table. */
export const RSS_TABLE_ENTRIES: u32 = 128;
/** The hash bits that index it: the seven least significant. */
export const RSS_TABLE_MASK: u32 = RSS_TABLE_ENTRIES - 1;

/** The receive queue of a packet whose RSS hash is `hash`. */
export function rssQueue(table: usize, hash: u32): u32 {
  return load<u8>(table + (hash & RSS_TABLE_MASK));
}

/** Spreads the table over queues 0 .. queues−1 in turn, as `ethtool -X equal queues` does (set-up only). */
export function rssFillEqual(table: usize, queues: u32): void {
  assert(queues >= 1 && queues <= 256, "RSS queues must be 1 to 256 (one byte per table entry)");
  for (let i: u32 = 0; i < RSS_TABLE_ENTRIES; i++) store<u8>(table + i, <u8>(i % queues));
}
