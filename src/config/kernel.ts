// The kernel's costs: the `kernel` section of a machine profile.
//
// A received packet crosses a fixed sequence of Linux functions — the driver's interrupt handler, the
// NAPI poll, skb allocation, the IP and TCP receive code, the socket queue, the wakeup of the reader,
// its system call and copy. The simulator runs each of them as a *step* (docs/kernel.md) whose memory
// accesses go through the simulated caches; what a step cannot get from the caches — the cycles of its
// own instructions — is a number here. Published figures are mostly measured warm (their accesses hit
// L1), so the model's accesses come on top of a figure at little double cost, while the misses a
// published figure never saw are the simulation's to find.
//
// The field names and meanings are fixed by `KernelCosts` (src/scenario/types.ts), which the path
// runner reads; the check at the bottom of this file fails to compile if this schema and that interface
// drift apart. Each field's default, its source and the Linux code it stands for are in
// docs/kernel-costs.md and in the shipped profile's `sources` map.
//
// Cycles may be 0 (a step can be made free, to ask what a path costs without it). The limits are the
// kernel's own constants and sysctls; the relation skbCacheBulk ≤ skbCacheSize is checked with the
// other cross-field rules in machine.ts.

import { z } from "zod";
import type { KernelCosts } from "../scenario/types.js";
import { count, cyclesFrom } from "./number-field.js";

/** A step's own cycles: 0 (free) to 1,000,000. */
const cycles = (field: string) => cyclesFrom(`kernel.${field}`, 0);

const limit = (field: string, min: number, max: number) => count(`kernel.${field}`, min, max);

/** NAPI_SKB_CACHE_SIZE's upper bound here: a per-CPU array of pointers, far above Linux's 64 (or 128). */
const MAX_SKB_CACHE = 4096;

export const kernelSchema = z
  .strictObject({
    // interrupts and softirqs
    irqEntry: cycles("irqEntry"),
    irqExit: cycles("irqExit"),
    softirqEntry: cycles("softirqEntry"),
    /** The driver's MSI-X handler: mask the queue, napi_schedule (ixgbe_msix_clean_rings). */
    napiIrq: cycles("napiIrq"),
    /** net_rx_action's per-napi-poll overhead (one poll call). */
    napiPoll: cycles("napiPoll"),
    // per packet, in the softirq
    /** Driver RX per descriptor (ixgbe_clean_rx_irq), without building the skb. */
    driverRx: cycles("driverRx"),
    /** Giving a descriptor back to the NIC; the tail write is an MMIO on top. */
    ringRefill: cycles("ringRefill"),
    skbAlloc: cycles("skbAlloc"),
    /** eth_type_trans + ip_rcv + ip_rcv_finish, without the route lookup. */
    ethIpRcv: cycles("ethIpRcv"),
    netfilterHook: cycles("netfilterHook"),
    netfilterRule: cycles("netfilterRule"),
    conntrack: cycles("conntrack"),
    routeLookup: cycles("routeLookup"),
    /** __inet_lookup_established. */
    tcpLookup: cycles("tcpLookup"),
    /** tcp_v4_rcv + tcp_rcv_established on the fast path, without the queueing. */
    tcpRcv: cycles("tcpRcv"),
    sockEnqueue: cycles("sockEnqueue"),
    /** try_to_wake_up on the waker's side. */
    wakeup: cycles("wakeup"),
    /** RPS/RFS: get_rps_cpu + enqueue_to_backlog on the IRQ CPU. */
    rpsEnqueue: cycles("rpsEnqueue"),
    /** process_backlog's per-packet dequeue on the target CPU. */
    backlogDequeue: cycles("backlogDequeue"),
    // the application's side
    syscallEntry: cycles("syscallEntry"),
    syscallExit: cycles("syscallExit"),
    /** tcp_recvmsg's bookkeeping per skb, without the copy. */
    recvDequeue: cycles("recvDequeue"),
    /** Per cache line copied to user space, beyond the line's own load and store. */
    copyPerLine: cycles("copyPerLine"),
    // net channels
    /** The producer's work per packet: get a buffer, publish it (vj_get_buffer, vj_netif_rx). */
    chanProduce: cycles("chanProduce"),
    /** The consumer's work per packet: find the next slot; per release batch, give slots back. */
    chanConsume: cycles("chanConsume"),
    /** The software classifier's lookup of the transport signature (the driver's hash lookup). */
    chanClassify: cycles("chanClassify"),
    /** A user-space TCP library's receive processing of one segment in place (channel-user). */
    userTcp: cycles("userTcp"),
    skbFree: cycles("skbFree"),
    contextSwitch: cycles("contextSwitch"),
    /** The reschedule IPI's handler (scheduler_ipi). */
    reschedIpi: cycles("reschedIpi"),
    /** One iteration of a spin-wait on a contended lock (cpu_relax, i.e. PAUSE). */
    spinPause: cycles("spinPause"),
    // limits
    /** Packets per poll call (NAPI_POLL_WEIGHT). */
    napiWeight: limit("napiWeight", 1, 1024),
    /** Packets per softirq round (net.core.netdev_budget). */
    netdevBudget: limit("netdevBudget", 1, 100_000),
    /** Packets a CPU's backlog holds (net.core.netdev_max_backlog). */
    netdevMaxBacklog: limit("netdevMaxBacklog", 1, 1_000_000),
    /** skbs a CPU's NAPI allocation cache holds (NAPI_SKB_CACHE_SIZE) … */
    skbCacheSize: limit("skbCacheSize", 1, MAX_SKB_CACHE),
    /** … and how many an empty cache is refilled with at once (NAPI_SKB_CACHE_BULK). */
    skbCacheBulk: limit("skbCacheBulk", 1, MAX_SKB_CACHE),
  })
  .describe("the costs of the Linux receive path's steps, in cycles, and the kernel's limits (docs/kernel-costs.md)");

export type KernelSection = z.infer<typeof kernelSchema>;

// Compile-time check that the schema's type and the interface the path runner reads are the same type:
// assignable both ways, and identical (no optional or extra field hiding on either side). A mismatch is a
// type error on the line below, naming the two types.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type AssignableBothWays<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;
export type KernelSchemaMatchesKernelCosts = [Holds<Same<KernelSection, KernelCosts>>, Holds<AssignableBothWays<KernelSection, KernelCosts>>];
