// How an LP talks to another: send() a message with a latency of at least the lookahead Q, or schedule()
// one of its own events. In-thread, a message goes straight into the receiver's heap and shortens the
// sender's horizon (a reply can come back after 2Q); with workers it goes into the (sender, receiver) inbox.

import { Q } from "./layout";
import { orderKey } from "./event";
import { heapPush } from "./heap";
import { inboxPush } from "./inbox";
import { lpNextSendSeq, lpNextSelfSeq } from "./lp-state";

export const MODE_INTHREAD: i32 = 0;
export const MODE_WINDOWS: i32 = 1;

/** Which scheduler drives this instance. Per instance (a wasm global), set before a run. */
export let mode: i32 = MODE_INTHREAD;
/** In-thread: the earliest time a reply to anything sent during the current LP run could arrive. */
export let replyHorizon: i64 = i64.MAX_VALUE;
/** Windows: the earliest message time this instance sent in the current window (for skipping empty time). */
export let sentMin: i64 = i64.MAX_VALUE;

export function setMode(m: i32): void { mode = m; }
export function resetReplyHorizon(): void { replyHorizon = i64.MAX_VALUE; }
export function resetSentMin(): void { sentMin = i64.MAX_VALUE; }

export function send(from: i32, to: i32, time: i64, kind: u32, flags: u32, a: u32, b: u32, c: u32): void {
  const order = orderKey(from, lpNextSendSeq(from));
  if (mode == MODE_INTHREAD) {
    heapPush(to, time, order, kind, flags, a, b, c);
    const h = time + Q;
    if (h < replyHorizon) replyHorizon = h;
  } else {
    inboxPush(from, to, time, order, kind, flags, a, b, c);
    if (time < sentMin) sentMin = time;
  }
}

/** Accounts for a message sent at `time` (the reply horizon in-thread, the window's earliest send with
 *  workers). A sender that holds a message back to merge it with the next (machine/miss-runs.ts) calls
 *  this when it takes the message's sequence number, so that it stops exactly where a plain send would. */
@inline export function noteSent(time: i64): void {
  if (mode == MODE_INTHREAD) {
    const h = time + Q;
    if (h < replyHorizon) replyHorizon = h;
  } else if (time < sentMin) sentMin = time;
}

/** Hands a message with its ordering key, taken earlier, to its receiver (noteSent was called then). */
export function sendKeyed(from: i32, to: i32, time: i64, order: u64, kind: u32, flags: u32, a: u32, b: u32, c: u32): void {
  if (mode == MODE_INTHREAD) heapPush(to, time, order, kind, flags, a, b, c);
  else inboxPush(from, to, time, order, kind, flags, a, b, c);
}

/** An LP's own future event. It never crosses LPs, so it needs no lookahead. */
export function schedule(lp: i32, time: i64, kind: u32, flags: u32, a: u32, b: u32, c: u32): void {
  heapPush(lp, time, orderKey(lp, lpNextSelfSeq(lp)), kind, flags, a, b, c);
}
