// The small checks validate.ts and validate-traffic.ts share: each refusal names its JSON path, what is
// allowed and what was given.

export type Bad = (path: string, message: string) => void;

export const isInt = (v: unknown): v is number => Number.isInteger(v);
export const U32 = 0xffffffff;

/** An integer in [lo, hi], or a refusal at `path`. */
export function intIn(v: unknown, lo: number, hi: number, path: string, bad: Bad): boolean {
  if (isInt(v) && v >= lo && v <= hi) return true;
  bad(path, `must be an integer in [${lo}, ${hi}] (got ${JSON.stringify(v)})`);
  return false;
}

/** Whether `v` is a plain object (not null, not an array). */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
