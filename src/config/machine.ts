// The machine profile: the published figures a run stands on (REFERENCES.md), validated before anything
// runs. The zod schema is the single source of the TypeScript type, the validator and the published JSON
// Schema (sim-config/schema/machine.schema.json, made by `npm run schema`). Cycle values are core clock
// cycles at `clockGHz`.

import { z } from "zod";
import { ConfigError, formatPath, type ConfigIssue } from "./errors.js";
import { kernelSchema } from "./kernel.js";
import { count, cyclesFrom, numberField, shown } from "./number-field.js";

const MAX_CPUS = 64;

/** A latency: at least one cycle (every step of the machine takes time). */
const cycles = (field: string) => cyclesFrom(field, 1);

/** 1, 2, 4, … up to `max` (itself a power of two). */
const powersOfTwo = (max: number) => Array.from({ length: Math.log2(max) + 1 }, (_, k) => 2 ** k);

const pow2 = (field: string, max: number) =>
  numberField(field, `a power of two (1, 2, 4, 8, …) up to ${max}`, { type: "integer", enum: powersOfTwo(max) });

const LINE_SIZES = "one of 32, 64, 128";

const cacheLevel = (name: string) =>
  z.strictObject({
    sets: pow2(`${name}.sets`, 1 << 20),
    ways: count(`${name}.ways`, 1, 32),
    hitCycles: cycles(`${name}.hitCycles`),
  });

export const machineSchema = z
  .strictObject({
    $schema: z.string().describe("the JSON Schema this file follows, for editors and `netchan validate`").optional(),
    name: z.string({ error: "name must be a non-empty string" }).min(1, { error: "name must be a non-empty string" }),
    description: z.string().optional(),
    /** Simulated CPUs (one logical process each). */
    cpus: count("cpus", 1, MAX_CPUS),
    /** Core clock, used to turn cycles into nanoseconds and rates. */
    clockGHz: numberField("clockGHz", "a number from 0.1 to 10", { type: "number", minimum: 0.1, maximum: 10 }),
    lineBytes: z
      .union([z.literal(32), z.literal(64), z.literal(128)], { error: (i) => `lineBytes must be ${LINE_SIZES} (got ${shown(i.input)})` })
      .describe(LINE_SIZES),
    l1d: cacheLevel("l1d"),
    l2: cacheLevel("l2"),
    llc: z.strictObject({
      banks: pow2("llc.banks", 64),
      setsPerBank: pow2("llc.setsPerBank", 1 << 20),
      /** 0: no shared LLC — a bus-based machine whose misses go to memory or another CPU's cache; then
       *  hitCycles is when the bus's snoop phase has answered, banks = 1 is the bus, bankBusyCycles its
       *  occupancy per transaction (docs/machine.md). */
      ways: count("llc.ways", 0, 32),
      hitCycles: cycles("llc.hitCycles"),
      /** Cycles a bank stays busy per request: a hot line serialises on its bank. */
      bankBusyCycles: cycles("llc.bankBusyCycles"),
    }),
    /** One-way latency between a core and an LLC bank / the directory; the smallest cross-LP latency. */
    hopCycles: cycles("hopCycles"),
    /** Load-to-use latency of a line held modified/exclusive in another CPU's cache. */
    remoteTransferCycles: cycles("remoteTransferCycles"),
    /** Core complexes (chiplets): CPUs per complex and the load-to-use latency of a line held modified or
     *  exclusive by a CPU of another complex. Without it every CPU pair takes remoteTransferCycles. */
    complexes: z
      .strictObject({
        /** CPUs per complex, numbered contiguously: CPUs 0 … n−1 form complex 0, and so on. */
        cpusPerComplex: count("complexes.cpusPerComplex", 1, MAX_CPUS),
        /** Load-to-use latency of a line held M/E by a CPU in another complex. */
        crossTransferCycles: cycles("complexes.crossTransferCycles"),
      })
      .describe("core complexes: { cpusPerComplex, crossTransferCycles }")
      .optional(),
    /** Load-to-use latency of a line served from DRAM. */
    dramCycles: cycles("dramCycles"),
    memory: z.strictObject({
      controllers: count("memory.controllers", 1, 16),
      /** Cycles a controller is busy per 64-byte transfer (its bandwidth). */
      busyCycles: cycles("memory.busyCycles"),
    }),
    /** One-way latency between a device (the NIC's DMA engine) and the LLC/directory. */
    ioHopCycles: cycles("ioHopCycles"),
    /** One-way latency of an inter-processor interrupt, from the sending CPU's ICR write to the target. */
    ipiCycles: cycles("ipiCycles"),
    ddio: z.strictObject({
      enabled: z.boolean({ error: (i) => `ddio.enabled must be true or false (got ${shown(i.input)})` }).describe("true or false"),
      /** LLC ways a DMA write may allocate into (Intel's default: 2). */
      ways: count("ddio.ways", 1, 32),
    }),
    core: z.strictObject({
      /** Outstanding independent misses (miss status holding registers). */
      mshrs: count("core.mshrs", 1, 64),
      storeBufferEntries: count("core.storeBufferEntries", 1, 256),
      /** Cycles of an uncontended locked read-modify-write on a line held exclusively. */
      atomicCycles: cycles("core.atomicCycles"),
    }),
    /** The costs of the Linux receive path's steps and the kernel's limits (kernel.ts, docs/kernel-costs.md). */
    kernel: kernelSchema,
    /** Where each default comes from: field path → citation (see docs/parameters.md). */
    sources: z.record(z.string(), z.string()).describe("field path → citation").optional(),
  })
  // The cross-field checks compare valid values only: a field already refused is not refused again for
  // being inconsistent with the others.
  .superRefine((m, ctx) => {
    const bad = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (m.l2.hitCycles <= m.l1d.hitCycles) bad(["l2", "hitCycles"], `l2.hitCycles (${m.l2.hitCycles}) must be larger than l1d.hitCycles (${m.l1d.hitCycles})`);
    const bank = m.llc.hitCycles - m.l2.hitCycles - 2 * m.hopCycles;
    if (bank < 1)
      bad(["llc", "hitCycles"], `llc.hitCycles (${m.llc.hitCycles}) must be at least l2.hitCycles + 2 × hopCycles + 1 = ${m.l2.hitCycles + 2 * m.hopCycles + 1}: an LLC hit is two hops and a bank lookup after an L2 miss`);
    const snoop = m.remoteTransferCycles - m.llc.hitCycles - m.hopCycles;
    if (snoop < 0)
      bad(["remoteTransferCycles"], `remoteTransferCycles (${m.remoteTransferCycles}) must be at least llc.hitCycles + hopCycles = ${m.llc.hitCycles + m.hopCycles}: a transfer from another cache is one hop longer than an LLC hit`);
    if (m.complexes) complexRules(m, m.complexes, bad);
    if (m.dramCycles <= m.llc.hitCycles) bad(["dramCycles"], `dramCycles (${m.dramCycles}) must be larger than llc.hitCycles (${m.llc.hitCycles})`);
    if (m.ddio.enabled && m.llc.ways === 0) bad(["ddio", "enabled"], "ddio.enabled must be false on a machine without a shared LLC (llc.ways 0): DDIO allocates in the LLC");
    else if (m.ddio.enabled && m.ddio.ways > m.llc.ways) bad(["ddio", "ways"], `ddio.ways (${m.ddio.ways}) must not exceed llc.ways (${m.llc.ways})`);
    // the bank's occupancy is the non-pipelined part of its lookup, so it cannot exceed the lookup itself
    if (m.llc.bankBusyCycles > bank && bank >= 1)
      bad(["llc", "bankBusyCycles"], `llc.bankBusyCycles (${m.llc.bankBusyCycles}) must not exceed the bank lookup time llc.hitCycles − l2.hitCycles − 2 × hopCycles = ${bank}`);
    // napi_skb_cache_get refills an empty cache with one bulk allocation, which must fit in it
    const { skbCacheBulk, skbCacheSize } = m.kernel;
    if (skbCacheBulk > skbCacheSize)
      bad(["kernel", "skbCacheBulk"], `kernel.skbCacheBulk (${skbCacheBulk}) must not exceed kernel.skbCacheSize (${skbCacheSize}): an empty cache is refilled with one bulk allocation, which must fit in it`);
  }, { when: (payload) => payload.issues.length === 0 });

export type MachineProfile = z.infer<typeof machineSchema>;

/** Complexes tile the CPUs evenly, and a transfer across complexes is no faster than one inside a complex. */
function complexRules(m: { cpus: number; remoteTransferCycles: number }, c: { cpusPerComplex: number; crossTransferCycles: number }, bad: (path: (string | number)[], message: string) => void): void {
  if (c.cpusPerComplex > m.cpus || m.cpus % c.cpusPerComplex !== 0)
    bad(["complexes", "cpusPerComplex"], `complexes.cpusPerComplex (${c.cpusPerComplex}) must divide cpus (${m.cpus}): the CPUs are split into complexes of equal size`);
  if (c.crossTransferCycles < m.remoteTransferCycles)
    bad(["complexes", "crossTransferCycles"], `complexes.crossTransferCycles (${c.crossTransferCycles}) must be at least remoteTransferCycles (${m.remoteTransferCycles}): a transfer across complexes is no faster than one inside a complex`);
}

/** The model's internal latencies, derived from the published totals (docs/machine.md explains the split). */
export interface DerivedTiming {
  /** Directory/LLC bank lookup after a request arrives. */
  bankLookup: number;
  /** Extra cycles at the owner before it forwards a line (remote transfer = LLC hit + hop + snoop). */
  snoop: number;
  /** The owner's snoop for a forward to a CPU in another core complex (= snoop without complexes). */
  crossSnoop: number;
  /** CPUs per core complex (= cpus without complexes). */
  cpusPerComplex: number;
  /** Extra cycles from the LLC to DRAM and back (DRAM = LLC hit + memExtra). */
  memExtra: number;
  /** The lookahead Q: the smallest latency of any message between logical processes. */
  lookahead: number;
}

export function deriveTiming(m: MachineProfile): DerivedTiming {
  return {
    bankLookup: m.llc.hitCycles - m.l2.hitCycles - 2 * m.hopCycles,
    snoop: m.remoteTransferCycles - m.llc.hitCycles - m.hopCycles,
    crossSnoop: (m.complexes?.crossTransferCycles ?? m.remoteTransferCycles) - m.llc.hitCycles - m.hopCycles,
    cpusPerComplex: m.complexes?.cpusPerComplex ?? m.cpus,
    memExtra: m.dramCycles - m.llc.hitCycles,
    lookahead: Math.min(m.hopCycles, m.ioHopCycles, m.ipiCycles),
  };
}

/** Turns zod issues into ConfigIssues with JSON paths, "did you mean" for unknown keys and, for a missing
 *  field, what it should hold. Parse with `reportInput: true`: without the input every wrong type (a
 *  string, NaN) would look like a missing field. */
export function zodIssues(error: z.ZodError, schema?: z.ZodType): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path as PropertyKey[];
    if (issue.code === "unrecognized_keys") {
      const candidates = schema ? knownKeys(schema, path) : [];
      for (const key of issue.keys) {
        const guess = closest(key, candidates);
        out.push({ path: formatPath([...path, key]), message: `unknown key "${key}"${guess ? ` (did you mean "${guess}"?)` : ""}` });
      }
      continue;
    }
    let message = issue.message;
    if (issue.code === "invalid_type" && issue.input === undefined) message = `is required (${describeAt(schema, path) ?? issue.expected})`;
    out.push({ path: formatPath(path), message });
  }
  return out;
}

/** The key of `candidates` closest to `key` by edit distance, if close enough to be a likely typo. */
export function closest(key: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(key.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** The schema of the field at a JSON path, if the path exists in it. */
function schemaAt(schema: z.ZodType, path: PropertyKey[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  for (const key of path) {
    s = unwrap(s);
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, z.ZodType>)[String(key)];
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else return undefined;
  }
  return s;
}

/** Keys the schema allows at a JSON path (for "did you mean"). */
export function knownKeys(schema: z.ZodType, path: PropertyKey[]): string[] {
  const s = unwrap(schemaAt(schema, path));
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

/** The allowed values of the field at a JSON path, as its schema describes them. */
function describeAt(schema: z.ZodType | undefined, path: PropertyKey[]): string | undefined {
  const s = schema && schemaAt(schema, path);
  return s?.description ?? unwrap(s)?.description;
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  let cur: any = s;
  while (cur && (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault || cur instanceof z.ZodPipe)) {
    cur = cur instanceof z.ZodPipe ? cur.in : cur.unwrap();
  }
  return cur;
}

/** Validates a machine profile; throws ConfigError naming `file` and each bad field. */
export function parseMachine(input: unknown, file = "machine"): MachineProfile {
  const r = machineSchema.safeParse(input, { reportInput: true });
  if (!r.success) throw new ConfigError(file, zodIssues(r.error, machineSchema));
  return r.data;
}
