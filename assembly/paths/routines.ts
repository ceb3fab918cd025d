// The network routines as the kernel sees them (cpu/kernel/routines.ts): NET_IRQ the hardirq handler,
// NET_RX the NET_RX softirq, RECV the application's task. Each is a machine of phases (phases.ts); this
// file sends each phase to the module that owns it, resolves the decision points, and names the
// accounting step each phase is charged to.

import { STEP_DONE } from "../cpu/kernel/state";
import { Step } from "../shared/steps";
import { fget, fset, F_PHASE, F_LOCK_STEP, F_UNLOCKED } from "./frame";
import { lockBegin, lockEnd } from "./lock";
import { skbBegin, skbEnd, skbStep } from "./skb";
import { driverBegin, driverEnd, driverStep } from "./driver";
import { rpsBegin, rpsEnd, rpsStep } from "./rps";
import { protocolBegin, protocolEnd, protocolStep } from "./protocol";
import { wakeupBegin, wakeupEnd } from "./wakeup";
import { netRxInit, netRxBegin, netRxEnd, netRxDecide, netRxStep } from "./net-rx";
import { irqInit, irqBegin, irqEnd, irqStep } from "./irq";
import { recvInit, recvBegin, recvEnd, recvStep } from "./recv";
import { produceBegin, produceEnd, produceStep } from "./channel-produce";
import { chanUserInit, chanUserBegin, chanUserEnd, chanUserStep } from "./channel-user";
import { cqBegin, cqEnd, cqStep } from "./channel-softirq";
import { PH_DONE, PH_NETRX_NEXT_PKT, PH_NETRX_POLL_END, PH_LOCK, PH_LOCK_SPIN, PH_CHAN_POST, PH_CHAN_POST_REFRESH } from "./phases";
import { slotRefillBegin, slotRefillEnd, slotRefillStep } from "./channel-queue";
import { kernelInTask, kernelBhDisable, kernelBhEnable } from "../cpu/kernel/kernel";

export const ROUTINE_NET_IRQ: u32 = 3;
export const ROUTINE_NET_RX: u32 = 4;
export const ROUTINE_RECV: u32 = 5;
/** The channel's reader: channel-user or channel-socket (channel-user.ts). */
export const ROUTINE_CHAN_USER: u32 = 6;

export function netInit(cpu: i32, sl: usize, routine: u32): u32 {
  let ph: u32;
  if (routine == ROUTINE_NET_IRQ) ph = irqInit(sl);
  else if (routine == ROUTINE_NET_RX) ph = netRxInit(cpu, sl);
  else if (routine == ROUTINE_CHAN_USER) ph = chanUserInit(cpu, sl);
  else ph = recvInit(sl);
  return enter(cpu, sl, ph);
}

export function netBegin(cpu: i32, sl: usize): void {
  const ph = fget(sl, F_PHASE);
  if (ph < 10) lockBegin(sl, ph);
  else if (ph < 20) skbBegin(cpu, sl, ph);
  else if (ph < 30) driverBegin(sl, ph);
  else if (ph < 40) rpsBegin(cpu, sl, ph);
  else if (ph < 47) protocolBegin(cpu, sl, ph);
  else if (ph < 60) wakeupBegin(cpu, sl, ph);
  else if (ph < 70) netRxBegin(cpu, sl, ph);
  else if (ph < 80) irqBegin(cpu, sl);
  else if (ph < 100) recvBegin(cpu, sl, ph);
  else if (ph == PH_CHAN_POST || ph == PH_CHAN_POST_REFRESH) slotRefillBegin(sl, ph);
  else if (ph < 120) produceBegin(cpu, sl, ph);
  else if (ph < 140) chanUserBegin(cpu, sl, ph);
  else cqBegin(cpu, sl, ph);
}

export function netEnd(cpu: i32, sl: usize): u32 {
  const ph = fget(sl, F_PHASE);
  const task = kernelInTask(cpu);
  if (task && fget(sl, F_UNLOCKED) != 0) kernelBhEnable(cpu);
  fset(sl, F_UNLOCKED, 0);
  let next: u32;
  if (ph < 10) next = lockEnd(sl, ph);
  else if (ph < 20) next = skbEnd(cpu, sl, ph);
  else if (ph < 30) next = driverEnd(sl, ph);
  else if (ph < 40) next = rpsEnd(cpu, sl, ph);
  else if (ph < 47) next = protocolEnd(cpu, sl, ph);
  else if (ph < 60) next = wakeupEnd(cpu, sl, ph);
  else if (ph < 70) next = netRxEnd(cpu, sl, ph);
  else if (ph < 80) next = irqEnd(cpu);
  else if (ph < 100) next = recvEnd(cpu, sl, ph);
  else if (ph == PH_CHAN_POST || ph == PH_CHAN_POST_REFRESH) next = slotRefillEnd(sl, ph);
  else if (ph < 120) next = produceEnd(cpu, sl, ph);
  else if (ph < 140) next = chanUserEnd(cpu, sl, ph);
  else next = cqEnd(cpu, sl, ph);
  if (task && next == PH_LOCK && ph != PH_LOCK_SPIN && ph != PH_LOCK) kernelBhDisable(cpu); // a lock is asked for
  return enter(cpu, sl, next);
}

/** Makes `ph` the current phase (resolving decision points) and returns its step, or STEP_DONE. */
function enter(cpu: i32, sl: usize, ph: u32): u32 {
  while (ph == PH_NETRX_NEXT_PKT || ph == PH_NETRX_POLL_END) ph = netRxDecide(cpu, sl, ph);
  fset(sl, F_PHASE, ph);
  return ph == PH_DONE ? STEP_DONE : stepOf(cpu, sl, ph);
}

function stepOf(cpu: i32, sl: usize, ph: u32): u32 {
  if (ph < 10) return fget(sl, F_LOCK_STEP);
  if (ph < 20) return skbStep(ph);
  if (ph < 30) return driverStep(ph);
  if (ph < 40) return rpsStep(ph);
  if (ph < 47) return protocolStep(ph);
  if (ph < 60) return Step.wakeup;
  if (ph < 70) return netRxStep(ph);
  if (ph < 80) return irqStep(cpu);
  if (ph < 100) return recvStep(ph);
  if (ph == PH_CHAN_POST || ph == PH_CHAN_POST_REFRESH) return slotRefillStep();
  if (ph < 120) return produceStep(ph);
  if (ph < 140) return chanUserStep(ph);
  return cqStep(ph);
}
