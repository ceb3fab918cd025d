// The traffic model: when packets arrive from the wire and which flow each belongs to.
//
// - Arrival times. Packet 0 arrives at cycle 0; the gap to the next is either constant or, for Poisson
//   arrivals, exponentially distributed with the configured mean — drawn by inversion, gap =
//   −mean · ln U with U uniform in (0, 1], from a seeded xorshift64* generator (sim/rng.ts) kept in the
//   NIC's state, and rounded to whole cycles (so two packets may arrive in the same cycle). The natural
//   logarithm is AssemblyScript's own (a software port of musl's log, compiled into the module), so
//   every instance on every thread computes the same gaps.
// - Flows. Packets go to the flows in turn, round-robin: packet k belongs to flow k mod flows. That
//   makes each flow's share exact and its packets evenly spaced, so a test (or a reader) can say in
//   advance which packet is where; random choice would add nothing the inter-arrival times do not.
// - Each flow is a byte stream: a packet carries the next payload bytes of its flow, its TCP sequence
//   number is their stream offset and its IPv4 identification the flow's packet count (nic/packet.ts).
//   A packet the NIC drops still used its stream bytes, as a lost segment does, so the application
//   sees the gap.
//
// The generator is seeded from the traffic seed mixed with a constant, so the gaps are unrelated to the
// payload bytes, which use the seed itself (nic/payload.ts).

import { DEVICE } from "../sim/layout";
import { schedule } from "../sim/send";
import { rngNext } from "../sim/rng";
import { Msg } from "../machine/messages";
import { NicCfg, NicGlobal, NicGap } from "../shared/nic";
import { cfg, globalAt, globalGet, globalSet } from "./nic-state";

/** The traffic seed (u64). */
export function trafficSeed(): u64 {
  return (<u64>cfg(NicCfg.seedHi) << 32) | <u64>cfg(NicCfg.seedLo);
}

/** Seeds the generator and schedules packet 0 (at cycle 0), if there is one. */
export function arrivalsStart(): void {
  globalSet(NicGlobal.arrivals, 0);
  // xorshift64* needs a non-zero state; the constant is 2^64 / φ, SplitMix64's increment
  globalSet(NicGlobal.rng, (trafficSeed() ^ 0x9e3779b97f4a7c15) | 1);
  if (cfg(NicCfg.packets) > 0) schedule(DEVICE, 0, Msg.NIC_ARRIVAL, 0, 0, 0, 0);
}

/** Counts packet `n` as arrived at `t`, schedules the next one, and returns `n`'s flow. */
export function nextArrival(t: i64): u32 {
  const n = <u32>globalGet(NicGlobal.arrivals);
  globalSet(NicGlobal.arrivals, <u64>(n + 1));
  if (n + 1 < cfg(NicCfg.packets)) schedule(DEVICE, t + gap(), Msg.NIC_ARRIVAL, 0, 0, 0, 0);
  return n % cfg(NicCfg.flows);
}

/** Cycles to the next arrival. */
function gap(): i64 {
  const mean = cfg(NicCfg.gapCycles);
  if (cfg(NicCfg.gapKind) == NicGap.constant) return <i64>mean;
  // U in (0, 1]: the top 53 bits of the generator's output, plus one, over 2^53
  const x = rngNext(globalAt(NicGlobal.rng));
  const u = <f64>((x >> 11) + 1) * (1.0 / 9007199254740992.0);
  return <i64>Math.floor(-<f64>mean * Math.log(u) + 0.5);
}
