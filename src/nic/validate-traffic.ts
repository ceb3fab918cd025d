// Checks `nic.traffic`, the workload the NIC receives: packet sizes, arrivals, run length, warm-up and
// seed. Every refusal names its JSON path (`nic.traffic.packetSize.max`, `nic.traffic.arrival.kind`, …).
// The module trusts what passes: a size outside 64–1518 would build a frame its staging area cannot hold,
// a zero weight would make a mix entry unreachable in a way nobody asked for, and a zero gap in a run given
// in time would deliver packets forever at one instant.

import { WIRE_MIN, WIRE_MAX, FCS_BYTES, wireSizeRange, type TrafficSpec, type PacketSize, type Arrival } from "./config.js";
import { type Bad, isInt, isObject, intIn, U32 } from "./checks.js";

const AT = "nic.traffic";

/** Checks the traffic; returns the largest frame its sizes can draw in buffer bytes (no FCS), or null if
 *  the sizes are not valid. */
export function checkTraffic(t: TrafficSpec | undefined, bad: Bad): number | null {
  if (!isObject(t)) {
    bad(AT, "is required ({ packetSize, arrival, packets or untilCycles, warmupPackets, seed })");
    return null;
  }
  const sizesOk = checkPacketSize(t.packetSize, `${AT}.packetSize`, bad);
  const byTime = checkRunLength(t, bad);
  if (checkArrival(t.arrival, byTime, `${AT}.arrival`, bad) && !byTime) checkLastArrival(t, bad);
  intIn(t.seed, 0, Number.MAX_SAFE_INTEGER, `${AT}.seed`, bad);
  return sizesOk ? wireSizeRange(t.packetSize).max - FCS_BYTES : null;
}

/** A frame size on the wire, FCS included. */
function wireSize(v: unknown, path: string, bad: Bad): boolean {
  if (isInt(v) && v >= WIRE_MIN && v <= WIRE_MAX) return true;
  bad(path, `must be an integer in [${WIRE_MIN}, ${WIRE_MAX}]: bytes on the wire, FCS included (got ${JSON.stringify(v)})`);
  return false;
}

function checkPacketSize(p: PacketSize | undefined, at: string, bad: Bad): boolean {
  if (p?.kind === "fixed") return wireSize(p.bytes, `${at}.bytes`, bad);
  if (p?.kind === "uniform") {
    const ok = [wireSize(p.min, `${at}.min`, bad), wireSize(p.max, `${at}.max`, bad)].every(Boolean);
    if (ok && p.min > p.max) bad(`${at}.max`, `must be at least min (${p.min}) (got ${p.max})`);
    return ok && p.min <= p.max;
  }
  if (p?.kind === "mix") return checkMix(p.sizes, `${at}.sizes`, bad);
  bad(`${at}.kind`, `must be "fixed" (with bytes), "uniform" (with min and max) or "mix" (with sizes) (got ${JSON.stringify((p as { kind?: unknown } | undefined)?.kind)})`);
  return false;
}

/** A weighted mix: at least one entry, each a wire size with a positive integer weight, weights summing
 *  to a u32 (the module draws below the total). */
function checkMix(sizes: { bytes: number; weight: number }[] | undefined, at: string, bad: Bad): boolean {
  if (!Array.isArray(sizes) || sizes.length === 0) {
    bad(at, `must be a non-empty list of { bytes, weight } (got ${JSON.stringify(sizes)})`);
    return false;
  }
  let ok = true;
  sizes.forEach((s, i) => {
    if (!wireSize(s?.bytes, `${at}[${i}].bytes`, bad)) ok = false;
    if (!isInt(s?.weight) || s.weight < 1) {
      bad(`${at}[${i}].weight`, `must be a positive integer (got ${JSON.stringify(s?.weight)})`);
      ok = false;
    }
  });
  const total = sizes.reduce((a, s) => a + (isInt(s?.weight) ? s.weight : 0), 0);
  if (ok && total > U32) {
    bad(at, `weights must sum to at most ${U32} (got ${total})`);
    ok = false;
  }
  return ok;
}

/** Exactly one of packets and untilCycles, and a warm-up that leaves at least one packet to measure.
 *  Returns whether the run is given in time. */
function checkRunLength(t: TrafficSpec, bad: Bad): boolean {
  const hasPackets = t.packets !== undefined && t.packets !== null;
  const hasUntil = t.untilCycles !== undefined && t.untilCycles !== null;
  if (hasPackets && hasUntil) bad(`${AT}.untilCycles`, "cannot be given with packets: a run's length is either a packet count or a time");
  if (!hasPackets && !hasUntil) bad(AT, "needs packets (how many are offered) or untilCycles (when arrivals stop)");
  const packetsOk = hasPackets && intIn(t.packets, 0, U32, `${AT}.packets`, bad);
  if (hasUntil) intIn(t.untilCycles, 0, Number.MAX_SAFE_INTEGER, `${AT}.untilCycles`, bad);
  const warmup = t.warmupPackets ?? 0;
  const warmupOk = intIn(warmup, 0, U32, `${AT}.warmupPackets`, bad);
  const packets = t.packets as number;
  // packets 0 offers nothing, so nothing is measured either; otherwise one packet at least must be
  if (packetsOk && warmupOk && warmup >= packets && !(packets === 0 && warmup === 0))
    bad(`${AT}.warmupPackets`, `must be less than packets (${packets}), so that some packet is measured (got ${warmup})`);
  return hasUntil && !hasPackets;
}

function checkArrival(a: Arrival | undefined, byTime: boolean, at: string, bad: Bad): boolean {
  if (a?.kind === "constant") {
    if (byTime && a.gapCycles === 0) {
      bad(`${at}.gapCycles`, "must be at least 1 in a run given by untilCycles: a gap of 0 would bring packets forever at cycle 0");
      return false;
    }
    return intIn(a.gapCycles, 0, U32, `${at}.gapCycles`, bad);
  }
  if (a?.kind === "poisson") return intIn(a.meanGapCycles, 1, U32, `${at}.meanGapCycles`, bad);
  if (a?.kind === "onoff") {
    return [
      intIn(a.gapCycles, 1, U32, `${at}.gapCycles`, bad),
      intIn(a.onCycles, 1, U32, `${at}.onCycles`, bad),
      intIn(a.offCycles, 0, U32, `${at}.offCycles`, bad),
    ].every(Boolean);
  }
  bad(`${at}.kind`, `must be "constant" (with gapCycles), "poisson" (with meanGapCycles) or "onoff" (with gapCycles, onCycles, offCycles) (got ${JSON.stringify((a as { kind?: unknown } | undefined)?.kind)})`);
  return false;
}

/** The last packet's arrival time must be a safe integer: the module keeps times in an i64 and the host
 *  reads them as numbers. Poisson gaps are random; twice their expected sum is exceeded with negligible
 *  probability. */
function checkLastArrival(t: TrafficSpec, bad: Bad): void {
  if (!isInt(t.packets) || t.packets < 1) return;
  const a = t.arrival, last = t.packets - 1;
  let time: number;
  if (a.kind === "constant") time = last * a.gapCycles;
  else if (a.kind === "poisson") time = 2 * last * a.meanGapCycles;
  else {
    const burst = Math.ceil(a.onCycles / a.gapCycles);
    time = Math.floor(last / burst) * (a.onCycles + a.offCycles) + (last % burst) * a.gapCycles;
  }
  if (time > Number.MAX_SAFE_INTEGER) bad(`${AT}.packets`, `too many for the arrival rate: the last would arrive after 2^53 cycles (about ${time})`);
}
