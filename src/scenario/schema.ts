// The scenario file: a machine profile, a workload, and named variants of the receive path that all
// receive that workload. The zod schema is the single source of the file's TypeScript type, of the
// validator and of the published JSON Schema (sim-config/schema/scenario.schema.json, `npm run schema`).
//
// It checks everything that can be checked from the file alone: shapes, ranges, the relations in
// relations.ts (every flow read by exactly one app, at most one app per CPU, unique variant names,
// overrides the path accepts). A channel path's `channel` object is channel.ts's.
// What needs the machine profile — CPU numbers below its CPU count, the defaults that depend on it — is
// resolve.ts's. Defaults are not written here (the schema describes what a file may contain): resolve.ts
// fills them, and docs/scenarios.md lists them. (No Node modules: the dashboard validates with it too.)

import { z } from "zod";
import { ConfigError } from "../config/errors.js";
import { MAX_FLOWS, MAX_RX_USECS, NIC_MAX_QUEUES, RING_MAX, RING_MIN } from "../nic/config.js";
import { channelSchema } from "./channel.js";
import { choice, flag, integer, list, numberField, object, oneOf, positive, shown, strictObject, text } from "./fields.js";
import { scenarioIssues } from "./issues.js";
import { ALL_PATHS } from "./paths.js";
import { LINE_RATE_NAMES } from "./rates.js";
import { checkRelations } from "./relations.js";
import { EXPECTATION_OPS } from "./types.js";

/** Machine profiles allow up to 64 CPUs (machine.ts); the CPU count itself is checked on resolving. */
const MAX_CPU = 63;
const U32 = 0xffffffff;
/** Frame sizes on the wire, FCS included: Ethernet's minimum and its untagged 1500-byte-MTU maximum. */
export const FRAME_MIN = 64;
export const FRAME_MAX = 1518;

const cpu = integer(0, MAX_CPU, `a CPU number from 0 to ${MAX_CPU} (and below the machine's CPU count)`);
const port = integer(0, 65535, "a port number from 0 to 65535");
// a dotted quad of bytes; leading zeros allowed, as parseIPv4 (nic/flows.ts) reads them
const IPV4 = /^((25[0-5]|2[0-4]\d|[01]?\d?\d)\.){3}(25[0-5]|2[0-4]\d|[01]?\d?\d)$/;
const ipv4 = z
  .string({ error: (i) => `must be an IPv4 address "a.b.c.d" (got ${JSON.stringify(i.input)})` })
  .regex(IPV4, { error: (i) => `must be an IPv4 address "a.b.c.d" (got ${JSON.stringify(i.input)})` })
  .describe('an IPv4 address "a.b.c.d"');

const frameBytes = integer(FRAME_MIN, FRAME_MAX, `a frame size in bytes from ${FRAME_MIN} to ${FRAME_MAX} (on the wire, FCS included)`);

const flowSpec = object({ src: ipv4, dst: ipv4, sport: port, dport: port }, "a flow { src, dst, sport, dport } (IPv4 addresses, ports)");

const flows = oneOf(
  [
    integer(1, MAX_FLOWS, `a number of flows from 1 to ${MAX_FLOWS}, generated from the seed, or a list of flows`),
    list(flowSpec, `a list of 1 to ${MAX_FLOWS} flows { src, dst, sport, dport }`, 1, MAX_FLOWS),
  ],
  `a number of flows to generate (1 to ${MAX_FLOWS}) or a list of flows { src, dst, sport, dport }`,
);

const packetBytes = oneOf(
  [
    frameBytes,
    object({ uniform: z.tuple([frameBytes, frameBytes], { error: (i) => `must be [min, max], two frame sizes (got ${JSON.stringify(i.input)})` }) }, "{ uniform: [min, max] }"),
    object(
      {
        mix: list(
          object({ bytes: frameBytes, weight: positive(1e6, "parts") }, "a size { bytes, weight }"),
          "a list of 1 to 64 sizes { bytes, weight }",
          1,
          64,
        ),
      },
      "{ mix: [{ bytes, weight }, …] }",
    ),
  ],
  `a frame size (${FRAME_MIN}–${FRAME_MAX} bytes, FCS included), { uniform: [min, max] } or { mix: [{ bytes, weight }, …] }`,
);

const load = oneOf(
  [
    object({ pps: numberField("a number of packets per second from 1 to 1e9", { type: "number", minimum: 1, maximum: 1e9 }) }, "{ pps }"),
    object({ gbps: positive(1000, "Gbit/s") }, "{ gbps }"),
    object(
      {
        lineRate: choice(LINE_RATE_NAMES),
        percent: numberField("a percentage above 0, at most 100", { type: "number", exclusiveMinimum: 0, maximum: 100 }).optional(),
      },
      "{ lineRate, percent }",
    ),
  ],
  `{ "pps": packets per second }, { "gbps": Gbit/s of frames and their line overhead } or { "lineRate": ${LINE_RATE_NAMES.map((r) => `"${r}"`).join(" | ")}, "percent": above 0, at most 100 (default 100) }`,
);

const onoff = object(
  { onUs: positive(1e6, "microseconds"), offUs: positive(1e6, "microseconds") },
  "{ onUs, offUs }: bursts of onUs microseconds at the load's rate, then offUs of silence",
);
const arrival = oneOf(
  [z.literal("constant"), z.literal("poisson"), object({ onoff }, "{ onoff: { onUs, offUs } }")],
  '"constant", "poisson" or { "onoff": { "onUs", "offUs" } }',
);

const workload = object(
  {
    flows,
    packetBytes,
    load,
    arrival: arrival.optional(),
    seed: integer(0, U32, `a seed from 0 to ${U32}`).optional(),
    warmupPackets: integer(0, U32, "a number of packets from 0 up").optional(),
    packets: integer(1, U32, "a number of measured packets from 1 up (or give durationUs instead)").optional(),
    durationUs: positive(1e7, "microseconds").optional(),
    appWorkCycles: integer(0, 1_000_000, "a number of cycles from 0 to 1000000").optional(),
  },
  "a workload { flows, packetBytes, load, arrival, seed, warmupPackets, packets or durationUs, appWorkCycles }",
  // The published schema says "packets or durationUs, exactly one" (relations.ts says it to the user).
  // Each branch names its property again because a strict JSON Schema validator (ajv's strictRequired)
  // refuses a `required` key that its own subschema does not define.
).meta({ oneOf: ["packets", "durationUs"].map((key) => ({ properties: { [key]: true }, required: [key] })) });

const app = object(
  { cpu, flows: list(integer(0, MAX_FLOWS - 1, "a flow index (0 is workload.flows' first)"), "a list of flow indices", 1, MAX_FLOWS) },
  "an app { cpu, flows }: a thread pinned to cpu, reading the flows listed",
);
const apps = list(app, "a list of 1 to 64 apps { cpu, flows }", 1, 64);

const netfilter = object(
  {
    rules: integer(0, 10_000, "a number of rules from 0 to 10000"),
    conntrack: flag(),
    // what the rules do, not what they cost: it decides where a channel may run them (channel.ts)
    nat: flag().optional(),
  },
  "netfilter { rules, conntrack, nat }",
);

const RING_SIZES = Array.from({ length: Math.log2(RING_MAX / RING_MIN) + 1 }, (_, k) => RING_MIN << k);
const nic = object(
  {
    ringEntries: numberField(`a power of two from ${RING_MIN} to ${RING_MAX}`, { type: "integer", enum: RING_SIZES }).optional(),
    bufferBytes: integer(64, 65536, "a number of bytes from 64 to 65536, a multiple of the line size that holds the largest frame").optional(),
    rxUsecs: integer(0, MAX_RX_USECS, `a delay in microseconds from 0 to ${MAX_RX_USECS}`).optional(),
    rxFrames: integer(0, U32, "a number of frames from 0 up").optional(),
  },
  "NIC settings { ringEntries, bufferBytes, rxUsecs, rxFrames }",
);

const variant = object(
  {
    name: text("a non-empty name"),
    path: choice(ALL_PATHS),
    irqCpu: oneOf(
      [cpu, list(cpu, `a list of 1 to ${NIC_MAX_QUEUES} CPUs, one per queue`, 1, NIC_MAX_QUEUES)],
      "a CPU number (one-queue paths) or a list of CPU numbers, one per queue (classic-rss, classic-arfs)",
    ).optional(),
    queues: integer(1, NIC_MAX_QUEUES, `a number of NIC queues from 1 to ${NIC_MAX_QUEUES}`).optional(),
    rpsCpus: list(cpu, "a list of CPU numbers", 1, MAX_CPU + 1).optional(),
    netfilter: oneOf([netfilter, z.literal(false)], "netfilter { rules, conntrack, nat }, or false for none").optional(),
    nic: nic.optional(),
    apps: apps.optional(),
    channel: channelSchema.optional(),
  },
  "a variant { name, path, … }",
);

// A claim checked after the runs (results/expectations.ts). Exactly one of value and relativeTo, the
// variants named and the metric path are relations.ts's to check (they need the rest of the file).
const figure = z.number({ error: (i) => `must be a number (got ${shown(i.input)})` }).describe("a number");
const expectation = object(
  {
    variant: text("a variant's name"),
    metric: text("a dotted path to a figure of the variant's result, e.g. cyclesPerPacket.total (docs/results.md)"),
    op: choice(EXPECTATION_OPS),
    value: figure.optional(),
    relativeTo: object({ variant: text("a variant's name"), factor: figure }, "{ variant, factor }: that variant's figure × factor").optional(),
  },
  "an expectation { variant, metric, op, value } or { variant, metric, op, relativeTo: { variant, factor } }",
);

// (not described: the published schema's description is the file kind's, in file-kinds.ts)
export const scenarioSchema = strictObject(
  {
    $schema: z.string().describe("the JSON Schema this file follows, for editors and `netchan validate`").optional(),
    name: text("a non-empty name"),
    description: z.string().optional(),
    machine: text("a shipped machine profile's name (e.g. modern-1s), or a path to a profile file relative to this file"),
    workload,
    apps: apps.optional(),
    netfilter: netfilter.optional(),
    variants: list(variant, "a list of 1 to 64 variants { name, path, … }", 1, 64),
    expect: list(expectation, "a list of expectations { variant, metric, op, value | relativeTo }", 0, 256).optional(),
  },
  "a scenario { name, machine, workload, variants }",
  // the relations compare valid values only: a field refused for itself is not refused again for them
).superRefine((s, ctx) => checkRelations(s, (path, message) => ctx.addIssue({ code: "custom", path, message })), {
  when: (payload) => payload.issues.length === 0,
});

export type ScenarioFile = z.infer<typeof scenarioSchema>;
export type WorkloadSpec = ScenarioFile["workload"];
export type VariantSpec = ScenarioFile["variants"][number];
export type AppsSpec = NonNullable<ScenarioFile["apps"]>;
export type ExpectationSpec = NonNullable<ScenarioFile["expect"]>[number];

/** Validates a scenario file by itself (not against its machine: that is resolveScenario's); throws a
 *  ConfigError naming `file` and each bad field. */
export function parseScenarioFile(input: unknown, file = "scenario"): ScenarioFile {
  const r = scenarioSchema.safeParse(input, { reportInput: true });
  if (!r.success) throw new ConfigError(file, scenarioIssues(r.error, scenarioSchema));
  return r.data;
}
