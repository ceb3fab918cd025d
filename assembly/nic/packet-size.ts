// Each packet's length, drawn when it arrives. The workload states sizes as Ethernet counts them, FCS
// included (64–1518); the host subtracts the 4-byte FCS, so everything here is the frame as the buffer
// holds it (60–1514, nic/packet.ts), and the payload is that less the 54 bytes of headers.
//
//   fixed    sizeMin, every packet; the generator is not touched
//   uniform  sizeMin + below(sizeMax − sizeMin + 1): each length equally likely
//   mix      r = below(W), W the total weight; the first table entry whose running weight exceeds r
//            (entry e is chosen for weight[e] of the W values of r)
//
// below(n) is exactly uniform on 0 … n−1 (Lemire, "Fast random integer generation in an interval", ACM
// TOMACS 2019): take the top 32 bits x of a xorshift64* output (sim/rng.ts; its high bits are the good
// ones), m = x·n; the answer is m >> 32 unless the low half of m falls below 2^32 mod n, in which case x is
// one of the 2^32 mod n values that would over-represent some answers, and is drawn again.
//
// The generator has its own state (NicGlobal.sizeRng), seeded from the traffic seed with its own constant,
// and is drawn once per packet in arrival order, dropped packets included: packet k's length is a
// function of the seed and k alone, whatever the rings, the gaps or the schedulers do.

import { rngNext } from "../sim/rng";
import { NicCfg, NicGlobal, NicSize, NicSizeEntry, NIC_SIZE_ENTRY_BYTES } from "../shared/nic";
import { cfg, globalAt, globalSet } from "./nic-state";

/** Mixed into the seed for the size generator: the first 64 bits of the fractional part of √2 (SHA-512's
 *  first initial hash word), a constant unrelated to the gap generator's (arrivals.ts), so that the two
 *  sequences are too. */
const SIZE_SEED_MIX: u64 = 0x6a09e667f3bcc908;

/** Seeds the size generator from the traffic seed (xorshift64* needs a non-zero state). */
export function packetSizesStart(seed: u64): void {
  globalSet(NicGlobal.sizeRng, (seed ^ SIZE_SEED_MIX) | 1);
}

/** The next packet's frame length in the buffer (no FCS). */
export function nextFrameBytes(): u32 {
  const kind = cfg(NicCfg.sizeKind);
  const min = cfg(NicCfg.sizeMin);
  if (kind == NicSize.fixed) return min;
  if (kind == NicSize.uniform) return min + below(cfg(NicCfg.sizeMax) - min + 1);
  return mixEntry(below(mixTotal()));
}

/** Uniform on 0 … n−1 from the size generator. */
@inline function below(n: u32): u32 {
  return uniformBelow(globalAt(NicGlobal.sizeRng), n);
}

/** Uniform on 0 … n−1, 1 ≤ n < 2^32, with no bias (see above), from the xorshift64* state at `p`. */
export function uniformBelow(p: usize, n: u32): u32 {
  let m = (rngNext(p) >> 32) * <u64>n;
  if (<u32>m < n) {
    const reject = (<u32>0 - n) % n; // 2^32 mod n
    while (<u32>m < reject) m = (rngNext(p) >> 32) * <u64>n;
  }
  return <u32>(m >> 32);
}

@inline function entry(e: u32): usize {
  return <usize>cfg(NicCfg.sizesAt) + <usize>e * NIC_SIZE_ENTRY_BYTES;
}

/** The mix's total weight: the last entry's running sum. */
@inline function mixTotal(): u32 {
  return load<u32>(entry(cfg(NicCfg.sizeEntries) - 1) + NicSizeEntry.cumWeight);
}

/** The frame length of the first entry whose running weight exceeds `r` (binary search). */
function mixEntry(r: u32): u32 {
  let lo: u32 = 0;
  let hi = cfg(NicCfg.sizeEntries) - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (load<u32>(entry(mid) + NicSizeEntry.cumWeight) > r) hi = mid;
    else lo = mid + 1;
  }
  return load<u32>(entry(lo) + NicSizeEntry.frameBytes);
}
