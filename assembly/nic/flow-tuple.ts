// A flow's IPv4 4-tuple, as netchan keeps it everywhere: in network byte order, exactly the bytes of the
// headers and exactly the input RSS hashes (toeplitz.ts), so a flow-table entry can be hashed, compared
// and copied into a packet as it is.
//
//        0        1        2        3
//      +--------+--------+--------+--------+
//    0 |          source address           |
//    4 |        destination address        |
//    8 |   source port   |    dest. port   |
//      +--------+--------+--------+--------+

@unmanaged export class FlowTuple {
  srcAddr: u32;
  dstAddr: u32;
  srcPort: u16;
  dstPort: u16;
}
export const FLOW_TUPLE_BYTES: u32 = <u32>offsetof<FlowTuple>();

/** Writes the 12-byte 4-tuple in network byte order at `dst`: addresses in host order (a.b.c.d is
 *  a << 24 | b << 16 | c << 8 | d), ports as numbers. Its first 8 bytes are the 2-tuple. */
export function storeTuple4(dst: usize, saddr: u32, daddr: u32, sport: u16, dport: u16): void {
  store<u32>(dst, bswap<u32>(saddr));
  store<u32>(dst, bswap<u32>(daddr), 4);
  store<u16>(dst, bswap<u16>(sport), 8);
  store<u16>(dst, bswap<u16>(dport), 10);
}
