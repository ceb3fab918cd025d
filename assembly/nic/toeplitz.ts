// The Toeplitz hash, as a NIC computes it for receive-side scaling (RSS). The driver gives the NIC a
// secret key K of 40 bytes; for each received packet the NIC reads a few header fields as a byte string
// and, for every bit of that string that is set, XORs in the 32 bits of K that start at the same bit
// position (Microsoft, "RSS hashing functions", learn.microsoft.com/windows-hardware/drivers/network/
// rss-hashing-functions):
//
//   ComputeHash(input[], n)
//     result = 0
//     for each bit b of input[], left to right (input[0]'s most significant bit first)
//       if (b == 1) result ^= left-most 32 bits of K
//       shift K left 1 bit
//
// So bit i of the input (counting from 0 at the left) contributes the window K[i .. i+31]. The inputs
// (same page; Intel 82599 and I210 datasheets §7.1.2.x, "RSS hash function"), in network byte order:
//
//   IPv4 with TCP or UDP:  Input[12] = SourceAddress @12-15, DestinationAddress @16-19,
//                                      SourcePort @20-21, DestinationPort @22-23
//   IPv4 only:             Input[8]  = SourceAddress @12-15, DestinationAddress @16-19
//
// (offsets into the IPv4 packet with a 20-byte header). Note the order: source before destination —
// the published verification table lists destination first, which is easy to copy the wrong way round.
//
// How it is computed here: a byte at a time, with a 64-bit window holding the 8 key bytes that start
// at the current input byte. Bit j of that byte (j = 0 the most significant) needs key bits
// [8·i + j, 8·i + j + 32), which is the window shifted right by 32 − j; each bit is turned into an
// all-ones or all-zeros mask instead of a branch, since packet headers are random bits. After each
// byte the window moves left by 8 and takes in the next key byte. An n-byte input reads key bytes
// [0, n + 4), so the 40-byte key covers inputs up to 36 bytes (the IPv6 4-tuple).
//
// The hash is linear in the input: hash(A ‖ B) = hash(A) ^ hash of B with the key advanced by |A|
// bytes. toeplitzAt() takes that key offset, so fields that are not contiguous in a packet (the
// addresses in the IP header, the ports in the TCP header after IP options) hash without a copy.
//
// No managed allocation: the key is read-only static data, everything else is load/store on addresses.

import { storeTuple4, FLOW_TUPLE_BYTES } from "./flow-tuple";

/** Bytes of an RSS key (Microsoft RSS; Intel 82599 RSSRK, 10 × 32-bit registers). */
export const RSS_KEY_BYTES: u32 = 40;
/** Bytes of the hashed IPv4 4-tuple: source address, destination address, source port, destination port. */
export const TUPLE4_BYTES: u32 = FLOW_TUPLE_BYTES;
/** Bytes of the hashed IPv4 2-tuple: source address, destination address. */
export const TUPLE2_BYTES: u32 = 8;

// The default key of the Microsoft RSS verification suite, also the default of Intel's drivers and of
// DPDK's test (app/test/test_thash.c, default_rss_key). Static data: re-copied into the shared memory at
// every instantiation, so it must never be written (DESIGN.md, "Memory and AssemblyScript rules").
const DEFAULT_KEY: usize = memory.data<u8>([
  0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
  0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
  0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
  0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
]);

/** Address of the default 40-byte key (read-only). */
export function rssDefaultKey(): usize {
  return DEFAULT_KEY;
}

/** The key window of bit `j` of a byte (j = 0 the most significant) if that bit is set, else 0. */
@inline function bitTerm(window: u64, byte: u32, j: u32): u32 {
  return <u32>(window >> (32 - j)) & (0 - ((byte >> (7 - j)) & 1));
}

/** The XOR of the key windows selected by the set bits of `byte`, the window's top bit aligned with the
 *  byte's most significant bit. Written out bit by bit: the optimiser does not unroll the loop. */
@inline function byteTerm(window: u64, byte: u32): u32 {
  return bitTerm(window, byte, 0) ^ bitTerm(window, byte, 1) ^ bitTerm(window, byte, 2) ^ bitTerm(window, byte, 3)
    ^ bitTerm(window, byte, 4) ^ bitTerm(window, byte, 5) ^ bitTerm(window, byte, 6) ^ bitTerm(window, byte, 7);
}

/** Toeplitz hash of the `n` bytes at `input` with the key at `key` advanced by `keyByte` bytes — the
 *  term of an input that starts `keyByte` bytes into the hashed string. Needs keyByte + n + 4 ≤ 40. */
export function toeplitzAt(key: usize, keyByte: u32, input: usize, n: u32): u32 {
  assert(keyByte + n + 4 <= RSS_KEY_BYTES, "Toeplitz input longer than the RSS key allows");
  let k = key + keyByte;
  const end = key + RSS_KEY_BYTES;
  // Key bytes keyByte .. keyByte+7, the first on top. When keyByte > 32 (only for n < 4) this reads up to
  // 4 bytes past the key, which land below every window the n bytes use and so never count.
  let window = bswap<u64>(load<u64>(k));
  let r: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    r ^= byteTerm(window, load<u8>(input + i));
    const next = k + 8 < end ? <u64>load<u8>(k + 8) : 0;
    window = (window << 8) | next;
    k++;
  }
  return r;
}

/** Toeplitz hash of the `n` bytes at `input` (n ≤ 36) with the 40-byte key at `key`. */
export function toeplitz(key: usize, input: usize, n: u32): u32 {
  return toeplitzAt(key, 0, input, n);
}

/** RSS hash type "IPv4 with TCP/UDP" over a packet in memory: `ip` is the IPv4 header, `l4` the TCP or
 *  UDP header (ports at its offsets 0 and 2), which need not follow a 20-byte IP header directly. */
export function rssHashIPv4L4(key: usize, ip: usize, l4: usize): u32 {
  return toeplitzAt(key, 0, ip + 12, TUPLE2_BYTES) ^ toeplitzAt(key, TUPLE2_BYTES, l4, 4);
}

/** RSS hash type "IPv4 only" over the IPv4 header at `ip`. */
export function rssHashIPv4(key: usize, ip: usize): u32 {
  return toeplitzAt(key, 0, ip + 12, TUPLE2_BYTES);
}

/** Default-key hash of the IPv4 4-tuple, the tuple written at `scratch` (12 bytes) on the way. */
export function rssHashTuple4(saddr: u32, daddr: u32, sport: u16, dport: u16, scratch: usize): u32 {
  storeTuple4(scratch, saddr, daddr, sport, dport);
  return toeplitz(DEFAULT_KEY, scratch, TUPLE4_BYTES);
}

/** Default-key hash of the IPv4 2-tuple (addresses only), the tuple written at `scratch` (8 bytes). */
export function rssHashTuple2(saddr: u32, daddr: u32, scratch: usize): u32 {
  store<u32>(scratch, bswap<u32>(saddr));
  store<u32>(scratch, bswap<u32>(daddr), 4);
  return toeplitz(DEFAULT_KEY, scratch, TUPLE2_BYTES);
}
