// The Internet checksum of IPv4 and TCP headers (RFC 791 §3.1, RFC 793 §3.1): the 16-bit one's complement
// of the one's-complement sum of the data taken as 16-bit big-endian words, an odd last byte padded on the
// right with a zero byte. A receiver sums the data with the checksum field in it and gets 0xffff
// ("negative zero") when nothing changed.
//
// Computed the way RFC 1071 §2 recommends, which suits a little-endian machine (WebAssembly memory always
// is):
//
//   - byte-order independence (§2(B)): summing the 16-bit words as they load natively gives the
//     byte-swapped sum, so the complement stored natively lands in memory in network order, and a check
//     compares with 0xffff, which is its own swap — no swap in either direction;
//   - deferred carries and parallel summation (§2(C), §2(D)): 32-bit loads go into a 64-bit accumulator
//     and the carries are folded back once at the end. A 32-bit word is two 16-bit words and 2^16 ≡ 1
//     modulo 0xffff, so the folded sum is the same. A frame's 1,514 bytes add fewer than 2^9 words of
//     under 2^32, far from overflowing 64 bits.
//
// A sum covering several pieces (TCP's pseudo-header, header and payload) chains them through `acc`;
// every piece but the last must have an even length so that the 16-bit words stay paired.

/** Adds the `len` bytes at `p` to the one's-complement sum `acc`, in native (byte-swapped) order. */
export function onesSum(p: usize, len: u32, acc: u64): u64 {
  const end = p + len;
  while (p + 4 <= end) {
    acc += load<u32>(p);
    p += 4;
  }
  if (p + 2 <= end) {
    acc += load<u16>(p);
    p += 2;
  }
  // RFC 1071 §4.1: the odd byte is the high byte of a big-endian word, so the low byte of a native one.
  if (p < end) acc += load<u8>(p);
  return acc;
}

/** Folds the carries back in (end-around carry) until the sum fits 16 bits. A non-zero sum never folds
 *  to 0, so an all-zero input is the only one that sums to +0. */
@inline export function onesFold(acc: u64): u32 {
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return <u32>acc;
}

/** The value to store natively in a checksum field, for data (with the field zero) that summed to `acc`. */
@inline export function checksumField(acc: u64): u16 {
  return <u16>~onesFold(acc);
}

/** True if data that includes its checksum field summed to `acc` — i.e. to negative zero. */
@inline export function checksumVerifies(acc: u64): bool {
  return onesFold(acc) == 0xffff;
}

/** The Internet checksum of the `len` bytes at `p`, as a number (RFC 1071 §3's example bytes
 *  00 01 f2 03 f4 f5 f6 f7 give 0x220d). For tests and for reading; the hot paths use the pieces above. */
export function internetChecksum(p: usize, len: u32): u32 {
  return <u32>bswap<u16>(checksumField(onesSum(p, len, 0)));
}
