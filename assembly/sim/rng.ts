// Deterministic pseudo-random numbers: xorshift64* (Vigna, "An experimental exploration of Marsaglia's
// xorshift generators, scrambled", 2016). State is kept by the caller, in simulated-machine memory.

@inline export function rngNext(p: usize): u64 {
  let x = load<u64>(p);
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  store<u64>(p, x);
  return x * 0x2545f4914f6cdd1d;
}

/** Uniform in [0, n) (n > 0), from the high bits. */
@inline export function rngBelow(p: usize, n: u32): u32 {
  return <u32>(((rngNext(p) >> 32) * <u64>n) >> 32);
}
