// The bytes a flow carries: a pure function of (seed, flow, stream offset), so the NIC can write any
// segment of any flow without remembering what it sent, and the application can check any byte it
// receives without being told what to expect.
//
// The stream is cut into 8-byte words. Word k of flow f under `seed` is output number f·2^32 + k + 1 of
// the SplitMix64 generator seeded with `seed` (Steele, Lea and Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014; constants from Vigna's splitmix64.c):
//
//   word(seed, f, k) = mix(seed + γ·(f·2^32 + k + 1))          γ = 0x9e3779b97f4a7c15 (mod 2^64)
//   mix(z):  z = (z ^ z >> 30) · 0xbf58476d1ce4e5b9
//            z = (z ^ z >> 27) · 0x94d049bb133111eb
//            return z ^ z >> 31
//
//   byte(seed, f, o) = bits 8·(o & 7) … 8·(o & 7) + 7 of word(seed, f, o >> 3)    (little-endian)
//
// so flow 0 under seed 0 begins with SplitMix64's first output from seed 0, 0xe220a8397b1dcdaf, as
// bytes af cd 1d 7b 39 a8 20 e2. `mix` is a bijection and γ is odd, so distinct (f, k) under one seed
// give distinct inputs to it, and the words of different flows are unrelated. The offset is the TCP
// sequence number (packet.ts), a u32 that wraps; 2^32 is a multiple of 8, so a word never straddles the
// wrap and the stream simply starts again.
//
// A segment's start is rarely word-aligned (1,460 is not a multiple of 8), so fill and check take single
// bytes up to the first word boundary, then whole words, then the tail.

const GAMMA: u64 = 0x9e3779b97f4a7c15;

/** Word k (covering stream offsets 8k … 8k+7) of flow `flow` under `seed`. */
@inline export function payloadWord(seed: u64, flow: u32, k: u32): u64 {
  let z = seed + GAMMA * (((<u64>flow << 32) | <u64>k) + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

/** The byte at stream offset `offset` of flow `flow` under `seed`. */
export function payloadByte(seed: u64, flow: u32, offset: u32): u32 {
  return <u32>(payloadWord(seed, flow, offset >> 3) >> ((<u64>offset & 7) << 3)) & 0xff;
}

/** Writes stream offsets `offset` … `offset + n − 1` of the flow at `p`. */
export function fillPayload(p: usize, n: u32, seed: u64, flow: u32, offset: u32): void {
  let i: u32 = 0;
  for (; i < n && ((offset + i) & 7) != 0; i++) store<u8>(p + i, payloadByte(seed, flow, offset + i));
  for (; i + 8 <= n; i += 8) store<u64>(p + i, payloadWord(seed, flow, (offset + i) >> 3));
  for (; i < n; i++) store<u8>(p + i, payloadByte(seed, flow, offset + i));
}

/** Index (from `p`) of the first of the `n` bytes at `p` that differs from the flow's stream from
 *  `offset`, or -1 if all are right. */
export function firstWrongPayloadByte(p: usize, n: u32, seed: u64, flow: u32, offset: u32): i32 {
  let i: u32 = 0;
  for (; i < n && ((offset + i) & 7) != 0; i++) {
    if (<u32>load<u8>(p + i) != payloadByte(seed, flow, offset + i)) return <i32>i;
  }
  for (; i + 8 <= n; i += 8) {
    const diff = load<u64>(p + i) ^ payloadWord(seed, flow, (offset + i) >> 3);
    // little-endian: the lowest differing byte of the word is the first wrong one in memory
    if (diff != 0) return <i32>(i + (<u32>ctz(diff) >> 3));
  }
  for (; i < n; i++) {
    if (<u32>load<u8>(p + i) != payloadByte(seed, flow, offset + i)) return <i32>i;
  }
  return -1;
}
