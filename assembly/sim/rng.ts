// Deterministic pseudo-random numbers: xorshift64* (Vigna, "An experimental exploration of Marsaglia's
// xorshift generators, scrambled", 2016). State is kept by the caller, in simulated-machine memory, or in
// a register for a while (rngStep, rngOutput: the same sequence).

/** The state that follows state `x`. */
@inline export function rngStep(x: u64): u64 {
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  return x;
}

/** The number drawn on reaching state `x`. */
@inline export function rngOutput(x: u64): u64 {
  return x * 0x2545f4914f6cdd1d;
}

@inline export function rngNext(p: usize): u64 {
  const x = rngStep(load<u64>(p));
  store<u64>(p, x);
  return rngOutput(x);
}

/** Uniform in [0, n) (n > 0), from the high bits. */
@inline export function rngBelow(p: usize, n: u32): u32 {
  return <u32>(((rngNext(p) >> 32) * <u64>n) >> 32);
}
