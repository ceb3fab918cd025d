// Reading the network paths' configuration block (shared/net.ts): costs, structure addresses, the flow
// and CPU tables, and the host-only counters.

import { NET_BASE } from "../sim/layout";
import {
  NetCfg, NetCost, NetFlow, NetCpu, NetStat, NetPriv, NetDriver, NET_FLOW_BYTES, NET_CPU_BYTES, NET_STATS_BYTES, NET_PRIV_AT,
  SKB_BYTES, SOCK_BYTES, RUNQUEUE_BYTES, TASK_BYTES,
} from "../shared/net";

@inline export function netCfg(f: NetCfg): u32 { return load<u32>(NET_BASE + (<usize>f << 2)); }
@inline export function cost(c: NetCost): u32 { return load<u32>(NET_BASE + ((<usize>NetCfg.costs + <usize>c) << 2)); }
@inline export function hasFlag(flag: u32): bool { return (netCfg(NetCfg.flags) & flag) != 0; }

@inline export function flowRec(f: u32): usize { return <usize>netCfg(NetCfg.flowTableBase) + <usize>f * NET_FLOW_BYTES; }
@inline export function flowGet(f: u32, field: NetFlow): u32 { return load<u32>(flowRec(f) + <usize>field); }
@inline export function cpuGet(cpu: i32, field: NetCpu): u32 {
  return load<u32>(<usize>netCfg(NetCfg.cpuTableBase) + <usize>cpu * NET_CPU_BYTES + <usize>field);
}

/** Host-only counters of a CPU (never simulated accesses: they are the simulator's instruments). */
@inline export function netStats(cpu: i32): usize { return <usize>netCfg(NetCfg.statsBase) + <usize>cpu * NET_STATS_BYTES; }
@inline export function netStatAdd(cpu: i32, s: NetStat, n: u64 = 1): void {
  const p = netStats(cpu) + (<usize>s << 3);
  store<u64>(p, load<u64>(p) + n);
}

@inline export function netStatMax(cpu: i32, s: NetStat, v: u32): void {
  const p = netStats(cpu) + (<usize>s << 3);
  if (<u64>v > load<u64>(p)) store<u64>(p, <u64>v);
}

// Addresses of the simulated structures.
@inline export function sockAddr(sock: u32): u32 { return netCfg(NetCfg.sockBase) + sock * SOCK_BYTES; }
@inline export function skbAddr(skb: u32): u32 { return netCfg(NetCfg.skbBase) + skb * SKB_BYTES; }
@inline export function runqueueAddr(cpu: u32): u32 { return netCfg(NetCfg.runqueueBase) + cpu * RUNQUEUE_BYTES; }
@inline export function taskAddr(cpu: u32): u32 { return netCfg(NetCfg.taskBase) + cpu * TASK_BYTES; }
/** Slot `i` (free-running) of socket `sock`'s receive queue. */
@inline export function sockQueueSlot(sock: u32, i: u32): u32 {
  const n = netCfg(NetCfg.sockQueueSlots);
  return netCfg(NetCfg.sockQueueBase) + (sock * n + (i & (n - 1))) * 4;
}

// A CPU's private words and a queue's driver state (host-only, see shared/net.ts).
@inline export function privAt(cpu: i32, f: NetPriv): usize { return netStats(cpu) + <usize>NET_PRIV_AT + <usize>f; }
@inline export function privGet(cpu: i32, f: NetPriv): u32 { return load<u32>(privAt(cpu, f)); }
@inline export function privSet(cpu: i32, f: NetPriv, v: u32): void { store<u32>(privAt(cpu, f), v); }
@inline export function driverAt(q: u32, f: NetDriver): usize {
  return <usize>netCfg(NetCfg.driverBase) + <usize>q * <usize>netCfg(NetCfg.driverStride) + <usize>f;
}
@inline export function driverGet(q: u32, f: NetDriver): u32 { return load<u32>(driverAt(q, f)); }
@inline export function driverSet(q: u32, f: NetDriver, v: u32): void { store<u32>(driverAt(q, f), v); }
/** The skb whose buffer descriptor `i` of queue `q` holds. */
@inline export function descSkbAt(q: u32, i: u32): usize { return driverAt(q, NetDriver.skbs) + (<usize>i << 2); }
@inline export function skbData(skb: u32): u32 { return netCfg(NetCfg.skbDataBase) + skb * netCfg(NetCfg.bufferBytes); }
