// The network paths' configuration block (Hdr.netBase): what the host writes before a run and the
// kernel's routines read — the step costs of the profile, where each kernel data structure lives, and
// per-flow / per-CPU tables. The block itself is read-only during a run (every CPU reads it without
// simulated accesses: it stands for code and constants, which are not what a run measures); the data
// structures it points to are simulated memory, touched only through the caches.
// Compiled by both asc and tsc: plain enums and numeric constants only.

/** Step costs, u32 cycles each, from NetCfg.costs on; the order of KernelCosts in src/scenario/types.ts. */
export enum NetCost {
  irqEntry = 0, irqExit, softirqEntry, napiIrq, napiPoll, driverRx, ringRefill, skbAlloc, ethIpRcv,
  netfilterHook, netfilterRule, conntrack, routeLookup, tcpLookup, tcpRcv, sockEnqueue, wakeup, rpsEnqueue,
  backlogDequeue, syscallEntry, syscallExit, recvDequeue, copyPerLine, skbFree, contextSwitch, reschedIpi,
  spinPause, napiWeight, netdevBudget, netdevMaxBacklog, skbCacheSize, skbCacheBulk,
  chanProduce, chanConsume, chanClassify, userTcp,
  count,
}

export const NET_COST_NAMES: string[] = [
  "irqEntry", "irqExit", "softirqEntry", "napiIrq", "napiPoll", "driverRx", "ringRefill", "skbAlloc", "ethIpRcv",
  "netfilterHook", "netfilterRule", "conntrack", "routeLookup", "tcpLookup", "tcpRcv", "sockEnqueue", "wakeup", "rpsEnqueue",
  "backlogDequeue", "syscallEntry", "syscallExit", "recvDequeue", "copyPerLine", "skbFree", "contextSwitch", "reschedIpi",
  "spinPause", "napiWeight", "netdevBudget", "netdevMaxBacklog", "skbCacheSize", "skbCacheBulk",
  "chanProduce", "chanConsume", "chanClassify", "userTcp",
];

/** Words (u32) of the block. Addresses are absolute byte addresses in the shared memory. */
export enum NetCfg {
  cpus = 0,
  queues,
  ringEntries,
  bufferBytes,
  warmupPackets,
  /** Flags: NET_NETFILTER, NET_CONNTRACK, NET_RPS, NET_RFS, NET_ARFS. */
  flags,
  netfilterRules,
  appWorkCycles,
  // the skbs: a slab of SKB_BYTES objects, each CPU's cache, the shared pool
  skbBase,
  skbCount,
  skbCacheBase,
  /** Bytes of one CPU's skb cache (its count line, then its skb numbers, line-aligned). */
  skbCacheStride,
  skbPoolBase,
  // sockets: one per flow (SOCK_BYTES), each with a receive queue of sockQueueSlots skb numbers
  sockBase,
  sockQueueBase,
  sockQueueSlots,
  /** Per socket, its flow (u32); sockets are numbered application by application. */
  sockFlowBase,
  ehashBase,
  ehashMask,
  routeBase,
  /** The conntrack hash's buckets (8 B each, conntrackMask + 1 of them) and its entries. */
  conntrackBuckets,
  conntrackMask,
  conntrackBase,
  nfRulesBase,
  nfCountersBase,
  /** Bytes of one CPU's netfilter counters (the rules' counters, line-aligned). */
  nfCountersStride,
  // the scheduler
  runqueueBase,
  taskBase,
  // RPS / RFS
  backlogBase,
  backlogSlots,
  rpsMapBase,
  rpsCpuCount,
  rpsFlowBase,
  rpsFlowMask,
  rpsDevFlowBase,
  /** The packet buffers: skb n's data buffer is at skbDataBase + n × bufferBytes. */
  skbDataBase,
  /** Packets a socket's receive queue holds before TCP drops (sk_rcvbuf over a packet's truesize). */
  sockRcvLimit,
  /** Bytes of one queue's driver state (NetDriver, then the skb of each descriptor). */
  driverStride,
  // the application
  userBufBase,
  /** Host-only counters per CPU (NetStat), outside simulated memory. */
  statsBase,
  flowTableBase,
  cpuTableBase,
  flows,
  /** Per queue, the driver's own ring state (NetDriver), outside simulated memory. */
  driverBase,
  // net channels (shared/net.ts ChanFlag; assembly/paths/channel-ring.ts)
  /** ChanFlag bits; 0 = a classic path. */
  chanFlags,
  chanSlots,
  chanBatch,
  /** Bytes of one slot: a header line, then the frame. */
  chanSlotBytes,
  /** Per channel, its producer line and its consumer line (the same line with sharedIndexLine). */
  chanProdBase,
  chanConsBase,
  /** Offset of the consumer's words in its line: 0, or CHAN_SHARED_CONS_AT on a shared line. */
  chanConsAt,
  /** Per channel, the consumer's wake count: chanWakeBase + channel × 64 + chanWakeAt — on its index
   *  line (Van Jacobson's layout) or on a line of its own (AF_XDP's flags line). */
  chanWakeBase,
  chanWakeAt,
  /** Per channel, its slots (buffers ring) or its pointers (pointers ring). */
  chanRingBase,
  /** The software classifier's hash table and its mask. */
  chanTableBase,
  chanTableMask,
  /** Per channel, the producer's and the consumer's private words (NetChan), outside simulated memory. */
  chanPrivBase,
  /** Where free-running indices start (tests start them near 2^32 to cross the wrap). */
  chanIndexStart,
  /** Empty looks a polling consumer makes before it sleeps (busy-poll time over one look's cost). */
  chanPollSpins,
  /** channel-softirq with a buffers ring: per channel, a bit per slot whose skb has been freed (host-only). */
  chanFreedBase,
  costs = 80,
  count = costs + NetCost.count,
}

export const NET_NETFILTER: u32 = 1;
export const NET_CONNTRACK: u32 = 2;
export const NET_RPS: u32 = 4;
export const NET_RFS: u32 = 8;
export const NET_ARFS: u32 = 16;

/** Bytes of one skb (struct sk_buff is ~232 B on x86-64: four lines). */
export const SKB_BYTES: u32 = 256;
/** Bytes of one socket: sock_common, the lock, the receive queue and TCP state, the wait queue. */
export const SOCK_BYTES: u32 = 256;
/** Bytes of one CPU's run queue (its lock line and its state line). */
export const RUNQUEUE_BYTES: u32 = 128;
/** Bytes of one backlog's header (lock+state line, queue line) before its ring of skb numbers. */
export const BACKLOG_HEAD_BYTES: u32 = 128;
/** Bytes of one netfilter rule (struct ipt_entry with a match and a target: two lines). */
export const NF_RULE_BYTES: u32 = 128;
/** Bytes of one conntrack entry (the hot part of struct nf_conn). */
export const CONNTRACK_BYTES: u32 = 64;
/** Lines of the routing table a lookup walks (fib_trie: root, internal node, leaf; then fib_info). */
export const ROUTE_LINES: u32 = 4;
/** Bytes of the application's receive buffer (one MTU-sized read). */
export const USER_BUF_BYTES: u32 = 2048;

// Offsets inside a socket (SOCK_BYTES). Line 0: sock_common (the lookup compares it; sk_refcnt).
export const SK_REFCNT: u32 = 0;
/** Line 1: the socket lock, a ticket lock (next ticket in the high half, owner in the low half). */
export const SK_LOCK: u32 = 64;
/** Line 2: the receive queue (head, tail: free-running) and TCP's rcv_nxt, written by the softirq. */
export const SK_RQ_HEAD: u32 = 128;
export const SK_RQ_TAIL: u32 = 132;
export const SK_RCV_NXT: u32 = 136;
/** Line 3: copied_seq, written by the reader. */
export const SK_COPIED_SEQ: u32 = 192;

// A CPU's skb cache: line 0 the count, then skbCacheSize skb numbers (u32).
export const SKC_COUNT: u32 = 0;
export const SKC_IDS: u32 = 64;
// The shared skb pool: line 0 its lock, line 1 its count, then the skb numbers.
export const POOL_LOCK: u32 = 0;
export const POOL_COUNT: u32 = 64;
export const POOL_IDS: u32 = 128;

// Fields of an skb the path reads back (written at allocation on the IRQ CPU).
/** u32 data address | u16 length | u8 queue | u8 allocating CPU. */
export const SKB_DATA: u32 = 0;
/** u32 flow | u32 descriptor index. */
export const SKB_FLOW: u32 = 8;
/** i64 wire arrival time. */
export const SKB_TSTAMP: u32 = 16;
/** u32 arrival index (seq) | u32 the stream offset of the payload. */
export const SKB_SEQ: u32 = 24;

// A CPU's run queue: line 0 its lock (ticket), line 1 nr_running and curr.
export const RQ_LOCK: u32 = 0;
export const RQ_NR_RUNNING: u32 = 64;
/** 0 = the idle task runs, 1 = the application's thread runs. */
export const RQ_CURR: u32 = 68;

// The application's task: its wait word (1 while it waits for data: prepare_to_wait / the wait queue).
export const TASK_WAITING: u32 = 0;
export const TASK_BYTES: u32 = 64;

// A backlog (struct softnet_data's input_pkt_queue): line 0 lock; line 1 head, tail, and the NAPI
// scheduled flag of the backlog's napi (NAPI_STATE_SCHED).
export const BL_LOCK: u32 = 0;
export const BL_HEAD: u32 = 64;
export const BL_TAIL: u32 = 68;
export const BL_SCHED: u32 = 72;

/** Per-flow table (host-written, NET_FLOW_BYTES each). */
export enum NetFlow {
  socket = 0,
  appCpu = 4,
  ehashBucket = 8,
  conntrackEntry = 12,
  /** Index into the RFS sock flow table (the flow's hash masked). */
  rfsIndex = 16,
  /** The RSS hash the NIC computes, as RPS uses it. */
  hash = 20,
  /** The stream offset the application expects next (only the flow's application CPU writes it). */
  expected = 24,
  /** The flow's channel (its application's), or NET_NONE on classic paths. */
  channel = 28,
}
export const NET_FLOW_BYTES: u32 = 32;

/** Per-CPU table (host-written, NET_CPU_BYTES each). */
export enum NetCpu {
  /** The application on this CPU: its first socket and how many (0 = no application). */
  appSocketFirst = 0,
  appSockets = 4,
  /** The NIC queue whose interrupt this CPU takes (aRFS steers a flow there), or NONE. */
  queue = 8,
  /** The channel this CPU's application consumes, or NONE. */
  channel = 12,
}
export const NET_CPU_BYTES: u32 = 16;
export const NET_NONE: u32 = 0xffffffff;

/** Interrupt vectors: 0–15 are the NIC's queues. */
export const VECTOR_RPS: u32 = 16;
export const VECTOR_RESCHED: u32 = 17;
/** The channel's signal: the producer tells an empty channel's sleeping consumer that it is not empty. */
export const VECTOR_CHAN: u32 = 18;

/** NetCfg.chanFlags. */
export const CHAN_ON: u32 = 1;
export const CHAN_USER: u32 = 2;
export const CHAN_SOCKET: u32 = 4;
export const CHAN_SOFTIRQ: u32 = 8;
export const CHAN_SHARED_LINE: u32 = 16;
export const CHAN_POINTERS: u32 = 32;
export const CHAN_SW_CLASSIFIER: u32 = 64;
export const CHAN_POLL: u32 = 128;
export const CHAN_NF_BEFORE: u32 = 256;
export const CHAN_NF_CONSUMER: u32 = 512;
/** On a shared index line the consumer's words follow the producer's. */
export const CHAN_SHARED_CONS_AT: u32 = 8;
/** The producer's line: its index, then the count of wakeups it has sent. */
export const CHAN_PROD: u32 = 0;
export const CHAN_PROD_WAKE: u32 = 4;
/** The consumer's words (at chanConsAt in its line): its index, then the count of wakeups it asked for. */
export const CHAN_CONS: u32 = 0;
export const CHAN_CONS_WAKE: u32 = 4;
/** A slot's header line (buffers ring): u32 frame length | u32 flow, u32 arrival index, i64 arrival. */
export const CHAN_HDR_BYTES: u32 = 64;
/** How long a polling consumer spins before it sleeps: net.core.busy_poll's suggested 50 µs
 *  (Documentation/admin-guide/sysctl/net.rst), in ns. */
export const CHAN_BUSY_POLL_NS: u32 = 50000;

/** A channel's private words (NET_CHAN_BYTES, u32 each): the producer's on the producing CPU, the
 *  consumer's on its CPU — each side's own copies, kept outside simulated memory. */
export enum NetChan {
  /** Producer: its next index; the consumer index it last read; the wakeups it has sent. */
  prod = 0,
  consSeen = 4,
  wakeSent = 8,
  /** Consumer (channel-softirq, buffers ring): the end of the prefix of slots whose skbs are freed. */
  freedTo = 12,
  /** Consumer: its next index; the index it last released (stored); the wakeups it asked for. */
  cons = 16,
  released = 20,
  wakeAsked = 24,
  /** Consumer: when its current busy-poll started (low u32 of the cycle count), or 0. */
  pollSince = 28,
}
export const NET_CHAN_BYTES: u32 = 32;

/** The driver's state of one queue (NET_DRIVER_BYTES, u32 each): only the queue's IRQ CPU touches it,
 *  like ixgbe's rx_ring->next_to_clean and next_to_use, which stay in that CPU's L1. */
export enum NetDriver {
  /** Free-running: the next descriptor to look at. */
  nextToClean = 0,
  /** Free-running: the tail last written to the NIC (descriptors up to it are the NIC's). */
  tail = 4,
  /** u32 per descriptor: the skb whose buffer it holds (ixgbe's rx_buffer_info). */
  skbs = 16,
}

/** A CPU's kernel-private words (NetPriv, at NET_PRIV_AT in its host-only area): state only this CPU
 *  reads and writes, kept outside simulated memory like per-CPU variables that never leave L1. */
export enum NetPriv {
  /** NAPI instances scheduled on this CPU (softnet_data.poll_list): bit q = queue q, bit 16 = backlog. */
  pollList = 0,
  /** CPUs whose backlog this CPU filled and must IPI at the end of its softirq (rps_ipi_list). */
  rpsIpiMask = 8,
  /** Packets through netfilter on this CPU: the value its per-CPU rule counters hold. */
  nfPackets = 16,
  /** The backlog's process queue: skbs taken from the input queue in one locked splice. */
  pqCount = 24,
  pqNext = 28,
  pqIds = 32,
}
/** NetStat's counters fit before it (at most 16). */
export const NET_PRIV_AT: u32 = 128;
export const PQ_MAX: u32 = 64;
export const BACKLOG_BIT: u32 = 16;
/** The channel's NAPI instance in the poll list (channel-softirq). */
export const CHAN_NAPI_BIT: u32 = 18;

/** Host-only counters per CPU (u64 each), then the CPU's private words, then the latency histogram. */
export enum NetStat {
  /** Measured packets the application received and checked. */
  delivered = 0,
  payloadErrors,
  orderErrors,
  /** Measured packets dropped because the target CPU's backlog was full. */
  droppedBacklog,
  /** Measured packets TCP dropped because the socket's receive queue was full (sk_rcvbuf). */
  droppedSocket,
  /** Measured packets the producer dropped because the channel was full. */
  droppedChannel,
  /** IPIs this CPU sent (RPS and reschedule). */
  ipisSent,
  /** Largest measured latency (cycles). */
  latencyMax,
  /** Most packets one NAPI poll took, and one softirq round (net_rx_action) took. */
  maxPollWork,
  maxRoundWork,
  count,
}
/** The latency histogram: log-linear, LAT_SUB buckets per power of two (≤ 1/LAT_SUB relative error). */
export const LAT_SUB_BITS: u32 = 6;
export const LAT_SUB: u32 = 1 << LAT_SUB_BITS;
export const LAT_BUCKETS: u32 = 48 * LAT_SUB;
export const LAT_AT: u32 = NET_PRIV_AT + 32 + PQ_MAX * 4;
export const NET_STATS_BYTES: u32 = LAT_AT + LAT_BUCKETS * 4;
