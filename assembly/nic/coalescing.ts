// Interrupt moderation, per queue: how many received frames one interrupt covers.
//
// The rule is ethtool's rx-usecs / rx-frames pair (struct ethtool_coalesce, include/uapi/linux/ethtool.h:
// "rx_coalesce_usecs: how many usecs to delay an RX interrupt after a packet arrives"; "max_coalesced_frames:
// maximum number of packets to receive before an RX interrupt"; either may be 0 to use only the other,
// and both 0 is illegal "as this would cause interrupts to never be generated"). A frame counts once it
// is visible — its descriptor's DMA_DONE is back. Then, while the queue's interrupt is enabled:
//
//   fire when framesPending ≥ rxFrames            (rxFrames ≠ 0)
//     or when rxDelay has passed since the first pending frame   (rxDelay ≠ 0; a timer event)
//
// Firing sends an MSI-X message (Msg.IRQ, vector = queue) to the CPU the vector is affine to, one I/O
// hop away; masks the queue — ixgbe's MSI-X handler only schedules NAPI (ixgbe_msix_clean_rings →
// napi_schedule_irqoff) and the queue's interrupt stays off until the poll ends; and starts a new count. Frames that become visible while the queue is masked count towards the next interrupt.
// When NAPI has drained the ring it re-enables the queue (IRQ_UNMASK, nic/mmio.ts; ixgbe_poll →
// napi_complete_done → ixgbe_irq_enable_queues). If the moderation condition already holds then — work
// arrived during the poll and waited long enough, or enough of it — the interrupt fires at once, as a
// re-enabled ixgbe queue with a pending cause does; otherwise the pending timer or count decides.
//
// Simplifications: ixgbe's default is *dynamic* ITR (ixgbe_update_itr: the interval adapts to the
// packet rate and size, starting near 20,000 interrupts/s, REFERENCES.md) and the 82599's EITR is an
// interval between interrupts rather than a delay after the first frame; neither is modelled — the
// delay and the frame count are fixed per run, as with `ethtool -C rx-usecs N rx-frames M`.

import { DEVICE, IO_HOP } from "../sim/layout";
import { send, schedule } from "../sim/send";
import { Msg } from "../machine/messages";
import { NicCfg, NicQ, NicQStat } from "../shared/nic";
import { cfg, queue, qGet, qSet, qStatAdd } from "./nic-state";

/** A frame of queue `q` became visible at `t`. */
export function frameVisible(q: u32, t: i64): void {
  const n = qGet(q, NicQ.framesPending) + 1;
  qSet(q, NicQ.framesPending, n);
  if (n == 1) store<i64>(queue(q) + NicQ.firstPendingAt, t);
  maybeFire(q, t);
  // the first pending frame starts the delay, unless it already fired
  const delay = cfg(NicCfg.rxDelayCycles);
  if (n == 1 && delay != 0 && qGet(q, NicQ.framesPending) != 0) {
    schedule(DEVICE, t + <i64>delay, Msg.NIC_TIMER, 0, q, qGet(q, NicQ.timerGen), 0);
  }
}

/** The moderation timer armed for generation `gen` expired (stale if an interrupt fired since). */
export function timerExpired(q: u32, gen: u32, t: i64): void {
  if (gen == qGet(q, NicQ.timerGen)) maybeFire(q, t);
}

/** The driver re-enabled the queue's interrupt. */
export function unmask(q: u32, t: i64): void {
  qSet(q, NicQ.irqEnabled, 1);
  maybeFire(q, t);
}

function maybeFire(q: u32, t: i64): void {
  const n = qGet(q, NicQ.framesPending);
  if (qGet(q, NicQ.irqEnabled) == 0 || n == 0) return;
  const frames = cfg(NicCfg.rxFrames);
  const delay = cfg(NicCfg.rxDelayCycles);
  const byFrames = frames != 0 && n >= frames;
  const byTime = delay != 0 && t >= load<i64>(queue(q) + NicQ.firstPendingAt) + <i64>delay;
  if (byFrames || byTime) fire(q, t);
}

function fire(q: u32, t: i64): void {
  send(DEVICE, <i32>qGet(q, NicQ.irqCpu), t + IO_HOP, Msg.IRQ, 0, 0, q, 0);
  qSet(q, NicQ.irqEnabled, 0);
  qSet(q, NicQ.framesPending, 0);
  qSet(q, NicQ.timerGen, qGet(q, NicQ.timerGen) + 1); // any timer still armed is now stale
  qStatAdd(q, NicQStat.interrupts);
}
