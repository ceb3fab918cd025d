// The `netchan-trace/1` document: what `netchan trace --json` writes (docs/trace.md describes each field).

/** One cache level's traffic. Reads include modifies (Cachegrind's convention); at L2 and the LLC the
 *  accesses are the previous level's misses. */
export interface LevelCounts {
  reads: number;
  writes: number;
  readMisses: number;
  writeMisses: number;
}

/** One of the lines that missed most: its address (the line's first byte, hexadecimal) and its misses
 *  per level (a straddling access counts at each of its two lines). */
export interface LineMisses {
  address: string;
  l1dMisses: number;
  l2Misses: number;
  llcMisses: number;
}

export interface TraceSummary {
  schema: "netchan-trace/1";
  /** The trace file, as given. */
  trace: string;
  /** The machine profile, as given (a shipped name or a path). */
  profile: string;
  geometry: {
    lineBytes: number;
    l1d: { sets: number; ways: number };
    l2: { sets: number; ways: number };
    llc: { banks: number; setsPerBank: number; ways: number };
  };
  /** `I` lines: counted, not simulated (no instruction cache in the model). */
  instructions: { fetches: number; bytes: number };
  /** `L` and `M` lines are reads, `S` lines writes; `modifies` and `straddling` are parts of those. */
  data: { reads: number; writes: number; modifies: number; straddling: number };
  levels: { l1d: LevelCounts; l2: LevelCounts; llc: LevelCounts };
  /** Dirty L2 victims written back into the LLC, and dirty lines written to DRAM. */
  writebacks: { l2ToLlc: number; llcToDram: number };
  /** Distinct lines with at least one L1d miss. */
  linesWithMisses: number;
  lines: LineMisses[];
}
