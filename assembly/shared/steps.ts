// The named steps a CPU's cycles are charged to. The kernel's routines are step machines whose states are
// these ids, so "cycles per packet by step" is a table read. Compiled by both asc and tsc; add a step by
// adding a member and its name, in order.

export enum Step {
  /** No step: between steps, or a CPU that runs a plain access program. */
  none = 0,
  /** Hardirq entry: from the interrupt to the handler (saving state, the vector dispatch). */
  irqEntry,
  /** Hardirq exit: EOI and return. */
  irqExit,
  /** Softirq entry: __do_softirq's set-up before the first action runs. */
  softirqEntry,
  /** A task switch on this CPU (to or from the idle task). */
  contextSwitch,
  // --- the classic receive path (assembly/paths/), in a packet's order ---
  /** The NIC queue's hardirq handler: napi_schedule (ixgbe_msix_clean_rings). */
  napiIrq,
  /** net_rx_action's per-poll overhead, and NAPI completion (napi_complete_done, the IRQ unmask). */
  napiPoll,
  /** Driver RX: the descriptor and the packet's header line (ixgbe_clean_rx_irq). */
  driverRx,
  /** skb allocation from the CPU's cache, refilled in bulk from the shared pool (napi_alloc_skb). */
  skbAlloc,
  /** RPS/RFS on the IRQ CPU: get_rps_cpu and enqueue_to_backlog of the target CPU. */
  rpsEnqueue,
  /** The target CPU takes packets from its backlog (process_backlog). */
  backlogDequeue,
  /** eth_type_trans, ip_rcv, ip_rcv_finish. */
  ethIpRcv,
  /** Netfilter's INPUT hook: conntrack lookup and the rules with their counters. */
  netfilter,
  /** fib_lookup in the shared, read-mostly routing table. */
  routeLookup,
  /** __inet_lookup_established in the TCP established hash. */
  tcpLookup,
  /** The socket lock, taken by the softirq or by recv (bh_lock_sock, lock_sock), spinning if held. */
  sockLock,
  /** tcp_rcv_established's fast path. */
  tcpRcv,
  /** Queueing the skb on the socket's receive queue and releasing the lock. */
  sockEnqueue,
  /** Waking the reader: sk_data_ready → try_to_wake_up, its run-queue lines, the IPI if idle. */
  wakeup,
  /** Giving descriptors back to the NIC (ixgbe_alloc_rx_buffers) and the tail write. */
  ringRefill,
  /** The reschedule IPI's handler on the woken CPU. */
  reschedIpi,
  /** The RPS IPI's handler: schedule the backlog's NAPI (raise NET_RX). */
  rpsIpi,
  /** System call entry and exit of recv. */
  syscall,
  /** tcp_recvmsg: finding data in the socket queues and taking the skb off. */
  recvDequeue,
  /** skb_copy_datagram_msg: the payload copied to the application's buffer. */
  copyToUser,
  /** Freeing the skb on the CPU that read it (the buffer back to the driver, the skb to this CPU's cache). */
  skbFree,
  /** The application's own work per packet. */
  appWork,
  // --- net channels ---
  /** The software classifier: the transport signature looked up (the driver, on the IRQ CPU). */
  chanClassify,
  /** Getting a slot, filling it, publishing it, and signalling a waiting consumer. */
  chanProduce,
  /** The consumer: the producer's index, each slot's header, the payload, the release of slots. */
  chanConsume,
  /** A user-space TCP library's processing of a segment in place (channel-user). */
  userTcp,
  /** The channel signal's handler on the consumer's CPU. */
  chanIrq,
  /** Steps of data-driven script routines (tests, teaching examples). */
  script0,
  script1,
  script2,
  script3,
  script4,
  script5,
  script6,
  script7,
  count,
}

export const STEP_NAMES: string[] = [
  "none", "irq_entry", "irq_exit", "softirq_entry", "context_switch",
  "napi_irq", "napi_poll", "driver_rx", "skb_alloc", "rps_enqueue", "backlog_dequeue", "eth_ip_rcv", "netfilter",
  "route_lookup", "tcp_lookup", "sock_lock", "tcp_rcv", "sock_enqueue", "wakeup", "ring_refill", "resched_ipi",
  "rps_ipi", "syscall", "recv_dequeue", "copy_to_user", "skb_free", "app_work",
  "chan_classify", "chan_produce", "chan_consume", "user_tcp", "chan_irq",
  "script0", "script1", "script2", "script3", "script4", "script5", "script6", "script7",
];
