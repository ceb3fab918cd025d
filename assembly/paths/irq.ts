// The hardirq handlers a CPU of the network paths takes (the kernel adds irqEntry/irqExit around them):
//   - a NIC queue's MSI-X vector (0–15): the driver's handler schedules the queue's NAPI and raises
//     NET_RX (ixgbe_msix_clean_rings → napi_schedule_irqoff). The NIC masked the vector when it fired
//     (auto-mask, nic/coalescing.ts); the poll unmasks it when it completes.
//   - the RPS IPI: schedule this CPU's backlog NAPI (the call-function IPI's csd → ____napi_schedule).
//   - the reschedule IPI: the woken application becomes runnable (scheduler_ipi).
//   - the channel's signal: the channel's reader, asleep in poll(2), becomes runnable (channel-user).

import { queueCompute } from "../cpu/kernel/emit-op";
import { kernelRaiseSoftirq, kernelWakeTask, kernelVector } from "../cpu/kernel/kernel";
import { Step } from "../shared/steps";
import { NetCost, NetPriv, BACKLOG_BIT, CHAN_NAPI_BIT, VECTOR_RPS, VECTOR_RESCHED, VECTOR_CHAN } from "../shared/net";
import { chanSoftirq } from "./channel-softirq";
import { frameReset } from "./frame";
import { cost, privGet, privSet } from "./net-config";
import { PH_IRQ, PH_DONE } from "./phases";

export function irqInit(sl: usize): u32 {
  frameReset(sl, PH_IRQ);
  return PH_IRQ;
}

export function irqStep(cpu: i32): u32 {
  const v = kernelVector(cpu);
  if (v == VECTOR_CHAN) return Step.chanIrq;
  return v == VECTOR_RESCHED ? Step.reschedIpi : v == VECTOR_RPS ? Step.rpsIpi : Step.napiIrq;
}

export function irqBegin(cpu: i32, sl: usize): void {
  const v = kernelVector(cpu);
  queueCompute(sl, cost(v == VECTOR_RESCHED || v == VECTOR_CHAN ? NetCost.reschedIpi : NetCost.napiIrq));
}

export function irqEnd(cpu: i32): u32 {
  const v = kernelVector(cpu);
  // the channel's signal wakes its reader — or, with channel-softirq, schedules the channel's NAPI
  if (v == VECTOR_RESCHED || (v == VECTOR_CHAN && !chanSoftirq())) kernelWakeTask(cpu);
  else {
    const bit = v == VECTOR_RPS ? BACKLOG_BIT : v == VECTOR_CHAN ? CHAN_NAPI_BIT : v;
    privSet(cpu, NetPriv.pollList, privGet(cpu, NetPriv.pollList) | (1 << bit));
    kernelRaiseSoftirq(cpu);
  }
  return PH_DONE;
}
