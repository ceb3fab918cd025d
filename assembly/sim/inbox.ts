// Inboxes of the workers-as-CPUs scheduler: one single-producer/single-consumer ring per (sender,
// receiver) pair — themselves net channels. The producer's index sits on its own cache line at the start,
// the consumer's on its own line after it, so the two threads never write the same line:
//
//   0            128          256
//   +------------+------------+------------------------------------+
//   | tail (prod)| head (cons)| capacity × 32-byte event records    |
//   +------------+------------+------------------------------------+
//
// Indices run free (u32, wrapping) and are masked on use; full is tail − head == capacity, empty is
// tail == head, so no slot is wasted and the two are never confused. The receiver drains its rings into
// its heap at the start of each window; messages sent in a window land at or after its end, so a drain
// never needs one that is still being written.

import { INBOX_BASE, INBOX_CAP, LPS } from "./layout";
import { inboxBytes } from "../shared/sizes";
import { evWrite } from "./event";
import { heapPushRecord } from "./heap";
import { capacityExceeded } from "./stop";

@inline function ring(sender: i32, receiver: i32): usize {
  return INBOX_BASE + <usize>(sender * LPS + receiver) * <usize>inboxBytes(INBOX_CAP);
}

export function inboxPush(sender: i32, receiver: i32, time: i64, order: u64, kind: u32, flags: u32, a: u32, b: u32, c: u32): void {
  const r = ring(sender, receiver);
  const tail = atomic.load<u32>(r, 0);
  const head = atomic.load<u32>(r, 128);
  if (tail - head >= INBOX_CAP) {
    capacityExceeded(sender, "inbox");
    return;
  }
  evWrite(r + 256 + (<usize>(tail & (INBOX_CAP - 1)) << 5), time, order, kind, flags, a, b, c);
  atomic.store<u32>(r, tail + 1, 0); // publish after the record is written
}

/** Moves every message waiting for `receiver` into its heap. */
export function inboxDrain(receiver: i32): void {
  for (let s = 0; s < LPS; s++) {
    const r = ring(s, receiver);
    let head = atomic.load<u32>(r, 128);
    const tail = atomic.load<u32>(r, 0);
    if (head == tail) continue;
    while (head != tail) {
      heapPushRecord(receiver, r + 256 + (<usize>(head & (INBOX_CAP - 1)) << 5));
      head++;
    }
    atomic.store<u32>(r, head, 128); // release the slots
  }
}
