// The traffic model: when packets arrive from the wire, how many, which flow each belongs to, and where
// the measured part of the run begins.
//
// - Arrival index. Packets are numbered 0, 1, 2, … in the order they arrive, across all flows. The index
//   goes into the packet's slot record (NicSlot.seq), beside its arrival time.
// - Arrival times. Packet 0 arrives at cycle 0. Then, by NicCfg.gapKind:
//     constant  packet n at n·gap.
//     poisson   exponentially distributed gaps with mean `gap`, drawn by inversion, −gap · ln U with U
//               uniform in (0, 1], from a seeded xorshift64* generator (sim/rng.ts) kept in the NIC's
//               state, and rounded to whole cycles (so two packets may arrive in the same cycle). The
//               natural logarithm is AssemblyScript's own (a software port of musl's log, compiled into
//               the module), so every instance on every thread computes the same gaps.
//     onoff     bursts. Each period of on + off cycles begins with a burst of B = ⌈on / gap⌉ packets,
//               `gap` apart — every arrival time of the burst lies inside its `on` cycles — and then
//               nothing until the next period. Packet n arrives at
//                   ⌊n / B⌋ · (on + off) + (n mod B) · gap
//               so with on 1000, off 4000, gap 300 the times are 0 300 600 900, 5000 5300 5600 5900,
//               10000 …; with off 0 the bursts simply follow each other (the gap from a burst's last
//               packet to the next burst's first may then be shorter than `gap`).
// - Run length. Either a number of packets (packets 0 … packets − 1 arrive) or a time: no packet arrives
//   at or after `until` (NicCfg.limitKind).
// - Warm-up. Packets with an index below warmupPackets warm the caches and rings and are not measured.
//   When packet warmupPackets arrives — the first measured one — the NIC records its arrival time and
//   asks for a statistics snapshot at that time (sim/snapshot.ts) before it handles the packet, so the
//   measured interval starts with it. Per-queue counters of measured packets sit beside the totals.
// - Flows. Packets go to the flows in turn, round-robin: packet n belongs to flow n mod flows. That makes
//   each flow's share exact and its packets evenly spaced, so a test (or a reader) can say in advance
//   which packet is where; random choice would add nothing the inter-arrival times do not.
// - Each flow is a byte stream: a packet carries the next payload bytes of its flow, as many as its own
//   length allows (nic/packet-size.ts), its TCP sequence number is their stream offset and its IPv4
//   identification the flow's packet count (nic/packet.ts). A packet the NIC drops still used its stream
//   bytes, as a lost segment does, so the application sees the gap.
//
// The gap generator is seeded from the traffic seed mixed with a constant, so the gaps are unrelated to
// the payload bytes, which use the seed itself (nic/payload.ts), and to the sizes (packet-size.ts).

import { DEVICE } from "../sim/layout";
import { schedule } from "../sim/send";
import { rngNext } from "../sim/rng";
import { requestSnapshot } from "../sim/snapshot";
import { Msg } from "../machine/messages";
import { NicCfg, NicGlobal, NicGap, NicLimit } from "../shared/nic";
import { cfg, globalAt, globalGet, globalSet, trafficSeed } from "./nic-state";
import { packetSizesStart } from "./packet-size";

/** Seeds the generators and schedules packet 0 (at cycle 0), if there is one. */
export function arrivalsStart(): void {
  globalSet(NicGlobal.arrivals, 0);
  globalSet(NicGlobal.firstMeasuredAt, <u64>-1);
  // xorshift64* needs a non-zero state; the constant is 2^64 / φ, SplitMix64's increment
  globalSet(NicGlobal.rng, (trafficSeed() ^ 0x9e3779b97f4a7c15) | 1);
  packetSizesStart(trafficSeed());
  if (arrives(0, 0)) schedule(DEVICE, 0, Msg.NIC_ARRIVAL, 0, 0, 0, 0);
}

/** A packet arrives at `t`: numbers it, schedules the one after, and opens the measured interval if it
 *  is the first measured packet. Returns its arrival index. */
export function nextArrival(t: i64): u64 {
  const n = globalGet(NicGlobal.arrivals);
  globalSet(NicGlobal.arrivals, n + 1);
  const after = nextTime(n, t);
  if (arrives(n + 1, after)) schedule(DEVICE, after, Msg.NIC_ARRIVAL, 0, 0, 0, 0);
  if (n == <u64>cfg(NicCfg.warmupPackets)) {
    globalSet(NicGlobal.firstMeasuredAt, <u64>t);
    requestSnapshot(DEVICE, t);
  }
  return n;
}

/** The flow of packet `n`: round-robin. */
export function flowOf(n: u64): u32 {
  return <u32>(n % <u64>cfg(NicCfg.flows));
}

/** Whether packet `n`, due at `t`, is part of the run. */
function arrives(n: u64, t: i64): bool {
  if (cfg(NicCfg.limitKind) == NicLimit.packets) return n < <u64>cfg(NicCfg.packets);
  return t < <i64>((<u64>cfg(NicCfg.untilHi) << 32) | <u64>cfg(NicCfg.untilLo));
}

/** When packet n + 1 arrives, packet `n` having arrived at `t`. */
function nextTime(n: u64, t: i64): i64 {
  const kind = cfg(NicCfg.gapKind);
  const gap = <u64>cfg(NicCfg.gapCycles);
  if (kind == NicGap.constant) return t + <i64>gap;
  if (kind == NicGap.poisson) return t + poissonGap(gap);
  const on = <u64>cfg(NicCfg.onCycles);
  const burst = (on + gap - 1) / gap;
  const m = n + 1;
  return <i64>((m / burst) * (on + <u64>cfg(NicCfg.offCycles)) + (m % burst) * gap);
}

/** An exponentially distributed gap of mean `mean` cycles, rounded to a whole cycle. */
function poissonGap(mean: u64): i64 {
  // U in (0, 1]: the top 53 bits of the generator's output, plus one, over 2^53
  const x = rngNext(globalAt(NicGlobal.rng));
  const u = <f64>((x >> 11) + 1) * (1.0 / 9007199254740992.0);
  return <i64>Math.floor(-<f64>mean * Math.log(u) + 0.5);
}
