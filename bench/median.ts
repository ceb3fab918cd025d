// The median the benchmarks quote (of an odd number of runs, the middle one; of an even number, the upper).
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
