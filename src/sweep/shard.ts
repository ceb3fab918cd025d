// Shards: `--shard i/n` runs the i-th of n shares of a sweep's points, so that n machines — the jobs of a CI
// matrix, the tasks of a Slurm array — run one sweep between them and `netchan merge` joins their files.
//
// The share is point k for every k with k mod n = i − 1: dealt round-robin rather than cut into blocks, so
// that a costly end of an axis (the largest packet count, the slowest path) is spread over the shards
// instead of landing on one. It depends on nothing but i, n and the point's index, so every machine
// agrees on it without talking to the others.

export interface Shard {
  /** 1-based, as Slurm's array indices and CI matrices usually count. */
  index: number;
  count: number;
}

/** The largest shard count: more shards than a sweep can have points is a typo. */
export const MAX_SHARDS = 10_000;

/** Reads `i/n`; throws a message naming what is wrong (for the option's error). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`It must be i/n, two whole numbers: run the i-th of n shares (e.g. 1/4); got "${text}".`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) throw new Error(`The shard count n must be from 1 to ${MAX_SHARDS} (got ${count}).`);
  if (index < 1 || index > count) throw new Error(`The shard index i must be from 1 to n = ${count} (got ${index}); shards count from 1.`);
  return { index, count };
}

/** Whether point `k` is in `shard` (every point is in the whole sweep, `shard` null). */
export const inShard = (k: number, shard: Shard | null) => shard === null || k % shard.count === shard.index - 1;
