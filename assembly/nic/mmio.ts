// Register writes from CPUs (Msg.MMIO: `a` the register, `b` the queue field, `c` the value). They are
// posted writes: the CPU paid one cycle and moved on (cpu/core.ts), and the write takes effect here, one
// I/O hop later, in the order the NIC receives it.
//
//   RX_TAIL     queue q's tail = value: the driver has posted buffers up to there (ixgbe_release_rx_desc)
//   IRQ_UNMASK  re-enable queue q's interrupt (ixgbe_irq_enable_queues, after napi_complete_done)
//   ARFS_SET    steer flow `queue field` to queue `value`, or back to RSS with NIC_ARFS_NONE
//               (ndo_rx_flow_steer; e.g. mlx5e_rx_flow_steer, mlx5's en_arfs.c)
//
// A write naming no register, queue or flow the NIC has is counted and otherwise ignored, as hardware
// ignores writes to unimplemented registers; a test can assert that count is 0.

import { NicCfg, NicGlobal, NicQ, NicReg, NicFlow, NIC_ARFS_NONE } from "../shared/nic";
import { cfg, qSet, flow, globalAdd } from "./nic-state";
import { unmask } from "./coalescing";

export function nicMmio(reg: u32, field: u32, value: u32, t: i64): void {
  globalAdd(NicGlobal.mmioWrites);
  const queues = cfg(NicCfg.queues);
  if (reg == NicReg.rxTail && field < queues) qSet(field, NicQ.tail, value);
  else if (reg == NicReg.irqUnmask && field < queues) unmask(field, t);
  else if (reg == NicReg.arfsSet && field < cfg(NicCfg.flows) && (value < queues || value == NIC_ARFS_NONE)) {
    store<u32>(flow(field) + NicFlow.arfsQueue, value);
  } else globalAdd(NicGlobal.mmioErrors);
}
