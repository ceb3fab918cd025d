// The host facts of a result's `host` section (docs/results.md). Node-only, so in a file of its own: the
// dashboard's build puts web/src/host/host-facts.ts (the browser's facts) in its place.
import { availableParallelism } from "node:os";
import type { HostEnvironment } from "./schema.js";

export function hostFacts(): Pick<HostEnvironment, "node" | "platform" | "cpus"> {
  return { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: availableParallelism() };
}
