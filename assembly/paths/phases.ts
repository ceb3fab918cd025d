// Every phase of the network routines, by number: one table, so that a routine can name a phase of
// another module (the driver hands a packet to the protocol, the protocol to the wakeup) without the
// modules importing each other. Ranges: lock 1–9, skb 10–19, driver 20–29, RPS 30–39, protocol 40–59,
// net_rx_action 60–69, hardirq 70–79, recv 80–99, channel producer 100–119, channel-user/-socket 120–139,
// channel-softirq 140–149.

export const PH_LOCK: u32 = 1;
export const PH_LOCK_SPIN: u32 = 2;

export const PH_SKB_ALLOC: u32 = 10;
export const PH_SKB_POP: u32 = 11;
export const PH_SKB_REFILL: u32 = 12;
export const PH_SKB_REFILL_TAKE: u32 = 13;
export const PH_SKB_INIT: u32 = 15;
export const PH_SKB_FREE: u32 = 16;
export const PH_SKB_PUSH: u32 = 17;
export const PH_SKB_FLUSH: u32 = 18;
export const PH_SKB_FLUSH_PUT: u32 = 19;

/** Driver: read the next descriptor; then the packet's header line. */
export const PH_RX_DESC: u32 = 20;
export const PH_RX_HDR: u32 = 21;
/** Driver: each cleaned descriptor gets a new skb (allocated, then posted); then the tail is written. */
export const PH_REFILL_PUT: u32 = 22;
export const PH_REFILL_POST: u32 = 23;

/** RPS/RFS: pick the target CPU; program the NIC (aRFS); queue to the target's backlog. */
export const PH_RPS_GET: u32 = 30;
export const PH_RPS_ARFS: u32 = 31;
export const PH_BL_ENQ_PEEK: u32 = 32;
export const PH_BL_ENQ_PUT: u32 = 33;
/** The backlog's own NAPI: splice the input queue; then each skb's fields. */
export const PH_BL_TAKE: u32 = 34;
export const PH_BL_SPLICE: u32 = 35;
export const PH_BL_SKB: u32 = 36;

export const PH_ETH_IP: u32 = 40;
export const PH_NF_CONNTRACK: u32 = 41;
export const PH_NF_RULES: u32 = 42;
export const PH_ROUTE: u32 = 43;
export const PH_TCP_LOOKUP: u32 = 44;
export const PH_TCP_RCV: u32 = 45;
export const PH_ENQUEUE: u32 = 46;
export const PH_WAKE_CHECK: u32 = 47;
export const PH_WAKE_LOCAL: u32 = 48;
export const PH_WAKE_REMOTE: u32 = 49;
export const PH_WAKE_UNLOCK: u32 = 50;

/** net_rx_action: start a round; poll the next NAPI; after a packet; after a poll; send RPS IPIs. */
export const PH_NETRX_POLL: u32 = 60;
export const PH_NETRX_IPIS: u32 = 63;
export const PH_NAPI_COMPLETE: u32 = 64;
/** Decision points, not phases: no ops run there; the dispatcher resolves them to the next phase. */
export const PH_NETRX_NEXT_PKT: u32 = 61;
export const PH_NETRX_POLL_END: u32 = 62;
/** The routine is over. */
export const PH_DONE: u32 = 0;

export const PH_IRQ: u32 = 70;

export const PH_APP_SYSCALL: u32 = 80;
export const PH_APP_PEEK: u32 = 81;
export const PH_APP_TAKE: u32 = 82;
export const PH_APP_DEQ: u32 = 83;
export const PH_APP_SKB: u32 = 84;
export const PH_APP_COPY: u32 = 85;
export const PH_APP_COPY_OUT: u32 = 86;
export const PH_APP_EXIT: u32 = 87;
export const PH_APP_WORK: u32 = 88;
export const PH_APP_WAIT: u32 = 89;
export const PH_APP_RECHECK: u32 = 90;
export const PH_APP_UNWAIT: u32 = 91;
export const PH_APP_SLEEP_CHECK: u32 = 92;
export const PH_APP_SLEEP: u32 = 93;
export const PH_APP_SLEEP_ABORT: u32 = 94;
export const PH_APP_SWITCH_IN: u32 = 95;
export const PH_APP_SWITCH_IN2: u32 = 96;

/** Channel producer (on the IRQ CPU): classify; re-read the consumer's index; read the packet; fill the
 *  slot; publish; signal a waiting consumer. */
export const PH_CHAN_CLASSIFY: u32 = 100;
export const PH_CHAN_REFRESH: u32 = 101;
export const PH_CHAN_COPY: u32 = 102;
export const PH_CHAN_FILL: u32 = 103;
export const PH_CHAN_PUBLISH: u32 = 104;
export const PH_CHAN_SIGNAL: u32 = 105;
/** A channel's own NIC queue (the NIC classifies): post free slots as descriptors; re-read the consumer's
 *  index first when the last-seen one says none is free. */
export const PH_CHAN_POST: u32 = 106;
export const PH_CHAN_POST_REFRESH: u32 = 107;

/** channel-user (the application's task): look at the producer's index; busy-poll; ask for a wakeup;
 *  sleep; wake; a slot's header; the skb (pointers ring); TCP; the data; release; the app's work. */
export const PH_CU_CHECK: u32 = 120;
export const PH_CU_SPIN: u32 = 121;
export const PH_CU_ARM: u32 = 122;
export const PH_CU_SLEEP: u32 = 123;
export const PH_CU_WAKE: u32 = 124;
export const PH_CU_HDR: u32 = 125;
export const PH_CU_SKB: u32 = 126;
export const PH_CU_TCP: u32 = 127;
export const PH_CU_DATA: u32 = 128;
export const PH_CU_RELEASE: u32 = 129;
export const PH_CU_WORK: u32 = 130;
/** channel-socket (the same thread, inside recv(2)): the system call; after TCP, the unlock; the copy to
 *  user; the return. */
export const PH_CS_SYSCALL: u32 = 131;
export const PH_CS_UNLOCK: u32 = 132;
export const PH_CS_COPY: u32 = 133;
export const PH_CS_COPY_OUT: u32 = 134;
export const PH_CS_EXIT: u32 = 135;
/** channel-user/-socket, woken: the run queue written under its lock after the switch back. */
export const PH_CU_WAKE_UNLOCK: u32 = 136;

/** channel-softirq (the NET_RX softirq on the reader's CPU): the producer's index; asking for a wakeup
 *  when empty; a slot's header; building an skb around the slot; a pointer ring's skb; a release. */
export const PH_CQ_CHECK: u32 = 140;
export const PH_CQ_ARM: u32 = 141;
export const PH_CQ_HDR: u32 = 142;
export const PH_CQ_BUILD: u32 = 143;
export const PH_CQ_SKB: u32 = 144;
export const PH_CQ_RELEASE: u32 = 145;
