// The uncore logical process: directory + LLC banks + memory controllers. Every message from a CPU or a
// device first waits for its bank (busy-until), is looked up for `bankLookup` cycles, and is then handled
// in arrival order (BANK_DONE). All messages from here to a CPU take exactly `hop` cycles, so they reach
// it in the order they were decided; extra latency (DRAM) is spent here while the line stays busy.
//
// The protocol, per request (see messages.ts for the vocabulary):
//   GETS  U → data from LLC/DRAM, grant E | S → add sharer, grant S | EM(o) → FWD_GETS to o, which sends
//         the data straight to the requester (3 hops) and acks here; the line is busy until the ack.
//   GETX  U → grant M | S → INV every other sharer, grant M after the last ack | EM(o) → FWD_GETX to o.
//   DMA_WR invalidates every private copy, then writes the line (DDIO: into the LLC, else to DRAM).
//   DMA_RD FWD_DMA to an owner (it keeps a shared copy), else reads the LLC or DRAM.
//   PUT   from the owner: the line becomes uncached here (dirty data goes to the LLC). From a CPU whose
//         forward is in flight: the ack (had = 0) that follows completes the request from the LLC (or
//         from DRAM, when the evicted line was clean and not in the LLC).
//         From anyone else: stale, ignored.

import { UNCORE, DEVICE, HOP, IO_HOP, LINE_SHIFT, LINE_BYTES, BANK_LOOKUP, DDIO, DDIO_WAYS, FAULT, CHECK } from "../sim/layout";
import { send, schedule } from "../sim/send";
import { evKind, evFlags, evA, evB, evC, evTime, evOrder, evWrite } from "../sim/event";
import { Msg, ACK_HAD, ACK_DIRTY } from "./messages";
import {
  dirEntry, dirState, dirOwner, dirSharers, dirTxn, dirSetShared, dirSetOwner, dirSetUncached, D_U, D_S, D_EM,
  txnOpen, txnDefer, txnClose, txnPtr, txnAdoptChain, waitRecord, waitNext, waitRelease, lineVersion, bumpLineVersion,
  T_KIND, T_REQ, T_LINE, T_ACKS, T_FLAGS, T_AUX, TF_FWD, TF_OWNER_EVICTED, TF_REQ_SHARER,
} from "./directory";
import { bankAcquire, dramRead, dramWrite, dramVersion, llcRead, llcFill, llcDrop } from "./llc";
import { regionStat } from "../sim/stats";
import { RegionStat } from "../shared/stats";
import { regionOfLine } from "./regions";
import { Fault } from "../shared/header";
import { lpScratch, lpNextSelfSeq, lpSetClock } from "../sim/lp-state";
import { heapPush } from "../sim/heap";
import { orderKey } from "../sim/event";
import { comesNext } from "../sim/batch";
import { runArrive, runWalk, runLineDone, RUN_FLAG } from "./line-runs";
import { missRunWalk, bankRunWalk } from "./miss-runs";
import { takeSnapshot } from "../sim/snapshot";
import { recording, recordArrive, recordDirBefore, recordDirAfter } from "../sim/record";

@inline function region(line: u32): u32 { return regionOfLine(line, LINE_SHIFT); }
@inline function bit(cpu: i32): u64 { return (<u64>1) << <u64>cpu; }

export function uncoreHandle(e: usize, horizon: i64): void {
  const kind = evKind(e);
  const t = evTime(e);
  if (kind == Msg.BANK_DONE) handleAtBank(evFlags(e) & 0xff, evFlags(e) >> 8, evA(e), evB(e), evC(e), t);
  else if (kind == Msg.MEM_DONE) memDone(evB(e), t);
  else if (kind == Msg.RUN_NEXT) runWalk(evA(e), horizon, runLine);
  else if (kind == Msg.DMA_WR_RUN) runArrive(evA(e), evB(e), evC(e), t);
  else if (kind == Msg.GETS_RUN) missRunWalk(e, horizon, getsReach, getsAtBank);
  else if (kind == Msg.BANK_RUN) bankRunWalk(evA(e), evB(e), evFlags(e), t, evOrder(e), horizon, getsAtBank);
  else if (kind == Msg.SNAPSHOT) takeSnapshot(UNCORE, t); // run control: here, not in the scheduler's loop
  else arrive(kind, evFlags(e), evA(e), evB(e), evC(e), t, horizon);
}

/** A message reached its bank at `t`: it waits for the bank, then the lookup (BANK_DONE). When the lookup
 *  ends before anything else can happen here, it is handled at once, under the key its BANK_DONE gets. */
function arrive(kind: u32, flags: u32, line: u32, from: u32, c: u32, t: i64, horizon: i64): void {
  if (recording) recordArrive(kind, line, from, t);
  const done = bankAcquire(line, t) + BANK_LOOKUP;
  const order = orderKey(UNCORE, lpNextSelfSeq(UNCORE));
  if (comesNext(UNCORE, done, order, horizon)) {
    lpSetClock(UNCORE, done);
    handleAtBank(kind, flags, line, from, c, done);
  } else heapPush(UNCORE, done, order, Msg.BANK_DONE, kind | (flags << 8), line, from, c);
}

/** One line of a CPU's miss run reaches its bank, exactly as its own GETS would (miss-runs.ts): returns when
 *  its lookup ends. */
function getsReach(line: u32, from: u32, t: i64): i64 {
  if (recording) recordArrive(Msg.GETS, line, from, t);
  return bankAcquire(line, t) + BANK_LOOKUP;
}

/** One line of a CPU's miss run after its lookup, exactly as its BANK_DONE (miss-runs.ts). */
function getsAtBank(line: u32, from: u32, t: i64): void {
  handleAtBank(Msg.GETS, 0, line, from, 0, t);
}

/** One line of a DMA run, handled exactly as its own DMA_WR would be after its bank (line-runs.ts). */
function runLine(line: u32, part: u32, src: u32, t: i64): void {
  handleAtBank(Msg.DMA_WR, 0, line, part, src, t);
}

function handleAtBank(kind: u32, flags: u32, line: u32, from: u32, c: u32, t: i64): void {
  if (recording) recordDirBefore(line);
  if (kind == Msg.PUT) onPut(line, <i32>from, flags, c, t);
  else if (kind == Msg.INV_ACK || kind == Msg.FWD_ACK) onAck(line, <i32>from, flags, c, t);
  else {
    const d = dirEntry(line);
    const busy = dirTxn(d);
    if (busy != 0) {
      // keep the original request kind in the record so it can be restarted as it came
      const w = lpScratch(UNCORE);
      evWrite(w, t, 0, kind, flags, line, from, c);
      txnDefer(busy, w);
      regionStat(region(line), RegionStat.lineConflicts);
    } else startRequest(kind, line, from, c, t);
  }
  if (recording) recordDirAfter(kind, flags, line, from, t);
}

function startRequest(kind: u32, line: u32, from: u32, c: u32, t: i64): void {
  if (kind == Msg.GETS) startGets(line, <i32>from, t);
  else if (kind == Msg.GETX) startGetx(line, <i32>from, t);
  else if (kind == Msg.DMA_WR) startDmaWrite(line, c, from, t);
  else if (kind == Msg.DMA_RD) startDmaRead(line, t);
  else assert(false, "uncore: unknown request kind");
}

function startGets(line: u32, req: i32, t: i64): void {
  const d = dirEntry(line);
  const st = dirState(d);
  if (st == D_EM && FAULT == Fault.staleSupply) {
    dirSetShared(d, bit(dirOwner(d)) | bit(req)); // (wrong on purpose: the owner keeps M)
    supply(line, req, Msg.DATA_S, t, 0);
    return;
  }
  if (st == D_EM) {
    assert(dirOwner(d) != req, "GETS from the owner of the line");
    forwardToOwner(line, Msg.GETS, req, Msg.FWD_GETS, t);
    return;
  }
  if (st == D_U) {
    dirSetOwner(d, req);
    supply(line, req, Msg.DATA_E, t, 0);
  } else {
    dirSetShared(d, dirSharers(d) | bit(req));
    supply(line, req, Msg.DATA_S, t, 0);
  }
}

function startGetx(line: u32, req: i32, t: i64): void {
  const d = dirEntry(line);
  const st = dirState(d);
  if (st == D_EM) {
    assert(dirOwner(d) != req, "GETX from the owner of the line");
    forwardToOwner(line, Msg.GETX, req, Msg.FWD_GETX, t);
    return;
  }
  const sharers = st == D_S ? dirSharers(d) : 0;
  const wasSharer = (sharers & bit(req)) != 0;
  const others = sharers & ~bit(req);
  if (others != 0 && FAULT != Fault.skipInvalidate) {
    const tx = txnOpen(line, Msg.GETX, <u32>req);
    if (tx == 0) return;
    const p = txnPtr(tx);
    store<u32>(p, <u32>popcnt(others), T_ACKS);
    store<u32>(p, wasSharer ? TF_REQ_SHARER : 0, T_FLAGS);
    sendInvalidations(others, line, <u32>req, t);
    return;
  }
  dirSetOwner(d, req);
  grantM(line, req, wasSharer, t, 0);
}

/** Opens a `kind` transaction for `req` on a line owned (E/M) by a CPU, and forwards it to that owner
 *  with `fwd`; the line stays busy until the owner's FWD_ACK. */
function forwardToOwner(line: u32, kind: u32, req: i32, fwd: u32, t: i64): void {
  const o = dirOwner(dirEntry(line));
  const tx = txnOpen(line, kind, <u32>req);
  if (tx == 0) return;
  store<u32>(txnPtr(tx), TF_FWD | (<u32>o << 8), T_FLAGS);
  send(UNCORE, o, t + HOP, fwd, 0, line, <u32>req, 0);
}

function sendInvalidations(targets: u64, line: u32, req: u32, t: i64): void {
  let m = targets;
  while (m != 0) {
    const cpu = <i32>ctz(m);
    m &= m - 1;
    send(UNCORE, cpu, t + HOP, Msg.INV, 0, line, req, 0);
  }
}

/** Write permission for `req`: a sharer already has the data, anyone else gets it from the LLC or DRAM. */
function grantM(line: u32, req: i32, hasData: bool, t: i64, tx: u32): void {
  if (hasData) {
    send(UNCORE, req, t + HOP, Msg.DATA_M, 0, line, <u32>req, lineVersion(line));
    if (tx != 0) finish(tx, t);
  } else supply(line, req, Msg.DATA_M, t, tx);
}

/** Sends `line` to `req` from the LLC, or from DRAM while the line stays busy (a MEM_DONE transaction).
 *  `tx` is the transaction to finish once the data is sent (0 if none). */
function supply(line: u32, req: i32, grant: u32, t: i64, tx: u32): void {
  const llcVersion = llcRead(line);
  if (llcVersion >= 0) {
    regionStat(region(line), RegionStat.llcHits);
    send(UNCORE, req, t + (req == DEVICE ? IO_HOP : HOP), grant, 0, line, <u32>req, <u32>llcVersion);
    if (tx != 0) finish(tx, t);
    return;
  }
  regionStat(region(line), RegionStat.llcMisses);
  const ready = dramRead(line, t);
  let m = tx;
  if (m == 0) {
    m = txnOpen(line, Msg.MEM_DONE, <u32>req);
    if (m == 0) return;
  }
  const p = txnPtr(m);
  store<u32>(p, Msg.MEM_DONE, T_KIND);
  store<u32>(p, <u32>req, T_REQ);
  store<u32>(p, grant, T_AUX);
  schedule(UNCORE, ready, Msg.MEM_DONE, 0, line, m, 0);
}

function memDone(tx: u32, t: i64): void {
  const p = txnPtr(tx);
  const line = load<u32>(p, T_LINE);
  const req = <i32>load<u32>(p, T_REQ);
  const grant = load<u32>(p, T_AUX);
  if (recording) recordDirBefore(line);
  if (req == DEVICE) {
    send(UNCORE, DEVICE, t + IO_HOP, grant, 0, line, <u32>req, 0); // device reads do not allocate
  } else {
    const v = dramVersion(line);
    llcFill(line, false, false, 0, t, v);
    send(UNCORE, req, t + HOP, grant, 0, line, <u32>req, v);
  }
  finish(tx, t);
  if (recording) recordDirAfter(Msg.MEM_DONE, 0, line, <u32>req, t);
}

function onPut(line: u32, from: i32, dirty: u32, version: u32, t: i64): void {
  const d = dirEntry(line);
  const tx = dirTxn(d);
  if (tx != 0) {
    const p = txnPtr(tx);
    const f = load<u32>(p, T_FLAGS);
    if ((f & TF_FWD) != 0 && <i32>(f >> 8) == from) {
      store<u32>(p, f | TF_OWNER_EVICTED, T_FLAGS);
      writeback(line, dirty, version, t);
      return;
    }
  }
  if (dirState(d) == D_EM && dirOwner(d) == from) {
    dirSetUncached(d);
    writeback(line, dirty, version, t);
  }
  // otherwise stale: the line has moved on since this CPU evicted it
}

function writeback(line: u32, dirty: u32, version: u32, t: i64): void {
  if (dirty == 0) return;
  llcFill(line, true, false, 0, t, version);
  regionStat(region(line), RegionStat.llcWrites);
}

function onAck(line: u32, from: i32, flags: u32, version: u32, t: i64): void {
  const d = dirEntry(line);
  const tx = dirTxn(d);
  assert(tx != 0, "ack for a line with no transaction");
  const p = txnPtr(tx);
  const kind = load<u32>(p, T_KIND);
  const req = <i32>load<u32>(p, T_REQ);
  const had = (flags & ACK_HAD) != 0;
  const tf = load<u32>(p, T_FLAGS);
  if (kind == Msg.DMA_WR || kind == Msg.DMA_RD) {
    onDmaAck(tx, line, from, flags, version, t);
    return;
  }
  if ((tf & TF_FWD) != 0) {
    // the owner answered a forward
    if (had) {
      regionStat(region(line), RegionStat.bounces);
      if (kind == Msg.GETS) {
        dirSetShared(d, bit(from) | bit(req));
        writeback(line, flags & ACK_DIRTY, version, t);
      } else dirSetOwner(d, req);
      finish(tx, t);
    } else {
      // it had evicted the line; its PUT came first and left the data in the LLC
      dirSetOwner(d, req);
      supply(line, req, kind == Msg.GETS ? Msg.DATA_E : Msg.DATA_M, t, tx);
    }
    return;
  }
  // a GETX collecting invalidation acks
  if (had) regionStat(region(line), RegionStat.bounces);
  const left = load<u32>(p, T_ACKS) - 1;
  store<u32>(p, left, T_ACKS);
  if (left == 0) {
    dirSetOwner(d, req);
    grantM(line, req, (tf & TF_REQ_SHARER) != 0, t, tx);
  }
}

// --- device (DMA) port ---

/** `part` is 0 for a whole line, else offset | length << 8: a partial write (a 16-byte descriptor in a
 *  line of four) that must not touch the rest of the line. Either way every private copy is invalidated. */
function startDmaWrite(line: u32, src: u32, part: u32, t: i64): void {
  const d = dirEntry(line);
  const st = dirState(d);
  const holders: u64 = st == D_EM ? bit(dirOwner(d)) : st == D_S ? dirSharers(d) : 0;
  if (holders == 0) {
    dmaWrite(line, src, part, t);
    return;
  }
  const tx = txnOpen(line, Msg.DMA_WR, part);
  if (tx == 0) return;
  const p = txnPtr(tx);
  store<u32>(p, <u32>popcnt(holders), T_ACKS);
  store<u32>(p, src, T_AUX);
  if (st == D_EM) store<u32>(p, TF_FWD | (<u32>dirOwner(d) << 8), T_FLAGS);
  sendInvalidations(holders, line, <u32>DEVICE, t);
}

/** The write itself, once no private cache holds the line. */
function dmaWrite(line: u32, src: u32, part: u32, t: i64): void {
  const length = (part >> 8) & 0xff;
  if (length == 0) memory.copy(<usize>line << LINE_SHIFT, <usize>src, LINE_BYTES);
  else memory.copy((<usize>line << LINE_SHIFT) + (part & 0xff), <usize>src, length);
  const v = CHECK ? bumpLineVersion(line) : 0;
  dirSetUncached(dirEntry(line));
  const r = region(line);
  regionStat(r, RegionStat.dmaWriteLines);
  if (DDIO) {
    llcFill(line, true, true, DDIO_WAYS, t, v);
    regionStat(r, RegionStat.llcWrites);
  } else {
    llcDrop(line);
    dramWrite(line, t, v);
  }
  if ((part & RUN_FLAG) == 0) send(UNCORE, DEVICE, t + IO_HOP, Msg.DMA_DONE, 0, line, 1, 0);
  else {
    const first = runLineDone(part);
    if (first != 0xffffffff) send(UNCORE, DEVICE, t + IO_HOP, Msg.DMA_DONE, 0, first, 2, 0);
  }
}

function startDmaRead(line: u32, t: i64): void {
  const d = dirEntry(line);
  regionStat(region(line), RegionStat.dmaReadLines);
  if (dirState(d) == D_EM) {
    forwardToOwner(line, Msg.DMA_RD, DEVICE, Msg.FWD_DMA, t);
    return;
  }
  supply(line, DEVICE, Msg.DMA_DONE, t, 0);
}

function onDmaAck(tx: u32, line: u32, from: i32, flags: u32, version: u32, t: i64): void {
  const p = txnPtr(tx);
  const d = dirEntry(line);
  const had = (flags & ACK_HAD) != 0;
  if (load<u32>(p, T_KIND) == Msg.DMA_RD) {
    if (had) {
      dirSetShared(d, bit(from));
      writeback(line, flags & ACK_DIRTY, version, t);
    } else dirSetUncached(d);
    send(UNCORE, DEVICE, t + IO_HOP, Msg.DMA_DONE, 0, line, 0, 0);
    finish(tx, t);
    return;
  }
  if (had) regionStat(region(line), RegionStat.dmaInvalidations);
  const left = load<u32>(p, T_ACKS) - 1;
  store<u32>(p, left, T_ACKS);
  if (left == 0) {
    dmaWrite(line, load<u32>(p, T_AUX), load<u32>(p, T_REQ), t);
    finish(tx, t);
  }
}

/** Ends a transaction and starts the requests that waited for the line, in arrival order. */
function finish(tx: u32, t: i64): void {
  const line = load<u32>(txnPtr(tx), T_LINE);
  let w = txnClose(tx);
  const d = dirEntry(line);
  while (w != 0) {
    const busy = dirTxn(d);
    if (busy != 0) {
      txnAdoptChain(busy, w);
      return;
    }
    const r = waitRecord(w);
    const next = waitNext(w);
    const kind = evKind(r), from = evB(r), c = evC(r);
    waitRelease(w);
    startRequest(kind, line, from, c, t);
    w = next;
  }
}

