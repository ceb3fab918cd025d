// The window barrier of the workers-as-CPUs scheduler: a centralised sense-reversing barrier
// (Mellor-Crummey & Scott, "Algorithms for scalable synchronization on shared-memory multiprocessors",
// 1991). The last worker to arrive resets the count and flips the shared sense; the others spin briefly,
// then sleep in atomic.wait (spinning alone would starve a host with fewer cores than workers).
// Each arrival also publishes a value; after the barrier every worker reads the minimum of all of them —
// the start of the next window. Values are double-buffered by window parity so a fast worker writing the
// next window's value never overwrites one a slow worker has yet to read.
//
//   WORKER_BASE: 0 count u32 | 64 sense i32 | 128 values i64[2][WORKERS]

import { WORKER_BASE, WORKERS } from "./layout";

const SPINS: i32 = 4000;

/** This instance's sense and parity (wasm globals: one per worker). */
let localSense: i32 = 0;
let parity: i32 = 0;

export function barrierReset(): void {
  atomic.store<u32>(WORKER_BASE, 0);
  atomic.store<i32>(WORKER_BASE + 64, 0);
}

export function barrierAttach(): void {
  localSense = 0;
  parity = 0;
}

@inline function valueSlot(par: i32, w: i32): usize {
  return WORKER_BASE + 128 + ((<usize>(par * WORKERS + w)) << 3);
}

/** Publishes `value`, waits for every worker, returns the minimum value published for this window. */
export function barrierMin(w: i32, value: i64): i64 {
  atomic.store<i64>(valueSlot(parity, w), value);
  localSense ^= 1;
  const sense = WORKER_BASE + 64;
  if (atomic.add<u32>(WORKER_BASE, 1) == <u32>WORKERS - 1) {
    atomic.store<u32>(WORKER_BASE, 0);
    atomic.store<i32>(sense, localSense);
    atomic.notify(sense, WORKERS);
  } else {
    let spins = 0;
    while (atomic.load<i32>(sense) != localSense) {
      if (++spins > SPINS) atomic.wait<i32>(sense, localSense ^ 1, 1_000_000); // 1 ms, then look again
    }
  }
  let m = i64.MAX_VALUE;
  for (let i = 0; i < WORKERS; i++) {
    const v = atomic.load<i64>(valueSlot(parity, i));
    if (v < m) m = v;
  }
  parity ^= 1;
  return m;
}
