// Miss runs: a CPU's run of independent misses to consecutive lines (a copy streaming a packet's payload)
// travels to the directory as one GETS_RUN message instead of one GETS per line — with exactly the results
// per-line messages would give.
//
// The core issues independent loads one cycle apart (cpu/core.ts), so the misses of a copy send GETS for
// lines L, L+1, … at times T, T+1, … under sequence numbers S, S+1, …: up to `mshrs` of them before the
// core waits, then one more each time a line's data frees a register. The core takes each line's sequence
// number when it issues the miss, as a plain send would, but holds the message back: a miss that continues
// the run (next line, next cycle, next sequence number) extends it; anything else — another message from
// this CPU in between (a PUT, an ack), a hit, a gap — closes it. The run is handed over when the CPU's LP
// stops running in this step (sim/run-lp.ts runCpu), before any other LP can run; the reply horizon was
// lowered when the first line took its number (sim/send.ts noteSent), so the CPU stops exactly where it
// would have.
//
// At the directory, the message stands for line i's GETS at time T+i with key (cpu, S+i). The uncore
// handles each line's arrival as that GETS would be handled (its bank, its BANK_DONE's reserved key), then
// moves on to the next line for as long as the next line's arrival is certainly the next event it would
// handle (sim/batch.ts comesNext); otherwise it puts the rest of the run back into its heap under the next
// line's time and key, where the GETS of that line would have been. Both schedulers therefore hand the
// uncore the same arrivals in the same (time, sender, seq) order as per-line messages, and nothing it
// sends is numbered differently.
//
// The lookups are gathered the same way: lines whose lookups end one cycle apart under consecutive keys of
// the uncore's own counter become one BANK_RUN, walked under the same rule (a copy's lines go to
// consecutive banks, so they usually do). The replies are not merged: each line's data wakes the core,
// which issues the copy's next miss before the next data arrives, so the CPU handles them one by one.

import { UNCORE } from "../sim/layout";
import { send, sendKeyed, noteSent } from "../sim/send";
import { orderKey, evTime, evOrder, evFlags, evA, evB } from "../sim/event";
import { heapPush } from "../sim/heap";
import { comesNext } from "../sim/batch";
import { lpNextSendSeq, lpNextSelfSeq, lpSetClock } from "../sim/lp-state";
import { stopRequested } from "../sim/stop";
import { Msg } from "./messages";

/** Off, every miss sends its own GETS: tests compare the two (per instance). */
let merging = true;
export function setMissRuns(on: bool): void { merging = on; }

// The open run. It opens and closes inside one run of one CPU's LP, which no other LP interleaves with on
// this instance, so the instance's globals hold it (no shared memory, nothing to hand between workers).
let openCount: u32 = 0;
let openCpu: i32 = 0;
let openLine: u32 = 0;
let openTime: i64 = 0;
let openSeq: u64 = 0;

/** CPU `cpu` sends a GETS for `line`, to arrive at `t`. */
export function missSend(cpu: i32, line: u32, t: i64): void {
  if (!merging) {
    send(cpu, UNCORE, t, Msg.GETS, 0, line, <u32>cpu, 0);
    return;
  }
  const seq = lpNextSendSeq(cpu);
  const n = openCount;
  // (a run's length travels in the event's 16-bit flags)
  if (n != 0 && n < 0xffff && openCpu == cpu && line == openLine + n && t == openTime + <i64>n && seq == openSeq + <u64>n) {
    openCount = n + 1;
    return;
  }
  if (n != 0) handOver();
  noteSent(t);
  openCpu = cpu;
  openLine = line;
  openTime = t;
  openSeq = seq;
  openCount = 1;
}

/** Hands the open run, if any, to the directory: a plain GETS for one line, a GETS_RUN for more. (Inline:
 *  the CPU's LP calls it at the end of every run, and most runs have sent nothing.) */
@inline export function missRunClose(): void {
  if (openCount != 0) handOver();
}

function handOver(): void {
  const n = openCount;
  openCount = 0;
  const order = orderKey(openCpu, openSeq);
  sendKeyed(openCpu, UNCORE, openTime, order, n == 1 ? Msg.GETS : Msg.GETS_RUN, n == 1 ? 0 : n, openLine, <u32>openCpu, 0);
}

/** Where a GETS arriving at the uncore reaches its bank, and what it does there: `reach` (line, requester,
 *  time) books the bank and returns when its lookup ends; `atBank` (line, requester, time) handles it then
 *  (uncore.ts, shared with single GETS). */
export type Reach = (line: u32, from: u32, t: i64) => i64;
export type AtBank = (line: u32, from: u32, t: i64) => void;

// The run of lookups being gathered by missRunWalk: lines whose lookups end one cycle apart under
// consecutive reserved keys (the uncore's own counter), held back as one BANK_RUN.
let bankCount: u32 = 0;
let bankLine: u32 = 0;
let bankFrom: u32 = 0;
let bankDone: i64 = 0;
let bankSeq: u64 = 0;

/** A GETS_RUN at the uncore: each line arrives as its GETS would, in order, while the next arrival
 *  certainly comes next; their lookups' ends are gathered into BANK_RUNs (bankRunWalk). */
export function missRunWalk(e: usize, horizon: i64, reach: Reach, atBank: AtBank): void {
  const count = evFlags(e), line = evA(e), from = evB(e), t = evTime(e), order = evOrder(e);
  bankCount = 0;
  for (let i: u32 = 0; ; i++) {
    const ti = t + <i64>i;
    lpSetClock(UNCORE, ti);
    const done = reach(line + i, from, ti);
    const seq = lpNextSelfSeq(UNCORE); // the key this line's BANK_DONE would have
    const n = bankCount;
    if (n != 0 && done == bankDone + <i64>n && seq == bankSeq + <u64>n) bankCount = n + 1;
    else {
      bankRunClose(ti + 1, atBank); // (into the heap: the rest of the run is not there to compare with)
      bankCount = 1;
      bankLine = line + i;
      bankFrom = from;
      bankDone = done;
      bankSeq = seq;
    }
    if (i + 1 == count) break;
    // held-back lookups must not end before the next arrival (they cannot while a lookup is longer than
    // the run, as it is on every profile: this keeps the rule whatever the numbers)
    if (bankDone <= ti + 1) bankRunClose(ti + 1, atBank);
    const next = order + <u64>(i + 1);
    if (stopRequested() || !comesNext(UNCORE, ti + 1, next, horizon)) {
      heapPush(UNCORE, ti + 1, next, Msg.GETS_RUN, count - i - 1, line + i + 1, from, 0);
      break;
    }
  }
  bankRunClose(horizon, atBank); // after the rest of the run is back in the heap, so comesNext sees it
}

/** Hands the gathered lookups over: at once if the first certainly comes next below `horizon` (the bank
 *  shortcut of uncore.ts arrive, for a run), else into the heap as one BANK_RUN (or a plain BANK_DONE for
 *  one line). While arrivals of the run are still to come, `horizon` is the next one's time. After a stop
 *  request nothing more is handled, as the event loop would handle no further BANK_DONE. */
function bankRunClose(horizon: i64, atBank: AtBank): void {
  const n = bankCount;
  if (n == 0) return;
  bankCount = 0;
  const order = orderKey(UNCORE, bankSeq);
  if (!stopRequested() && comesNext(UNCORE, bankDone, order, horizon)) bankRunWalk(bankLine, bankFrom, n, bankDone, order, horizon, atBank);
  else if (n == 1) heapPush(UNCORE, bankDone, order, Msg.BANK_DONE, Msg.GETS, bankLine, bankFrom, 0);
  else heapPush(UNCORE, bankDone, order, Msg.BANK_RUN, n, bankLine, bankFrom, 0);
}

/** `count` GETS whose lookups end at t, t+1, … under keys order, order+1, …: each handled as its
 *  BANK_DONE would be, while the next certainly comes next; the rest goes back into the heap. */
export function bankRunWalk(line: u32, from: u32, count: u32, t: i64, order: u64, horizon: i64, atBank: AtBank): void {
  for (let i: u32 = 0; ; i++) {
    const ti = t + <i64>i;
    lpSetClock(UNCORE, ti);
    atBank(line + i, from, ti);
    if (i + 1 == count) return;
    const next = order + <u64>(i + 1);
    if (stopRequested() || !comesNext(UNCORE, ti + 1, next, horizon)) {
      heapPush(UNCORE, ti + 1, next, Msg.BANK_RUN, count - i - 1, line + i + 1, from, 0);
      return;
    }
  }
}
