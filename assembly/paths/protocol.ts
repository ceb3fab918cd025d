// The protocol steps of the classic path, on the CPU that runs them (the IRQ CPU, or the RPS target):
// Ethernet/IP receive, netfilter's INPUT hook, the route lookup, the established-socket lookup, the
// socket lock, TCP's fast path and the queueing onto the socket. Each touches the lines the kernel's
// code touches (net/ipv4/ip_input.c, net/netfilter/, net/ipv4/fib_trie.c, net/ipv4/inet_hashtables.c,
// net/ipv4/tcp_ipv4.c, net/ipv4/tcp_input.c):
//   - the header line of the packet (read);
//   - conntrack: its hash bucket and entry (read), a reference on the entry (atomic, dropped when the skb
//     is freed, wherever that is) and the entry's timeout (written: nf_ct_refresh);
//   - each rule's entry (read, shared) and its packet counter (per CPU since x_tables' per-CPU counters);
//   - the routing table: the trie's nodes and the fib_info (read-mostly, shared);
//   - the established hash bucket and sock_common (read), sk_refcnt (atomic: refcount_inc_not_zero, and
//     sock_put after the queueing);
//   - the socket lock (bh_lock_sock), the receive queue and rcv_nxt (written), then the unlock.
// The wakeup of the reader follows (wakeup.ts). The atomics and the lock above are simulated, so the
// profile's cycles for these steps leave them out (docs/kernel-costs.md: conntrack's reference, tcpLookup's
// refcount_inc_not_zero, tcpRcv's bh_lock_sock).

import { queueLoad, queueStore, queueCompute, queueAtomicAdd } from "../cpu/kernel/emit-op";
import { reg, NO_REG } from "../cpu/kernel/state";
import { Step } from "../shared/steps";
import {
  NetCfg, NetCost, NetFlow, NetPriv, NetStat, NET_NETFILTER, CHAN_NF_CONSUMER, NET_CONNTRACK, CONNTRACK_BYTES, NF_RULE_BYTES, ROUTE_LINES,
  SK_REFCNT, SK_LOCK, SK_RQ_HEAD, SK_RQ_TAIL, SK_RCV_NXT,
} from "../shared/net";
import { IP_START } from "../nic/packet";
import { LINE_BYTES } from "../sim/layout";
import { fget, fset, call, F_DATA, F_FLOW, F_SKB, F_SEQ, F_I, F_N, F_VAL, F_MODE, MODE_PRODUCING, MODE_CLASSIC, MODE_SOCKET } from "./frame";
import { netCfg, cost, hasFlag, flowGet, sockAddr, sockQueueSlot, privAt, netStatAdd } from "./net-config";
import { lockThen, queueUnlock } from "./lock";
import { produceEntry } from "./channel-produce";
import {
  PH_ETH_IP, PH_NF_CONNTRACK, PH_NF_RULES, PH_ROUTE, PH_TCP_LOOKUP, PH_TCP_RCV, PH_ENQUEUE, PH_WAKE_CHECK,
  PH_SKB_FREE, PH_NETRX_NEXT_PKT, PH_CS_UNLOCK,
} from "./phases";

const R_SCRATCH: u32 = 0;
const R_QUEUE: u32 = 1;
/** Rules per phase: a load and a counter store each, within a step's op queue. */
const RULES_PER_PHASE: u32 = 16;

export function protocolStep(phase: u32): u32 {
  switch (phase) {
    case PH_ETH_IP: return Step.ethIpRcv;
    case PH_NF_CONNTRACK:
    case PH_NF_RULES: return Step.netfilter;
    case PH_ROUTE: return Step.routeLookup;
    case PH_TCP_LOOKUP: return Step.tcpLookup;
    case PH_TCP_RCV: return Step.tcpRcv;
    default: return Step.sockEnqueue;
  }
}

@inline function sock(sl: usize): u32 { return flowGet(fget(sl, F_FLOW), NetFlow.socket); }

export function protocolBegin(cpu: i32, sl: usize, phase: u32): void {
  const f = fget(sl, F_FLOW);
  switch (phase) {
    case PH_ETH_IP:
      queueLoad(sl, fget(sl, F_DATA) + IP_START, 8, R_SCRATCH);
      queueCompute(sl, cost(NetCost.ethIpRcv));
      break;
    case PH_NF_CONNTRACK: {
      const ct = netCfg(NetCfg.conntrackBase) + flowGet(f, NetFlow.conntrackEntry) * CONNTRACK_BYTES;
      const bucket = flowGet(f, NetFlow.hash) & netCfg(NetCfg.conntrackMask);
      queueLoad(sl, netCfg(NetCfg.conntrackBuckets) + bucket * 8, 8, R_SCRATCH);
      queueLoad(sl, ct + 32, 8, R_SCRATCH); // the tuple hash node the bucket chain leads to
      queueAtomicAdd(sl, ct, 1, NO_REG); // nf_conntrack_get
      queueStore(sl, ct + 8, 8, <u64>fget(sl, F_SEQ)); // nf_ct_refresh: the timeout
      queueCompute(sl, cost(NetCost.netfilterHook) + cost(NetCost.conntrack));
      break;
    }
    case PH_NF_RULES:
      rules(cpu, sl);
      break;
    case PH_ROUTE:
      for (let l: u32 = 0; l < ROUTE_LINES; l++) queueLoad(sl, netCfg(NetCfg.routeBase) + l * LINE_BYTES, 8, R_SCRATCH);
      queueCompute(sl, cost(NetCost.routeLookup));
      break;
    case PH_TCP_LOOKUP:
      queueLoad(sl, netCfg(NetCfg.ehashBase) + flowGet(f, NetFlow.ehashBucket) * 8, 8, R_SCRATCH);
      queueLoad(sl, sockAddr(sock(sl)) + 8, 8, R_SCRATCH); // sock_common: the addresses compared
      queueAtomicAdd(sl, sockAddr(sock(sl)) + SK_REFCNT, 1, NO_REG);
      queueCompute(sl, cost(NetCost.tcpLookup));
      break;
    case PH_TCP_RCV:
      queueLoad(sl, sockAddr(sock(sl)) + SK_RQ_HEAD, 8, R_QUEUE);
      queueStore(sl, sockAddr(sock(sl)) + SK_RCV_NXT, 4, <u64>fget(sl, F_SEQ));
      queueCompute(sl, cost(NetCost.tcpRcv));
      break;
    default: // PH_ENQUEUE
      enqueue(sl);
  }
}

export function protocolEnd(cpu: i32, sl: usize, phase: u32): u32 {
  switch (phase) {
    case PH_ETH_IP:
      if (!runsNetfilter(sl)) return PH_ROUTE;
      return hasFlag(NET_CONNTRACK) ? PH_NF_CONNTRACK : firstRules(sl);
    case PH_NF_CONNTRACK: return firstRules(sl);
    case PH_NF_RULES:
      if (fget(sl, F_I) < netCfg(NetCfg.netfilterRules)) return PH_NF_RULES;
      return afterNetfilter(sl);
    case PH_ROUTE: return PH_TCP_LOOKUP;
    case PH_TCP_LOOKUP: return lockThen(sl, sockAddr(sock(sl)) + SK_LOCK, Step.sockLock, PH_TCP_RCV);
    case PH_TCP_RCV: {
      if (fget(sl, F_MODE) == MODE_SOCKET) return PH_CS_UNLOCK; // channel-socket: the reader copies it now
      const q = reg(sl, R_QUEUE);
      fset(sl, F_VAL, <u32>(q >> 32)); // the receive queue's tail
      fset(sl, F_N, <u32>(q >> 32) - <u32>q >= netCfg(NetCfg.sockRcvLimit) ? 1 : 0); // full: TCP drops it
      return PH_ENQUEUE;
    }
    default:
      if (fget(sl, F_N) == 0) return PH_WAKE_CHECK;
      if (fget(sl, F_SEQ) >= netCfg(NetCfg.warmupPackets)) netStatAdd(cpu, NetStat.droppedSocket);
      return call(sl, PH_SKB_FREE, PH_NETRX_NEXT_PKT);
  }
}

/** Netfilter runs on the classic path, before a channel, and in a channel's consumer when placed there. */
function runsNetfilter(sl: usize): bool {
  if (!hasFlag(NET_NETFILTER)) return false;
  const chan = netCfg(NetCfg.chanFlags);
  return chan == 0 || fget(sl, F_MODE) == MODE_PRODUCING || (chan & CHAN_NF_CONSUMER) != 0;
}

@inline function firstRules(sl: usize): u32 {
  fset(sl, F_I, 0);
  return netCfg(NetCfg.netfilterRules) != 0 ? PH_NF_RULES : afterNetfilter(sl);
}

/** After netfilter: the route lookup, or — netfilter before a channel — into the channel. */
function afterNetfilter(sl: usize): u32 {
  if (fget(sl, F_MODE) != MODE_PRODUCING) return PH_ROUTE;
  fset(sl, F_MODE, MODE_CLASSIC);
  return produceEntry(sl);
}

/** The next rules: each entry read, each of this CPU's counters written (the value is this CPU's count
 *  of packets through netfilter: only this CPU writes its counters). */
function rules(cpu: i32, sl: usize): void {
  const first = fget(sl, F_I);
  const total = netCfg(NetCfg.netfilterRules);
  const last = first + RULES_PER_PHASE < total ? first + RULES_PER_PHASE : total;
  const p = privAt(cpu, NetPriv.nfPackets);
  if (first == 0) store<u64>(p, load<u64>(p) + 1);
  const counters = netCfg(NetCfg.nfCountersBase) + <u32>cpu * netCfg(NetCfg.nfCountersStride);
  for (let r = first; r < last; r++) {
    queueLoad(sl, netCfg(NetCfg.nfRulesBase) + r * NF_RULE_BYTES, 8, R_SCRATCH);
    queueStore(sl, counters + r * 16, 8, load<u64>(p));
  }
  // the hook's entry and exit are charged once per packet: with conntrack's phase when it runs, else here
  const hook = first == 0 && !hasFlag(NET_CONNTRACK) ? cost(NetCost.netfilterHook) : 0;
  queueCompute(sl, cost(NetCost.netfilterRule) * (last - first) + hook);
  fset(sl, F_I, last);
}

/** __skb_queue_tail on the socket's receive queue (unless it is full: tcp_try_rmem_schedule fails and
 *  the segment is dropped), the unlock, and sock_put. */
function enqueue(sl: usize): void {
  const s = sock(sl);
  const tail = fget(sl, F_VAL);
  if (fget(sl, F_N) == 0) {
    queueStore(sl, sockQueueSlot(s, tail), 4, <u64>fget(sl, F_SKB));
    queueStore(sl, sockAddr(s) + SK_RQ_TAIL, 4, <u64>(tail + 1));
  }
  queueCompute(sl, cost(NetCost.sockEnqueue));
  queueUnlock(sl);
  queueAtomicAdd(sl, sockAddr(s) + SK_REFCNT, <u64>-1, NO_REG);
}
