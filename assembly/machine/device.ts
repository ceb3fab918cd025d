// A device on the DMA port: issues DMA writes and reads of whole lines at programmed times (the NIC's DMA
// engine is built on this port). Each op writes or reads `lines` consecutive lines from `addr`; a write's
// bytes come from `src` (device-side memory the simulated CPUs never cache).
//
// State at DEVICE_BASE: 0 count u32 | 4 next u32 | 8 completions u32 | 12 mmio writes u32 |
//   16 lastCompletion i64 | 24 last mmio value u32 | 32 ops…
// Op (16 B): 0 time u32 | 4 kind u8 (1 write, 2 read) | 6 lines u16 | 8 addr u32 | 12 src u32

import { DEVICE, DEVICE_BASE, UNCORE, IO_HOP, LINE_SHIFT, LINE_BYTES } from "../sim/layout";
import { evKind, evTime, evC } from "../sim/event";
import { Msg } from "./messages";
import { send, schedule } from "../sim/send";

export const DMA_WRITE: u32 = 1;
export const DMA_READ: u32 = 2;
/** An interrupt: `addr` is the CPU, `lines` the vector (an MSI-X write, one I/O hop away). */
export const DEVICE_IRQ: u32 = 3;
/** A write of `lines` bytes at `addr`, within one line (a descriptor): the rest of the line is kept. */
export const DMA_WRITE_PART: u32 = 4;
/** The same as DMA_WRITE, as one line run (machine/line-runs.ts): one message, one completion. */
export const DMA_WRITE_RUN: u32 = 5;

@inline function op(i: u32): usize { return DEVICE_BASE + 32 + (<usize>i << 4); }

export function deviceInit(): void {
  store<u32>(DEVICE_BASE, 0, 4);
  store<u32>(DEVICE_BASE, 0, 8);
  store<u32>(DEVICE_BASE, 0, 12);
  store<i64>(DEVICE_BASE, 0, 16);
  store<u32>(DEVICE_BASE, 0, 24);
  if (load<u32>(DEVICE_BASE) > 0) schedule(DEVICE, load<u32>(op(0)), Msg.DEVICE_NEXT, 0, 0, 0, 0);
}

export function deviceHandle(e: usize): void {
  const t = evTime(e);
  if (evKind(e) == Msg.MMIO) {
    // the test device only counts register writes from CPUs (the NIC acts on them)
    store<u32>(DEVICE_BASE, load<u32>(DEVICE_BASE, 12) + 1, 12);
    store<u32>(DEVICE_BASE, evC(e), 24);
    return;
  }
  if (evKind(e) == Msg.DMA_DONE) {
    store<u32>(DEVICE_BASE, load<u32>(DEVICE_BASE, 8) + 1, 8);
    store<i64>(DEVICE_BASE, t, 16);
    return;
  }
  // DEVICE_NEXT: issue op `next`, then schedule the one after it
  const i = load<u32>(DEVICE_BASE, 4);
  const o = op(i);
  const kind = <u32>load<u8>(o, 4);
  const lines = <u32>load<u16>(o, 6);
  const first = load<u32>(o, 8) >> LINE_SHIFT; // (for an interrupt, addr is the CPU)
  const src = load<u32>(o, 12);
  if (kind == DEVICE_IRQ) send(DEVICE, <i32>load<u32>(o, 8), t + IO_HOP, Msg.IRQ, 0, 0, lines, 0);
  else if (kind == DMA_WRITE_RUN) send(DEVICE, UNCORE, t + IO_HOP, Msg.DMA_WR_RUN, 0, first, lines, src);
  else if (kind == DMA_WRITE_PART) {
    const addr = load<u32>(o, 8);
    send(DEVICE, UNCORE, t + IO_HOP, Msg.DMA_WR, 0, first, (addr & (LINE_BYTES - 1)) | (lines << 8), src);
  }
  else for (let k: u32 = 0; k < lines; k++) {
    if (kind == DMA_WRITE) send(DEVICE, UNCORE, t + IO_HOP, Msg.DMA_WR, 0, first + k, 0, src + k * LINE_BYTES);
    else send(DEVICE, UNCORE, t + IO_HOP, Msg.DMA_RD, 0, first + k, <u32>DEVICE, 0);
  }
  store<u32>(DEVICE_BASE, i + 1, 4);
  if (i + 1 < load<u32>(DEVICE_BASE)) {
    const next = <i64>load<u32>(op(i + 1));
    schedule(DEVICE, next > t ? next : t, Msg.DEVICE_NEXT, 0, 0, 0, 0);
  }
}
