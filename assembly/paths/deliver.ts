// What the application does with the bytes it copied: the end-to-end check (nic/packet-check.ts) and the
// measurements. Every packet is checked, warm-up or not, so the stream's expected offset follows every
// segment; only measured packets (arrival index ≥ warmupPackets) are counted and timed. These are the
// simulator's instruments: they read the buffer directly (its lines were just copied through the caches,
// and its bytes cannot change before the skb is freed) and write host-only counters.

import { checkPacket, framePayloadBytes, PacketStatus } from "../nic/packet-check";
import { flow, trafficSeed } from "../nic/nic-state";
import { NetCfg, NetFlow, NetStat, LAT_SUB_BITS, LAT_SUB, LAT_BUCKETS, LAT_AT } from "../shared/net";
import { fget, ftime, F_DATA, F_LEN, F_FLOW, F_SEQ } from "./frame";
import { netCfg, flowRec, netStats, netStatAdd } from "./net-config";
import { TCP_START, ntohl } from "../nic/packet";

/** The application on `cpu` finished copying the packet in the frame at `t`. */
export function deliver(cpu: i32, sl: usize, t: i64): void {
  const f = fget(sl, F_FLOW);
  const frame = <usize>fget(sl, F_DATA);
  const expectedAt = flowRec(f) + <usize>NetFlow.expected;
  const expected = load<u32>(expectedAt);
  let status = checkPacket(frame, fget(sl, F_LEN), flow(f), f, expected, trafficSeed());
  const measured = fget(sl, F_SEQ) >= netCfg(NetCfg.warmupPackets);
  if (status == PacketStatus.OUT_OF_ORDER) {
    const seq = ntohl(load<u32>(frame + TCP_START + 4));
    // a segment beyond the expected offset follows a dropped one (counted where it was dropped; TCP would
    // retransmit it): check this one at its own offset. One behind it came twice or out of order.
    if (<i32>(seq - expected) > 0) status = checkPacket(frame, fget(sl, F_LEN), flow(f), f, seq, trafficSeed());
    else status = PacketStatus.OUT_OF_ORDER;
    // resynchronise on the segment, so one reordering counts once, not for the rest of the stream
    store<u32>(expectedAt, seq + framePayloadBytes(frame));
  } else if (status == PacketStatus.OK) store<u32>(expectedAt, expected + framePayloadBytes(frame));
  if (!measured) return;
  if (status == PacketStatus.OUT_OF_ORDER) netStatAdd(cpu, NetStat.orderErrors);
  else if (status != PacketStatus.OK) netStatAdd(cpu, NetStat.payloadErrors);
  netStatAdd(cpu, NetStat.delivered);
  record(cpu, <u64>(t - ftime(sl)));
}

/** Into the latency histogram: values below LAT_SUB exactly, above with LAT_SUB buckets per power of two. */
function record(cpu: i32, latency: u64): void {
  const maxAt = netStats(cpu) + (<usize>NetStat.latencyMax << 3);
  if (latency > load<u64>(maxAt)) store<u64>(maxAt, latency);
  let b: u32;
  if (latency < <u64>LAT_SUB) b = <u32>latency;
  else {
    const top = 63 - <u32>clz(latency); // ≥ LAT_SUB_BITS
    const sub = <u32>(latency >> (top - LAT_SUB_BITS)) & (LAT_SUB - 1);
    b = (top - LAT_SUB_BITS + 1) * LAT_SUB + sub;
  }
  if (b >= LAT_BUCKETS) b = LAT_BUCKETS - 1;
  const p = netStats(cpu) + <usize>LAT_AT + (<usize>b << 2);
  store<u32>(p, load<u32>(p) + 1);
}
