// Which receive queue a packet goes to. Two mechanisms, in the order the NIC consults them
// (Documentation/networking/scaling.rst):
//
//   1. The accelerated-RFS flow table. With aRFS the kernel asks the driver, through ndo_rx_flow_steer,
//      to steer a flow to the queue whose interrupt goes to the CPU where the flow's consuming thread last
//      ran; the NIC matches the flow exactly and overrides RSS. Here the table is indexed by flow number
//      (a CPU writes it with the ARFS_SET register, nic/mmio.ts); a real NIC matches the 4-tuple in a
//      hashed filter table the driver fills (mlx5e_rx_flow_steer in drivers/net/ethernet/mellanox/mlx5/
//      core/en_arfs.c adds one rule per flow), which finds the same entry.
//   2. RSS: the Toeplitz hash of the 4-tuple (nic/toeplitz.ts, default key) indexes the 128-entry
//      indirection table (nic/rss.ts), whose entry names the queue.
//
// The RSS hash is computed for every packet either way, as hardware does, and goes into the descriptor
// (the driver hands it to the stack as skb->hash).

import { toeplitz, rssDefaultKey, TUPLE4_BYTES } from "./toeplitz";
import { rssQueue } from "./rss";
import { NicCfg, NicFlow, NIC_ARFS_NONE } from "../shared/nic";
import { cfg, flow } from "./nic-state";

/** The RSS hash of flow `f` (its 4-tuple, source before destination). */
export function flowHash(f: u32): u32 {
  return toeplitz(rssDefaultKey(), flow(f) + NicFlow.tuple, TUPLE4_BYTES);
}

/** The queue for a packet of flow `f` whose RSS hash is `hash`. */
export function steer(f: u32, hash: u32): u32 {
  const arfs = load<u32>(flow(f) + NicFlow.arfsQueue);
  if (arfs != NIC_ARFS_NONE) return arfs;
  return rssQueue(cfg(NicCfg.rssAt), hash);
}
