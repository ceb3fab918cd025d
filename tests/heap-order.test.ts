// Each LP's pending events (assembly/sim/heap.ts) must come out in (time, order) order, whatever the order
// they went in and however pushes and pops interleave: every result of a run depends on it. Random
// interleavings, checked against a sorted copy in JavaScript, through the module's heap probes.
import { expect, test } from "vitest";
import { prepareRun, type PreparedRun } from "../src/machine/setup.js";
import { testerRun } from "./helpers/random-runs.js";
import { tinyProfile } from "./helpers/machines.js";

const NEVER = (1n << 63n) - 1n;
const HEAP_CAP = 4096; // src/layout/memory-map.ts: capacities.heapEvents

/** A small xorshift generator: the same sequence on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}

type Key = { time: bigint; order: bigint; tag: number };
const byKey = (x: Key, y: Key) => (x.time !== y.time ? (x.time < y.time ? -1 : 1) : x.order < y.order ? -1 : x.order > y.order ? 1 : 0);

/** A heap driven from JavaScript next to a model: a list kept sorted by (time, order). */
class Checked {
  model: Key[] = [];
  popped = 0;
  private seq = 0n;
  private tags = 0;
  constructor(private p: PreparedRun, private lp: number) { p.exports.probeHeapReset(lp); }
  push(time: bigint, sender: number): void {
    const k = { time, order: (BigInt(sender) << 48n) | this.seq++, tag: ++this.tags };
    this.p.exports.probeHeapPush(this.lp, k.time, k.order, k.tag);
    let lo = 0, hi = this.model.length; // binary insertion: the model stays sorted
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byKey(this.model[mid], k) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.model.splice(lo, 0, k);
    this.expectTop();
  }
  pop(): Key {
    const e = this.p.exports.probeHeapPop(this.lp) >>> 0;
    const v = new DataView(this.p.memory.buffer);
    const got = { time: v.getBigInt64(e, true), order: v.getBigUint64(e + 8, true), tag: v.getUint32(e + 20, true) };
    // the rest of the record travels with its key
    expect([v.getUint16(e + 16, true), v.getUint16(e + 18, true), v.getUint32(e + 24, true), v.getUint32(e + 28, true)])
      .toEqual([7, 3, ~got.tag >>> 0, (got.tag ^ 0x5555) >>> 0]);
    const want = this.model.shift()!;
    expect(got).toEqual(want);
    this.popped++;
    this.expectTop();
    return got;
  }
  expectTop(): void {
    expect(this.p.exports.probeHeapTopTime(this.lp)).toBe(this.model.length ? this.model[0].time : NEVER);
    if (this.model.length) expect(this.p.exports.probeHeapTopOrder(this.lp)).toBe(this.model[0].order);
  }
}

async function prepared(): Promise<PreparedRun> {
  return prepareRun(testerRun(tinyProfile(2), 10), "release", 1, "inthread");
}

test("random pushes and pops in random interleavings pop in (time, order) order, as a sort gives", async () => {
  const p = await prepared();
  const next = rng(20261206);
  for (let round = 0; round < 40; round++) {
    const h = new Checked(p, round % 3);
    let now = 0n;
    const pushBias = 0.35 + 0.3 * next(); // some rounds grow the heap, others keep it small
    for (let op = 0; op < 600; op++) {
      if (h.model.length && next() > pushBias) {
        now = h.pop().time;
        continue;
      }
      const r = next();
      // mostly nearly in time order (t + a hop), some far ahead, some ties in time broken by sender
      const time = r < 0.6 ? now + BigInt(Math.floor(next() * 40)) : r < 0.9 ? now + BigInt(Math.floor(next() * 4000)) : now + 5n;
      h.push(time, Math.floor(next() * 6));
    }
    while (h.model.length) h.pop();
    expect(h.popped).toBeGreaterThan(150);
  }
});

test("pushes in falling time order (every push before all pending events) pop in order", async () => {
  const p = await prepared();
  const h = new Checked(p, 0);
  for (let i = 0; i < 300; i++) h.push(BigInt(10_000 - 7 * i), i % 4);
  for (let i = 0; i < 100; i++) h.pop();
  for (let i = 0; i < 300; i++) h.push(BigInt(5_000 + ((i * 7919) % 3001)), 5);
  while (h.model.length) h.pop();
  expect(h.popped).toBe(600);
});

test("a heap kept nearly full for many more pushes than its capacity keeps every slot usable and its order", async () => {
  const p = await prepared();
  const h = new Checked(p, 1);
  const next = rng(7);
  let now = 0n;
  for (let i = 0; i < HEAP_CAP; i++) h.push(BigInt(Math.floor(next() * 100_000)), i % 3);
  expect(h.model.length).toBe(HEAP_CAP);
  // pop a few, push as many: the pending events wander through the slots while the heap stays full
  for (let i = 0; i < 3 * HEAP_CAP; i++) {
    if (i % 2 === 0) now = h.pop().time;
    else h.push(now + BigInt(Math.floor(next() * 100_000)), 1);
  }
  expect(h.model.length).toBe(HEAP_CAP);
  while (h.model.length) h.pop();
  expect(h.popped).toBe(HEAP_CAP + (3 * HEAP_CAP) / 2);
}, 60_000);
