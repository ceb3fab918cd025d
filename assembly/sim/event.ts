// An event is a 32-byte record: a message between logical processes (LPs) or an LP's own internal event.
//
//   0        8                        16      18      20      24      28      32
//   +--------+------------------------+-------+-------+-------+-------+-------+
//   | time   | order = sender<<48|seq | kind  | flags |   a   |   b   |   c   |
//   +--------+------------------------+-------+-------+-------+-------+-------+
//
// Every LP handles its events in (time, sender, seq) order — `order` packs the last two so one u64
// comparison breaks ties (DESIGN.md). For coherence messages `a` is the line number, `b` the requesting
// LP, `c` a kind-specific word (the line's data version in debug runs, a DMA source address, …).

export const EV_TIME: usize = 0;
export const EV_ORDER: usize = 8;
export const EV_KIND: usize = 16;
export const EV_FLAGS: usize = 18;
export const EV_A: usize = 20;
export const EV_B: usize = 24;
export const EV_C: usize = 28;

@inline export function evTime(e: usize): i64 { return load<i64>(e, EV_TIME); }
@inline export function evOrder(e: usize): u64 { return load<u64>(e, EV_ORDER); }
@inline export function evSender(e: usize): i32 { return <i32>(load<u64>(e, EV_ORDER) >> 48); }
@inline export function evKind(e: usize): u32 { return load<u16>(e, EV_KIND); }
@inline export function evFlags(e: usize): u32 { return load<u16>(e, EV_FLAGS); }
@inline export function evA(e: usize): u32 { return load<u32>(e, EV_A); }
@inline export function evB(e: usize): u32 { return load<u32>(e, EV_B); }
@inline export function evC(e: usize): u32 { return load<u32>(e, EV_C); }

@inline export function orderKey(sender: i32, seq: u64): u64 {
  return (<u64>sender << 48) | (seq & 0xffffffffffff);
}

/** Writes a whole event record at `e`. */
@inline export function evWrite(e: usize, time: i64, order: u64, kind: u32, flags: u32, a: u32, b: u32, c: u32): void {
  store<i64>(e, time, EV_TIME);
  store<u64>(e, order, EV_ORDER);
  store<u16>(e, <u16>kind, EV_KIND);
  store<u16>(e, <u16>flags, EV_FLAGS);
  store<u32>(e, a, EV_A);
  store<u32>(e, b, EV_B);
  store<u32>(e, c, EV_C);
}

/** Copies a record in two 16-byte moves (the heaps move records on every push that is not the latest). */
@inline export function evCopy(dst: usize, src: usize): void {
  const lo = v128.load(src);
  const hi = v128.load(src, 16);
  v128.store(dst, lo);
  v128.store(dst, hi, 16);
}

/** True if the record at `e` sorts strictly before the key (time, order), in (time, sender, seq) order. */
@inline export function evBefore(e: usize, time: i64, order: u64): bool {
  const t = load<i64>(e, EV_TIME);
  return t < time || (t == time && load<u64>(e, EV_ORDER) < order);
}
