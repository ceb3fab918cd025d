// The NET_RX softirq: net_rx_action (net/core/dev.c). It polls the NAPI instances scheduled on this CPU
// — the NIC queues whose interrupts came here, and the backlog when RPS queued to it — each for at most
// its weight (NAPI_POLL_WEIGHT, 64) packets, the round until netdev_budget (300) is spent — as in Linux,
// a poll is given its whole weight however little budget is left, so a round may take up to
// budget + weight − 1 packets (net_rx_action: `budget -= napi_poll(n, &repoll)`, then the check). A poll
// that finds its ring empty completes (the queue's interrupt is unmasked); one that used its weight stays
// scheduled and goes to the back of the list. With budget left over and work remaining the softirq is
// raised again, and — as __do_softirq restarts it — runs again before the task (ksoftirqd, which would
// let the task in between after ten restarts, is not modelled). At the end, the IPIs RPS owes are sent.

import { queueCompute, queueOp } from "../cpu/kernel/emit-op";
import { NO_REG } from "../cpu/kernel/state";
import { OP_IPI, OP_MMIO } from "../cpu/ops";
import { kernelRaiseSoftirq } from "../cpu/kernel/kernel";
import { Step } from "../shared/steps";
import { NicReg } from "../shared/nic";
import { NetCost, NetPriv, NetStat, BACKLOG_BIT, CHAN_NAPI_BIT, VECTOR_RPS } from "../shared/net";
import { cqPoll } from "./channel-softirq";
import { fget, fset, frameReset, F_QUEUE, F_VAL, F_ROUTINE } from "./frame";
import { cost, privGet, privSet, netStatAdd, netStatMax } from "./net-config";
import { startRefill, driverNext } from "./driver";
import { backlogPoll } from "./rps";
import { PH_NETRX_POLL, PH_NETRX_IPIS, PH_NAPI_COMPLETE, PH_NETRX_NEXT_PKT, PH_NETRX_POLL_END, PH_DONE } from "./phases";

const F_BUDGET: u32 = F_ROUTINE;
const F_WORK: u32 = F_ROUTINE + 4;
const F_NAPI: u32 = F_ROUTINE + 8;
/** Packets this round has taken so far. */
const F_ROUND: u32 = F_ROUTINE + 12;

export function netRxStep(phase: u32): u32 {
  return phase == PH_NETRX_IPIS ? Step.rpsEnqueue : Step.napiPoll;
}

/** The softirq starts: a fresh budget, and the first NAPI to poll. */
export function netRxInit(cpu: i32, sl: usize): u32 {
  frameReset(sl, PH_DONE);
  fset(sl, F_BUDGET, cost(NetCost.netdevBudget));
  fset(sl, F_NAPI, 31); // so that the first search starts at bit 0
  return nextPoll(cpu, sl);
}

export function netRxBegin(cpu: i32, sl: usize, phase: u32): void {
  if (phase == PH_NETRX_POLL) queueCompute(sl, cost(NetCost.napiPoll));
  else if (phase == PH_NAPI_COMPLETE) queueOp(sl, OP_MMIO, 0, NicReg.irqUnmask | (fget(sl, F_NAPI) << 16), 0, 0, NO_REG);
  else sendRpsIpis(cpu, sl);
}

export function netRxEnd(cpu: i32, sl: usize, phase: u32): u32 {
  if (phase == PH_NETRX_POLL) {
    const napi = fget(sl, F_NAPI);
    if (napi == BACKLOG_BIT) return backlogPoll(cpu, sl);
    if (napi == CHAN_NAPI_BIT) return cqPoll(cpu, sl, true);
    fset(sl, F_QUEUE, napi);
    return driverNext(sl, napi);
  }
  if (phase == PH_NAPI_COMPLETE) {
    privSet(cpu, NetPriv.pollList, privGet(cpu, NetPriv.pollList) & ~(1 << fget(sl, F_NAPI)));
    return pollEnd(cpu, sl);
  }
  return PH_DONE; // PH_NETRX_IPIS
}

/** Resolves the decision points the other modules return to. */
export function netRxDecide(cpu: i32, sl: usize, phase: u32): u32 {
  return phase == PH_NETRX_NEXT_PKT ? afterPacket(cpu, sl) : pollEnd(cpu, sl);
}

/** A packet is done: go on polling while the weight lasts. */
function afterPacket(cpu: i32, sl: usize): u32 {
  const work = fget(sl, F_WORK) + 1;
  fset(sl, F_WORK, work);
  const more = work < cost(NetCost.napiWeight);
  const napi = fget(sl, F_NAPI);
  if (napi == BACKLOG_BIT || napi == CHAN_NAPI_BIT) {
    if (more) return napi == BACKLOG_BIT ? backlogPoll(cpu, sl) : cqPoll(cpu, sl, false);
    fset(sl, F_VAL, 0);
    return pollEnd(cpu, sl);
  }
  if (more) return driverNext(sl, napi);
  fset(sl, F_VAL, 0); // the weight is used up: not complete
  return startRefill(sl, napi);
}

/** A poll is over: charge its work to the budget and pick the next NAPI, or finish the round. */
function pollEnd(cpu: i32, sl: usize): u32 {
  const work = fget(sl, F_WORK);
  const budget = fget(sl, F_BUDGET);
  fset(sl, F_ROUND, fget(sl, F_ROUND) + work);
  netStatMax(cpu, NetStat.maxPollWork, work);
  fset(sl, F_BUDGET, work < budget ? budget - work : 0);
  return nextPoll(cpu, sl);
}

function nextPoll(cpu: i32, sl: usize): u32 {
  const list = privGet(cpu, NetPriv.pollList);
  if (list != 0 && fget(sl, F_BUDGET) == 0) kernelRaiseSoftirq(cpu); // the rest in the next round
  if (list == 0 || fget(sl, F_BUDGET) == 0) {
    netStatMax(cpu, NetStat.maxRoundWork, fget(sl, F_ROUND));
    return privGet(cpu, NetPriv.rpsIpiMask) != 0 ? PH_NETRX_IPIS : PH_DONE;
  }
  // round robin: the next scheduled NAPI after the one just polled
  const after = (fget(sl, F_NAPI) + 1) & 31;
  const rotated = after == 0 ? list : (list >> after) | (list << (32 - after));
  fset(sl, F_NAPI, (after + <u32>ctz(rotated)) & 31);
  fset(sl, F_WORK, 0);
  return PH_NETRX_POLL;
}

function sendRpsIpis(cpu: i32, sl: usize): void {
  let mask = privGet(cpu, NetPriv.rpsIpiMask);
  privSet(cpu, NetPriv.rpsIpiMask, 0);
  while (mask != 0) {
    const target = <u32>ctz(mask);
    mask &= mask - 1;
    queueOp(sl, OP_IPI, 0, target, 0, <u64>VECTOR_RPS, NO_REG);
    netStatAdd(cpu, NetStat.ipisSent);
  }
}
