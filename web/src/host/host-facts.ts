// Browser counterpart of src/results/host-facts.ts: the result's `host` section says the run was in a
// browser. (`host` is not a function of the inputs; it is left out when results are compared.)
import type { HostEnvironment } from "../../../src/results/schema.js";

export function hostFacts(): Pick<HostEnvironment, "node" | "platform" | "cpus"> {
  return { node: "none (a browser)", platform: `browser: ${navigator.userAgent}`, cpus: navigator.hardwareConcurrency || 1 };
}
