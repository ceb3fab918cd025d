// The warm-up snapshot: the moment statistics start. The NIC asks for it when the first measured packet
// arrives from the wire; every LP then copies the counters it owns (its own rows: a CPU its CPU and step
// counters, the uncore the region counters) into a mirror of the statistics blocks, at one simulated
// time for all. The host subtracts the mirror from the final counters: what remains is exactly the
// measured interval, under either scheduler, because each LP copies only what it alone writes, at an
// event ordered like any other.
//
// Why a message and not a host-side pause: a pause would need every scheduler to stop at a time and
// resume, and the workers would have to agree on it; a message is already ordered and exact.

import { CPUS, UNCORE, DEVICE, IO_HOP, STATS_CPU, STATS_SNAP, STATS_REGION, REGIONS, STATS_STEP } from "./layout";
import { send, schedule } from "./send";
import { Msg } from "../machine/messages";
import { cpuStatAddr, globalStatSet } from "./stats";
import { CpuStat, RegionStat, GlobalStat } from "../shared/stats";
import { Step } from "../shared/steps";
import { chargeWait } from "../cpu/core";

/** Asks every LP to snapshot at `t` plus one I/O hop: the soonest the device may reach another LP. */
export function requestSnapshot(from: i32, t: i64): void {
  const at = t + IO_HOP;
  for (let lp: i32 = 0; lp < CPUS + 2; lp++) {
    if (lp == from) schedule(lp, at, Msg.SNAPSHOT, 0, 0, 0, 0);
    else send(from, lp, at, Msg.SNAPSHOT, 0, 0, 0, 0);
  }
}

@inline function mirror(p: usize): usize { return p - STATS_CPU + STATS_SNAP; }

/** LP `lp` takes its part of the snapshot at `t`. */
export function takeSnapshot(lp: i32, t: i64): void {
  if (lp < CPUS) snapshotCpu(lp, t);
  else if (lp == UNCORE) {
    const bytes = <usize>REGIONS * <usize>RegionStat.count * 8;
    memory.copy(mirror(STATS_REGION), STATS_REGION, bytes);
    globalStatSet(GlobalStat.snapshotTime, <u64>t);
  }
  // the device owns no counters in the statistics blocks (the NIC counts measured packets itself)
  else assert(lp == DEVICE);
}

function snapshotCpu(cpu: i32, t: i64): void {
  chargeWait(cpu, t); // a wait that spans the snapshot is split at it
  const row = cpuStatAddr(cpu, <CpuStat>0);
  memory.copy(mirror(row), row, <usize>CpuStat.count * 8);
  const steps = STATS_STEP + <usize>cpu * <usize>Step.count * 16;
  memory.copy(mirror(steps), steps, <usize>Step.count * 16);
}
