// RPS and RFS: software steering (net/core/dev.c: get_rps_cpu, enqueue_to_backlog, process_backlog;
// Documentation/networking/scaling.rst). On the IRQ CPU, after the driver built the skb, the target CPU
// is chosen — RFS: the CPU recorded for the flow in the global sock flow table, which recvmsg writes
// (rps_record_sock_flow); RPS: the flow hash over the rps_cpus map — and the skb is queued on that CPU's
// backlog under its lock. The first packet to find the backlog's NAPI unscheduled schedules it and owes
// the target an IPI, sent when this softirq ends (net_rps_send_ipi). With RPS on, Linux queues to the
// backlog even when the target is this CPU. A full backlog (netdev_max_backlog) drops the packet.
// aRFS: when the flow's desired CPU has its own queue and the NIC does not steer the flow there yet, the
// driver programs the NIC (ndo_rx_flow_steer, here an MMIO write) and records it in the flow's entry.
//
// On the target, the backlog's NAPI splices the input queue into its private process queue in one locked
// step (skb_queue_splice_tail_init) and then runs each skb up the stack.

import { queueLoad, queueStore, queueCompute, queueOp, queueScan } from "../cpu/kernel/emit-op";
import { reg, NO_REG } from "../cpu/kernel/state";
import { OP_MMIO } from "../cpu/ops";
import { Step } from "../shared/steps";
import { NicReg } from "../shared/nic";
import { LINE_BYTES } from "../sim/layout";
import {
  NetCfg, NetCost, NetFlow, NetCpu, NetPriv, NetStat, NET_RFS, NET_ARFS, NET_NONE, BL_LOCK, BL_HEAD, BL_SCHED, BACKLOG_HEAD_BYTES, BACKLOG_BIT, PQ_MAX,
} from "../shared/net";
import { fget, fset, call, F_FLOW, F_SKB, F_TARGET, F_VAL, F_N, F_SEQ } from "./frame";
import { netCfg, cost, hasFlag, flowGet, cpuGet, privGet, privSet, privAt, netStatAdd } from "./net-config";
import { lockThen, queueUnlock } from "./lock";
import { queueSkbLoads, unpackSkb } from "./skb";
import {
  PH_RPS_GET, PH_RPS_ARFS, PH_BL_ENQ_PEEK, PH_BL_ENQ_PUT, PH_BL_TAKE, PH_BL_SPLICE, PH_BL_SKB, PH_ETH_IP,
  PH_SKB_FREE, PH_NETRX_NEXT_PKT, PH_NETRX_POLL_END,
} from "./phases";

const R0: u32 = 0;
const R1: u32 = 1;
const R2: u32 = 2;

@inline function backlog(cpu: u32): u32 {
  const slots = netCfg(NetCfg.backlogSlots);
  return netCfg(NetCfg.backlogBase) + cpu * (BACKLOG_HEAD_BYTES + slots * 4);
}
@inline function backlogSlot(cpu: u32, i: u32): u32 {
  return backlog(cpu) + BACKLOG_HEAD_BYTES + (i & (netCfg(NetCfg.backlogSlots) - 1)) * 4;
}

export function rpsStep(phase: u32): u32 {
  return phase >= PH_BL_TAKE ? Step.backlogDequeue : Step.rpsEnqueue;
}

/** Where the backlog NAPI of this CPU goes on: its process queue, or a new splice. */
export function backlogPoll(cpu: i32, sl: usize): u32 {
  if (privGet(cpu, NetPriv.pqNext) < privGet(cpu, NetPriv.pqCount)) return PH_BL_SKB;
  return lockThen(sl, backlog(<u32>cpu) + BL_LOCK, Step.backlogDequeue, PH_BL_TAKE);
}

export function rpsBegin(cpu: i32, sl: usize, phase: u32): void {
  const f = fget(sl, F_FLOW);
  const target = fget(sl, F_TARGET);
  switch (phase) {
    case PH_RPS_GET:
      queueLoad(sl, netCfg(NetCfg.rpsMapBase), 8, R1);
      if (hasFlag(NET_RFS)) queueLoad(sl, netCfg(NetCfg.rpsFlowBase) + flowGet(f, NetFlow.rfsIndex) * 4, 4, R0);
      if (hasFlag(NET_ARFS)) queueLoad(sl, netCfg(NetCfg.rpsDevFlowBase) + f * 4, 4, R2);
      queueCompute(sl, cost(NetCost.rpsEnqueue));
      break;
    case PH_RPS_ARFS:
      queueOp(sl, OP_MMIO, 0, NicReg.arfsSet | (f << 16), 0, <u64>fget(sl, F_VAL), NO_REG);
      queueStore(sl, netCfg(NetCfg.rpsDevFlowBase) + f * 4, 4, <u64>(fget(sl, F_VAL) + 1));
      break;
    case PH_BL_ENQ_PEEK:
      queueLoad(sl, backlog(target) + BL_HEAD, 8, R0);
      queueLoad(sl, backlog(target) + BL_SCHED, 4, R1);
      break;
    case PH_BL_ENQ_PUT:
      enqueueToBacklog(cpu, sl, target);
      break;
    case PH_BL_TAKE:
      queueLoad(sl, backlog(<u32>cpu) + BL_HEAD, 8, R0);
      break;
    case PH_BL_SPLICE:
      splice(cpu, sl);
      break;
    default: { // PH_BL_SKB
      const n = privGet(cpu, NetPriv.pqNext);
      const skb = load<u32>(privAt(cpu, NetPriv.pqIds) + (<usize>n << 2));
      privSet(cpu, NetPriv.pqNext, n + 1);
      fset(sl, F_SKB, skb);
      queueSkbLoads(sl);
      queueCompute(sl, cost(NetCost.backlogDequeue));
    }
  }
}

export function rpsEnd(cpu: i32, sl: usize, phase: u32): u32 {
  switch (phase) {
    case PH_RPS_GET: return chooseTarget(sl);
    case PH_RPS_ARFS: return lockBacklog(sl);
    case PH_BL_ENQ_PEEK: {
      const v = reg(sl, R0);
      const full = <u32>(v >> 32) - <u32>v >= cost(NetCost.netdevMaxBacklog);
      fset(sl, F_VAL, full ? 2 : <u32>reg(sl, R1)); // 2 = drop; else the SCHED flag
      return PH_BL_ENQ_PUT;
    }
    case PH_BL_ENQ_PUT: return afterEnqueue(cpu, sl);
    case PH_BL_TAKE:
      fset(sl, F_VAL, <u32>reg(sl, R0));
      fset(sl, F_N, <u32>(reg(sl, R0) >> 32));
      return PH_BL_SPLICE;
    case PH_BL_SPLICE:
      if (privGet(cpu, NetPriv.pqCount) != 0) return PH_BL_SKB;
      fset(sl, F_VAL, 1); // the input queue was empty: the backlog NAPI completes
      privSet(cpu, NetPriv.pollList, privGet(cpu, NetPriv.pollList) & ~(1 << BACKLOG_BIT));
      return PH_NETRX_POLL_END;
    default:
      unpackSkb(sl);
      return PH_ETH_IP;
  }
}

/** RFS's recorded CPU if there is one, else RPS's hash over the map; then aRFS's NIC programming. */
function chooseTarget(sl: usize): u32 {
  const f = fget(sl, F_FLOW);
  const recorded = <u32>reg(sl, R0);
  let target: u32;
  if (hasFlag(NET_RFS) && recorded != 0) target = recorded - 1;
  else {
    const n = netCfg(NetCfg.rpsCpuCount);
    target = load<u8>(netCfg(NetCfg.rpsMapBase) + flowGet(f, NetFlow.hash) % n);
  }
  fset(sl, F_TARGET, target);
  if (hasFlag(NET_ARFS)) {
    const q = cpuGet(<i32>target, NetCpu.queue);
    if (q != NET_NONE && <u32>reg(sl, R2) != q + 1) {
      fset(sl, F_VAL, q);
      return PH_RPS_ARFS;
    }
  }
  return lockBacklog(sl);
}

@inline function lockBacklog(sl: usize): u32 {
  return lockThen(sl, backlog(fget(sl, F_TARGET)) + BL_LOCK, Step.rpsEnqueue, PH_BL_ENQ_PEEK);
}

function enqueueToBacklog(cpu: i32, sl: usize, target: u32): void {
  const v = reg(sl, R0);
  if (fget(sl, F_VAL) != 2) {
    const tail = <u32>(v >> 32);
    queueStore(sl, backlogSlot(target, tail), 4, <u64>fget(sl, F_SKB));
    queueStore(sl, backlog(target) + BL_HEAD + 4, 4, <u64>(tail + 1));
    if (fget(sl, F_VAL) == 0) queueStore(sl, backlog(target) + BL_SCHED, 4, 1);
  }
  queueUnlock(sl);
}

function afterEnqueue(cpu: i32, sl: usize): u32 {
  const state = fget(sl, F_VAL);
  if (state == 2) {
    if (fget(sl, F_SEQ) >= netCfg(NetCfg.warmupPackets)) netStatAdd(cpu, NetStat.droppedBacklog);
    return call(sl, PH_SKB_FREE, PH_NETRX_NEXT_PKT);
  }
  if (state == 0) {
    // this packet scheduled the target's backlog NAPI: locally at once, remotely by IPI at the end
    const target = fget(sl, F_TARGET);
    if (target == <u32>cpu) privSet(cpu, NetPriv.pollList, privGet(cpu, NetPriv.pollList) | (1 << BACKLOG_BIT));
    else privSet(cpu, NetPriv.rpsIpiMask, privGet(cpu, NetPriv.rpsIpiMask) | (1 << target));
  }
  return PH_NETRX_NEXT_PKT;
}

/** The input queue (locked) into the process queue: its slots read (timed, and directly — the lock is
 *  held and every enqueuer's stores drained before its unlock), its head moved, the lock released. An
 *  empty queue clears the NAPI's SCHED flag under the lock, so the next enqueuer IPIs again. */
function splice(cpu: i32, sl: usize): void {
  const head = fget(sl, F_VAL);
  const avail = fget(sl, F_N) - head;
  const k = avail < PQ_MAX ? avail : PQ_MAX;
  const bl = backlog(<u32>cpu);
  for (let i: u32 = 0; i < k; i++) {
    const a = backlogSlot(<u32>cpu, head + i);
    if (i == 0 || (a & (LINE_BYTES - 1)) == 0) queueScan(sl, a, 4, LINE_BYTES);
    store<u32>(privAt(cpu, NetPriv.pqIds) + (<usize>i << 2), load<u32>(a));
  }
  privSet(cpu, NetPriv.pqCount, k);
  privSet(cpu, NetPriv.pqNext, 0);
  if (k != 0) queueStore(sl, bl + BL_HEAD, 4, <u64>(head + k));
  else queueStore(sl, bl + BL_SCHED, 4, 0);
  queueUnlock(sl);
}

