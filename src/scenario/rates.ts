// Offered load: from the units a scenario is written in (packets per second, Gbit/s, a share of a named
// Ethernet line rate, microseconds) to what the NIC model counts in — cycles of the machine's clock.
//
// A frame on an Ethernet wire occupies its own bytes (64–1518, FCS included) plus 20 bytes of line time
// that carry no frame: 7 of preamble, 1 start-of-frame delimiter, 12 of minimum inter-frame gap (IEEE
// 802.3 clause 4). So 10 Gbit/s carries 10e9 / ((1518 + 20) × 8) = 812,743.8 frames/s of 1518 bytes and
// 10e9 / (84 × 8) = 14,880,952.4 of 64 bytes — RFC 5180 Appendix A's 812,743 and 14,880,952 (REFERENCES.md
// [P/U]; the RFC's tables truncate to whole frames).

import type { PacketSize } from "./types.js";

/** Line time per frame beyond the frame itself: preamble 7 + SFD 1 + inter-frame gap 12 bytes. */
export const WIRE_OVERHEAD_BYTES = 20;

/** The Ethernet rates a load may be a share of, in Gbit/s. */
export const LINE_RATES = { "10GbE": 10, "25GbE": 25, "40GbE": 40, "100GbE": 100 } as const;
export type LineRate = keyof typeof LINE_RATES;
export const LINE_RATE_NAMES = Object.keys(LINE_RATES) as [LineRate, ...LineRate[]];

/** A load as a scenario gives it (schema.ts checks the numbers). */
export type Load = { pps: number } | { gbps: number } | { lineRate: LineRate; percent?: number };

/** The mean frame size in bytes: a uniform size's midpoint, a mix's weighted mean. */
export function meanFrameBytes(size: PacketSize): number {
  switch (size.kind) {
    case "fixed":
      return size.bytes;
    case "uniform":
      return (size.min + size.max) / 2;
    case "mix": {
      const total = size.sizes.reduce((s, x) => s + x.weight, 0);
      return size.sizes.reduce((s, x) => s + x.bytes * x.weight, 0) / total;
    }
  }
}

/** Frames per second that fill `gbps` of line with frames of `meanBytes` (not rounded). */
export function framesPerSecond(gbps: number, meanBytes: number): number {
  return (gbps * 1e9) / ((meanBytes + WIRE_OVERHEAD_BYTES) * 8);
}

/** The load in packets per second (not rounded): a line rate's share is a bit rate, which the frames'
 *  mean size turns into frames. */
export function packetsPerSecond(load: Load, meanBytes: number): number {
  if ("pps" in load) return load.pps;
  const gbps = "gbps" in load ? load.gbps : (LINE_RATES[load.lineRate] * (load.percent ?? 100)) / 100;
  return framesPerSecond(gbps, meanBytes);
}

/** Cycles between packets at `pps`, rounded to the nearest cycle (0 when the rate exceeds one packet
 *  per cycle: the caller refuses it, since a gap of 1 would silently offer less than asked). */
export function gapCycles(pps: number, clockGHz: number): number {
  return Math.round((clockGHz * 1e9) / pps);
}

/** Microseconds as whole cycles of the clock. */
export function usToCycles(us: number, clockGHz: number): number {
  return Math.round(us * clockGHz * 1000);
}
