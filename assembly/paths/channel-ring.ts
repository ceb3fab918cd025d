// Van Jacobson's channel: a single-producer, single-consumer ring (the first seed; LCA 2006). The
// producer's variables — its index and the count of wakeups it has sent — sit on their own cache line;
// the consumer's — its index and the count of wakeups it has asked for — on another. Indices are
// free-running u32s, masked only to find a slot, so full (prod − cons == slots) and empty (prod == cons)
// are told apart without a spare slot, and wrapping past 2^32 changes nothing (u32 subtraction).
// Neither side does an atomic read-modify-write: each writes only its own line.
//
//   producer: space = slots − (prod − consSeen); when that looks like none, re-read cons (rarely).
//   consumer: available = prodSeen − cons; it gives slots back by storing cons, once per batch.
//   wakeup:   before sleeping the consumer bumps its wake count (consWake); after publishing the
//             producer reads it and signals when it differs from the count it has sent (prodWake).
//
// Each side keeps its private copies (NetChan) outside simulated memory, as a CPU keeps a variable in a
// register or its own L1; what the other side sees goes through the two lines, which are simulated.
// With `sharedIndexLine` the consumer's words live on the producer's line (CHAN_SHARED_CONS_AT): the
// false sharing the design exists to avoid. With `wakeLine: "own"` the consumer's wake count has a line
// of its own (as AF_XDP keeps its need_wakeup flags apart, net/xdp/xsk_queue.h): the producer's check
// after each publish then hits until the consumer asks for a wakeup, instead of fetching the consumer's
// line after every release.

import { NetCfg, NetChan, NET_CHAN_BYTES, CHAN_HDR_BYTES } from "../shared/net";
import { netCfg } from "./net-config";

/** Slots free for the producer, by its last-seen copy of the consumer's index. */
@inline export function ringSpace(prod: u32, consSeen: u32, slots: u32): u32 { return slots - (prod - consSeen); }
/** Slots holding packets for the consumer, by its last-seen copy of the producer's index. */
@inline export function ringAvailable(prodSeen: u32, cons: u32): u32 { return prodSeen - cons; }
/** The slot of free-running index `i`. */
@inline export function ringSlot(i: u32, slots: u32): u32 { return i & (slots - 1); }

@inline export function slots(): u32 { return netCfg(NetCfg.chanSlots); }
@inline export function prodLine(ch: u32): u32 { return netCfg(NetCfg.chanProdBase) + ch * 64; }
/** Address of the consumer's words of channel `ch` (its own line, or after the producer's). */
@inline export function consWords(ch: u32): u32 { return netCfg(NetCfg.chanConsBase) + ch * 64 + netCfg(NetCfg.chanConsAt); }
/** Address of the consumer's wake count of channel `ch`: on its index line, or on a line of its own. */
@inline export function wakeWord(ch: u32): u32 { return netCfg(NetCfg.chanWakeBase) + ch * 64 + netCfg(NetCfg.chanWakeAt); }
/** The buffer of slot `s` of channel `ch` (buffers ring): its header line, then the frame. */
@inline export function slotAddr(ch: u32, s: u32): u32 {
  return netCfg(NetCfg.chanRingBase) + (ch * slots() + s) * netCfg(NetCfg.chanSlotBytes);
}
@inline export function slotFrame(ch: u32, s: u32): u32 { return slotAddr(ch, s) + CHAN_HDR_BYTES; }
/** The pointer entry of slot `s` (pointers ring): the skb whose buffer holds the packet. */
@inline export function pointerAddr(ch: u32, s: u32): u32 { return netCfg(NetCfg.chanRingBase) + (ch * slots() + s) * 8; }

@inline function privAddr(ch: u32, f: NetChan): usize { return <usize>netCfg(NetCfg.chanPrivBase) + <usize>ch * NET_CHAN_BYTES + <usize>f; }
@inline export function chanGet(ch: u32, f: NetChan): u32 { return load<u32>(privAddr(ch, f)); }
@inline export function chanSet(ch: u32, f: NetChan, v: u32): void { store<u32>(privAddr(ch, f), v); }
