// skb allocation and freeing. Each CPU allocates from, and frees into, its own cache of skbs (like the
// NAPI skb cache, net/core/skbuff.c: napi_alloc_cache, NAPI_SKB_CACHE_SIZE, refilled and flushed
// NAPI_SKB_CACHE_BULK at a time); the caches exchange skbs through one shared pool under a lock (standing
// for the slab allocator's shared lists). When the IRQ CPU allocates and the application's CPU frees,
// skbs flow one way: the IRQ CPU's cache runs dry and refills from the pool, the reader's fills and
// flushes to it — the pool lock and the skb lines themselves move between the CPUs, which is the cost
// of freeing on another CPU. An skb owns its data buffer (as in drivers that receive into skbs), so the
// buffers travel with the skbs. Freeing also drops the conntrack reference the packet held.
//
// The skb's own lines: allocation writes all four (__alloc_skb clears the struct), so an skb last touched
// by another CPU is pulled over line by line.

import { queueLoad, queueStore, queueCompute, queueScan, queueAtomicAdd } from "../cpu/kernel/emit-op";
import { reg } from "../cpu/kernel/state";
import { Step } from "../shared/steps";
import { LINE_BYTES } from "../sim/layout";
import {
  NetCfg, NetCost, NetFlow, NET_CONNTRACK, SKB_BYTES, SKC_COUNT, SKC_IDS, POOL_LOCK, POOL_COUNT, POOL_IDS,
  CONNTRACK_BYTES, CHAN_POINTERS, SKB_DATA, SKB_FLOW, SKB_TSTAMP, SKB_SEQ,
} from "../shared/net";
import { fget, fset, ret, ftime, fsetTime, F_SKB, F_DATA, F_LEN, F_FLOW, F_SEQ, F_N } from "./frame";
import { netCfg, cost, hasFlag, skbAddr, flowGet } from "./net-config";
import { lockThen, queueUnlock } from "./lock";
import { chanSoftirq, cqFreed } from "./channel-softirq";
import {
  PH_SKB_ALLOC, PH_SKB_POP, PH_SKB_REFILL, PH_SKB_REFILL_TAKE, PH_SKB_INIT, PH_SKB_FREE, PH_SKB_PUSH, PH_SKB_FLUSH, PH_SKB_FLUSH_PUT,
} from "./phases";

const R0: u32 = 0;
const R1: u32 = 1;
const R2: u32 = 2;
const R3: u32 = 3;

@inline function cacheAddr(cpu: i32): u32 { return netCfg(NetCfg.skbCacheBase) + <u32>cpu * netCfg(NetCfg.skbCacheStride); }
@inline function poolAddr(): u32 { return netCfg(NetCfg.skbPoolBase); }

/** The packet's fields that its path reads back later, stored into the skb in hand (the driver's
 *  skb fill, build_skb around a channel slot). */
export function queueSkbFields(sl: usize): void {
  const skb = skbAddr(fget(sl, F_SKB));
  queueStore(sl, skb + SKB_DATA, 8, <u64>fget(sl, F_DATA) | (<u64>fget(sl, F_LEN) << 32));
  queueStore(sl, skb + SKB_FLOW, 8, <u64>fget(sl, F_FLOW));
  queueStore(sl, skb + SKB_TSTAMP, 8, <u64>ftime(sl));
  queueStore(sl, skb + SKB_SEQ, 8, <u64>fget(sl, F_SEQ));
}

/** Reads those fields of the skb in hand into R0–R3; `unpackSkb` puts them into the frame. */
export function queueSkbLoads(sl: usize): void {
  const skb = skbAddr(fget(sl, F_SKB));
  queueLoad(sl, skb + SKB_DATA, 8, R0);
  queueLoad(sl, skb + SKB_FLOW, 8, R1);
  queueLoad(sl, skb + SKB_TSTAMP, 8, R2);
  queueLoad(sl, skb + SKB_SEQ, 8, R3);
}

/** The fields `queueSkbLoads` read, into the frame. */
export function unpackSkb(sl: usize): void {
  const d = reg(sl, R0);
  fset(sl, F_DATA, <u32>d);
  fset(sl, F_LEN, <u32>(d >> 32));
  fset(sl, F_FLOW, <u32>reg(sl, R1));
  fsetTime(sl, <i64>reg(sl, R2));
  fset(sl, F_SEQ, <u32>reg(sl, R3));
}

export function skbStep(phase: u32): u32 {
  return phase < PH_SKB_FREE ? Step.skbAlloc : Step.skbFree;
}

export function skbBegin(cpu: i32, sl: usize, phase: u32): void {
  const cache = cacheAddr(cpu);
  const n = fget(sl, F_N);
  switch (phase) {
    case PH_SKB_ALLOC:
    case PH_SKB_FREE:
      if (phase == PH_SKB_FREE) queueRelease(cpu, sl);
      queueLoad(sl, cache + SKC_COUNT, 4, R0);
      break;
    case PH_SKB_POP:
      queueLoad(sl, cache + SKC_IDS + (n - 1) * 4, 4, R0);
      queueStore(sl, cache + SKC_COUNT, 4, <u64>(n - 1));
      break;
    case PH_SKB_REFILL:
    case PH_SKB_FLUSH:
      queueLoad(sl, poolAddr() + POOL_COUNT, 4, R0);
      break;
    case PH_SKB_REFILL_TAKE:
      refillTake(cpu, sl);
      break;
    case PH_SKB_INIT:
      initSkb(sl);
      break;
    case PH_SKB_PUSH:
      queueStore(sl, cache + SKC_IDS + n * 4, 4, <u64>fget(sl, F_SKB));
      queueStore(sl, cache + SKC_COUNT, 4, <u64>(n + 1));
      queueCompute(sl, cost(NetCost.skbFree));
      break;
    case PH_SKB_FLUSH_PUT:
      flushPut(cpu, sl);
      break;
    default:
      assert(false, "skb: unknown phase");
  }
}

export function skbEnd(cpu: i32, sl: usize, phase: u32): u32 {
  const v = <u32>reg(sl, R0);
  switch (phase) {
    case PH_SKB_ALLOC:
      fset(sl, F_N, v);
      return v == 0 ? lockThen(sl, poolAddr() + POOL_LOCK, Step.skbAlloc, PH_SKB_REFILL) : PH_SKB_POP;
    case PH_SKB_POP:
      fset(sl, F_SKB, v);
      return PH_SKB_INIT;
    case PH_SKB_REFILL:
      assert(v != 0, "skb pool exhausted: the host sizes it for every buffer in flight");
      fset(sl, F_N, v); // the pool's count, until REFILL_TAKE has used it
      return PH_SKB_REFILL_TAKE;
    case PH_SKB_REFILL_TAKE:
      return PH_SKB_POP; // F_N is now the cache's count
    case PH_SKB_FREE:
      fset(sl, F_N, v);
      return v < cost(NetCost.skbCacheSize) ? PH_SKB_PUSH : lockThen(sl, poolAddr() + POOL_LOCK, Step.skbFree, PH_SKB_FLUSH);
    case PH_SKB_FLUSH:
      fset(sl, F_N, v);
      return PH_SKB_FLUSH_PUT;
    case PH_SKB_FLUSH_PUT:
      return PH_SKB_PUSH; // F_N is now the cache's count
    default: // PH_SKB_INIT, PH_SKB_PUSH
      return ret(sl);
  }
}

/** Refill: move up to a bulk of skb numbers from the pool (locked) into the empty cache. The pool's
 *  lines are read with timed loads; their values are read directly, which is sound because the lock is
 *  held and taking it (a locked op) drained every earlier store of this CPU, and every other CPU's
 *  stores to the pool were drained before its unlock. */
function refillTake(cpu: i32, sl: usize): void {
  const m = fget(sl, F_N);
  const k = m < cost(NetCost.skbCacheBulk) ? m : cost(NetCost.skbCacheBulk);
  const from = poolAddr() + POOL_IDS + (m - k) * 4;
  queueScan(sl, from, k * 4, LINE_BYTES);
  queueStore(sl, poolAddr() + POOL_COUNT, 4, <u64>(m - k));
  const cache = cacheAddr(cpu);
  for (let i: u32 = 0; i < k; i++) queueStore(sl, cache + SKC_IDS + i * 4, 4, <u64>load<u32>(from + i * 4));
  queueStore(sl, cache + SKC_COUNT, 4, <u64>k);
  queueUnlock(sl);
  fset(sl, F_N, k);
}

/** Flush: the cache is full; move a bulk of its skb numbers to the pool (locked). The cache's values
 *  are read directly: only this CPU writes its cache, and the lock's locked op drained its stores. */
function flushPut(cpu: i32, sl: usize): void {
  const m = fget(sl, F_N);
  const n = cost(NetCost.skbCacheSize);
  const k = cost(NetCost.skbCacheBulk);
  const cache = cacheAddr(cpu);
  const from = cache + SKC_IDS + (n - k) * 4;
  queueScan(sl, from, k * 4, LINE_BYTES);
  for (let i: u32 = 0; i < k; i++) queueStore(sl, poolAddr() + POOL_IDS + (m + i) * 4, 4, <u64>load<u32>(from + i * 4));
  queueStore(sl, poolAddr() + POOL_COUNT, 4, <u64>(m + k));
  queueUnlock(sl);
  queueStore(sl, cache + SKC_COUNT, 4, <u64>(n - k));
  fset(sl, F_N, n - k);
}

/** __alloc_skb: the struct cleared (four whole lines written). */
function initSkb(sl: usize): void {
  const skb = skbAddr(fget(sl, F_SKB));
  for (let l: u32 = 0; l < SKB_BYTES; l += LINE_BYTES) queueStore(sl, skb + l, 8, 0);
  queueCompute(sl, cost(NetCost.skbAlloc));
}

/** What freeing the packet releases besides the skb (and its buffer, which goes with it): the
 *  conntrack entry's reference (nf_conntrack_put). */
function queueRelease(cpu: i32, sl: usize): void {
  // channel-softirq with a buffers ring: the skb was built around a channel slot, which is now free
  if (chanSoftirq() && (netCfg(NetCfg.chanFlags) & CHAN_POINTERS) == 0) cqFreed(cpu, sl, fget(sl, F_DATA));
  if (hasFlag(NET_CONNTRACK)) {
    const ct = netCfg(NetCfg.conntrackBase) + flowGet(fget(sl, F_FLOW), NetFlow.conntrackEntry) * CONNTRACK_BYTES;
    queueAtomicAdd(sl, ct, <u64>-1, 0xff);
  }
}
