// The traffic's documented definitions, written here again in plain TypeScript (BigInt for the 64-bit
// generator) so tests compare the module against the definition rather than against itself:
// per-packet sizes (assembly/nic/packet-size.ts) and arrival times (assembly/nic/arrivals.ts).
import type { Arrival, PacketSize } from "../../src/index.js";

const M64 = (1n << 64n) - 1n;
const M32 = (1n << 32n) - 1n;

/** xorshift64* (Vigna 2016), as sim/rng.ts: shifts 12, 25, 27, multiplier 0x2545f4914f6cdd1d. */
export class XorShift64Star {
  constructor(private state: bigint) {}
  next(): bigint {
    let x = this.state;
    x ^= x >> 12n;
    x = (x ^ (x << 25n)) & M64;
    x ^= x >> 27n;
    this.state = x;
    return (x * 0x2545f4914f6cdd1dn) & M64;
  }
}

/** The size generator's seed: traffic seed XOR the first 64 bits of frac(√2), made odd. */
export const sizeGenerator = (seed: number) => new XorShift64Star((BigInt(seed) ^ 0x6a09e667f3bcc908n) | 1n);

/** Lemire's exactly uniform draw on 0 … n−1 from the top 32 bits of each output: an output whose low
 *  product half falls below 2^32 mod n is drawn again. */
export function referenceBelow(g: XorShift64Star, n: number): number {
  const N = BigInt(n);
  const reject = (1n << 32n) % N;
  let m = (g.next() >> 32n) * N;
  while ((m & M32) < reject) m = (g.next() >> 32n) * N;
  return Number(m >> 32n);
}

/** The wire sizes (FCS included) of packets 0 … count−1 under `seed`. */
export function referenceWireSizes(p: PacketSize, seed: number, count: number): number[] {
  const g = sizeGenerator(seed);
  return Array.from({ length: count }, () => {
    if (p.kind === "fixed") return p.bytes;
    if (p.kind === "uniform") return p.min + referenceBelow(g, p.max - p.min + 1);
    const total = p.sizes.reduce((a, s) => a + s.weight, 0);
    let r = referenceBelow(g, total);
    for (const s of p.sizes) {
      if (r < s.weight) return s.bytes;
      r -= s.weight;
    }
    throw new Error("unreachable: r < total");
  });
}

/** Arrival times of the first `count` packets of on/off traffic, built period by period: within each
 *  period of on + off cycles, one packet every `gap` cycles while inside its first `on` cycles. */
export function referenceOnOffTimes(a: Extract<Arrival, { kind: "onoff" }>, count: number): number[] {
  const times: number[] = [];
  for (let start = 0; times.length < count; start += a.onCycles + a.offCycles) {
    for (let t = start; t < start + a.onCycles && times.length < count; t += a.gapCycles) times.push(t);
  }
  return times;
}
