// The result of `netchan sweep` and `netchan merge`: schema `netchan-sweep/1`. As results/schema.ts does for
// one run, this zod schema is the one source of the TypeScript type, of the check `merge` makes on every
// file it reads, and of the published JSON Schema (sim-config/schema/sweep.schema.json, `npm run schema`).
//
// Everything but `host` is a pure function of the scenario, the axes, --packets/--seed and the shard: the
// points are in the cross product's order whatever worker ran them and whenever it finished, and each
// point's result is the `netchan-result/1` of a run of that point, without its own `host`. So a shard's
// file is a slice of the whole sweep's, and merging the slices gives the whole sweep's bytes (host aside).

import { z } from "zod";
import { resultSchema } from "../results/schema.js";

export const SWEEP_SCHEMA = "netchan-sweep/1";

const count = z.int().min(0);

const shardSchema = z
  .strictObject({ index: z.int().min(1), count: z.int().min(1) })
  .describe("the i-th (from 1) of n shares: the points whose index mod n is i − 1");

const pointSchema = z.strictObject({
  index: count.describe("the point's place in the cross product (the first axis varies slowest)"),
  set: z.record(z.string(), z.unknown()).describe("axis path → the value this point gives it, in the axes' order"),
  result: resultSchema.omit({ host: true }).describe("the point's netchan-result/1, without its host section"),
});

const runHost = resultSchema.shape.host;

const hostSchema = z
  .strictObject({
    wallSeconds: z.number().min(0),
    node: runHost.shape.node,
    platform: runHost.shape.platform,
    cpus: runHost.shape.cpus,
    workers: z.int().min(1).describe("worker threads the points ran on (one point at a time each)"),
    points: z.array(
      z.strictObject({ index: count, wallSeconds: z.number().min(0), variants: runHost.shape.variants }).describe("how one point's run went"),
    ),
  })
  .describe("how and where the sweep ran: the only part that is not a function of the inputs");

const mergedHostSchema = z
  .strictObject({
    merged: z.array(z.strictObject({ file: z.string(), shard: shardSchema, host: hostSchema })).describe("each shard file merged, in shard order, with its host"),
  })
  .describe("a merged sweep's host: each shard's, as its file had it");

export const sweepSchema = z.strictObject({
  schema: z.literal(SWEEP_SCHEMA),
  netchan: z.string().describe("the version of netchan that ran it: shards of different versions are not merged"),
  scenario: resultSchema.shape.scenario,
  options: z
    .strictObject({ packets: z.int().min(1).nullable(), seed: z.int().min(0).nullable() })
    .describe("--packets and --seed as given, or null for the scenario's"),
  axes: z
    .array(z.strictObject({ path: z.string(), values: z.array(z.unknown()).min(1) }))
    .describe("each --set in the order given: a scenario path (machine.… for the machine profile's) and its values"),
  pointCount: count.describe("points of the whole sweep: the product of the axes' value counts"),
  inputs: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/)
    .describe("sha256: of every point's resolved scenario, machine profile included: shards run from different files are not merged"),
  shard: shardSchema.nullable().describe("which share of the points this file holds, or null for all of them"),
  points: z.array(pointSchema).describe("the points this file holds, by index"),
  host: z.union([hostSchema, mergedHostSchema]),
});

export type SweepResult = z.infer<typeof sweepSchema>;
export type SweepPoint = z.infer<typeof pointSchema>;
export type SweepHost = z.infer<typeof hostSchema>;
export type SweepShard = z.infer<typeof shardSchema>;
