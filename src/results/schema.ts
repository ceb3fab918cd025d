// The result of `netchan run`: schema `netchan-result/1` (DESIGN.md, "What a run reports"). This zod schema
// is the single source of the TypeScript type, of the check the tests make on every built result, and of
// the published JSON Schema (sim-config/schema/result.schema.json, `npm run schema`). docs/results.md says
// how each figure is computed; build.ts computes them.
//
// Every per-packet figure is null when a variant delivered nothing: a division by zero would give NaN or
// Infinity, which JSON cannot carry and a reader should not have to guess about.

import { z } from "zod";
import { EXPECTATION_OPS } from "../scenario/types.js";

export const RESULT_SCHEMA = "netchan-result/1";

const count = z.int().min(0);
/** A per-packet figure: a count or a cycle total divided by the packets delivered, to 2 decimals. */
const perPacket = z.number().min(0);
/** name → per-packet figure, largest first; names whose figure is 0 are left out. */
const perPacketBy = (what: string) =>
  z.record(z.string(), perPacket).describe(`${what} → per-packet figure, largest first; zeros left out`);

const byStructure = z.strictObject({
  total: perPacket,
  byStructure: perPacketBy("data structure (a named region of simulated memory)"),
});

const cyclesPerPacket = z.strictObject({
  total: perPacket.describe("step cycles summed over every CPU and step (idle excluded) / delivered"),
  byStep: perPacketBy("step"),
  byCpu: z.array(perPacket).describe("per CPU: its step cycles / delivered"),
});

export const variantSchema = z.strictObject({
  name: z.string(),
  path: z.string().describe("the receive path the variant ran"),
  warnings: z
    .array(z.string())
    .describe("what a reader of these figures must know about the variant's configuration (a firewall its channel bypasses, an unsafe netfilter placement); empty when nothing"),
  measuredCycles: count.describe("simulated cycles from the end of the warm-up to the end of the run"),
  packets: z.strictObject({
    offered: count.describe("measured packets that arrived on the wire"),
    delivered: count.describe("measured packets whose payload reached the application, checked"),
    dropped: z.record(z.string(), count).describe("reason → measured packets dropped, every reason of the path, by name"),
  }),
  cyclesPerPacket: cyclesPerPacket.nullable(),
  bouncesPerPacket: byStructure.nullable(),
  dmaInvalidationsPerPacket: perPacket.nullable().describe("private copies invalidated by DMA writes / delivered"),
  llcMissesPerPacket: byStructure.nullable(),
  dramPerPacket: z.strictObject({ reads: perPacket, writes: perPacket }).nullable().describe("DRAM line transfers / delivered"),
  llcWritesPerPacket: perPacket.nullable().describe("lines written into the LLC (writebacks, DDIO DMA) / delivered"),
  interruptsPerPacket: z.strictObject({ nic: perPacket, ipi: perPacket }).nullable(),
  latencyNs: z
    .strictObject({ p50: z.number().min(0), p99: z.number().min(0), max: z.number().min(0) })
    .nullable()
    .describe("wire to data in the application, over delivered measured packets, ns to 0.1"),
  throughputPps: z.number().min(0).nullable().describe("delivered / measured simulated seconds; null if no time was measured"),
  cpuUtilization: z.array(z.number().min(0).max(1)).nullable().describe("per CPU: busy cycles / measured cycles, to 4 decimals"),
  integrity: z.strictObject({
    payloadErrors: count,
    orderErrors: count,
    conserved: z.boolean().describe("offered == delivered + the sum of dropped"),
    ok: z.boolean().describe("no payload or order error, and conserved"),
  }),
});

const failureSchema = z.strictObject({
  variant: z.string(),
  kind: z.enum(["error", "integrity"]).describe("error: the run threw and the variant has no figures; integrity: see its integrity"),
  message: z.string(),
});

const expectationSchema = z.strictObject({
  description: z.string().describe('the claim, e.g. "affine cyclesPerPacket.total < cross\'s × 1"'),
  passed: z.boolean(),
  actual: z.number().nullable().describe("the variant's figure; null if it has none (it threw, or delivered nothing)"),
  op: z.enum(EXPECTATION_OPS),
  expected: z.number().nullable().describe("the value, or the other variant's figure × factor; null if that variant has none"),
  reason: z.string().nullable().describe("why the claim could not be checked (a variant failed or has no such figure); null if it was"),
});

const hostSchema = z
  .strictObject({
    wallSeconds: z.number().min(0),
    node: z.string().describe("Node.js version"),
    platform: z.string().describe("operating system and architecture"),
    cpus: z.int().min(1).describe("host CPUs available to the run"),
    scheduler: z.enum(["inthread", "workers"]),
    workers: z.int().min(1).nullable().describe("workers asked for (--workers), or null for the scheduler's default"),
    variants: z.array(
      z.strictObject({
        name: z.string(),
        events: count,
        windows: count,
        runSeconds: z.number().min(0),
        workers: count.describe("worker threads the run used, as the runner reports it"),
      }),
    ),
  })
  .describe("how and where the run was executed: the only part of a result that is not a function of the inputs");

// The resolved scenario as the run used it. Its own parts are checked where the scenario is read (and
// change with the model); here only the frame a result reader relies on is fixed.
const configSchema = z
  .looseObject({
    file: z.string(),
    name: z.string(),
    machineName: z.string(),
    machine: z.record(z.string(), z.unknown()).describe("the machine profile, with its kernel costs"),
    workload: z.record(z.string(), z.unknown()),
    variants: z
      .array(z.looseObject({ name: z.string(), path: z.string(), warnings: z.array(z.string()).optional() }))
      .describe("every variant, with every default applied"),
  })
  .describe("the resolved scenario the run used: machine profile with its kernel costs, workload, variants");

export const resultSchema = z.strictObject({
  schema: z.literal(RESULT_SCHEMA),
  scenario: z.strictObject({ name: z.string(), file: z.string(), description: z.string().nullable() }),
  config: configSchema,
  variants: z.array(variantSchema).describe("one per variant that ran to the end, in the scenario's order"),
  failures: z.array(failureSchema).describe("every variant that threw or failed its integrity check; empty when all passed"),
  expectations: z.array(expectationSchema).describe("the scenario's expectations, in its order, each checked against the figures; empty when it has none"),
  host: hostSchema,
});

export type NetchanResult = z.infer<typeof resultSchema>;
export type VariantResult = z.infer<typeof variantSchema>;
export type VariantFailure = z.infer<typeof failureSchema>;
export type ExpectationResult = z.infer<typeof expectationSchema>;
export type HostSection = z.infer<typeof hostSchema>;
/** What buildResult is told about the host; the per-variant work comes from the runs themselves. */
export type HostEnvironment = Omit<HostSection, "variants">;
