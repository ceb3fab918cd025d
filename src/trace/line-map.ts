// From a trace's line numbers (addresses up to 2^53 divided by the line size) to the machine model's
// (below 2^28 − 1: a tag word keeps the line number + 1 in 28 bits, assembly/machine/cache-array.ts).
// Every cache picks a line's set from its low bits — L1d and L2 from log2(sets) bits, the LLC from
// log2(banks) bits for the bank and log2(setsPerBank) above them — so the map keeps the low
// `indexBits` bits (the most any level uses) and numbers the distinct values of the bits above in order
// of first use. Two trace lines then share a set in the model exactly when they do on the real
// addresses, and stay distinct; only the tags change, which no count depends on.

export const MODEL_LINE_LIMIT = 0x0fffffff - 1;

export class TraceLimitError extends Error {}

export class LineMap {
  private readonly blocks = new Map<number, number>();
  private readonly span: number;

  constructor(readonly indexBits: number) {
    this.span = 2 ** indexBits;
  }

  /** The model's line number for trace line `line`; throws TraceLimitError when the model runs out. */
  map(line: number): number {
    const high = Math.floor(line / this.span);
    let id = this.blocks.get(high);
    if (id === undefined) {
      id = this.blocks.size;
      if ((id + 1) * this.span - 1 > MODEL_LINE_LIMIT)
        throw new TraceLimitError(
          `the trace touches more than ${id} distinct ${(this.span / 1024).toFixed(0)} Ki-line blocks of memory, the most the model's 28-bit line numbers can tell apart with ${this.indexBits} set-index bits`,
        );
      this.blocks.set(high, id);
    }
    return id * this.span + (line % this.span);
  }
}

/** The set-index bits the map must keep for a profile's caches. */
export function indexBitsOf(m: { l1d: { sets: number }; l2: { sets: number }; llc: { banks: number; setsPerBank: number } }): number {
  const bits = (n: number) => Math.round(Math.log2(n));
  return Math.max(bits(m.l1d.sets), bits(m.l2.sets), bits(m.llc.banks) + bits(m.llc.setsPerBank));
}
