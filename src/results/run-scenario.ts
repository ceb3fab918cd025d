// Runs every variant of a scenario, one after another, and builds the result. A variant whose run throws
// does not stop the others: its error is recorded (the result's `failures`) and the next variant runs, so
// one broken variant still leaves a comparison of the rest.
//
// The path runner comes in through `deps`, so that tests can drive this with hand-made VariantRaw values
// and the command line can start without loading the simulator.

import type { ResolvedScenario, ResolvedVariant, RunScenarioOptions, VariantRaw } from "../scenario/types.js";
import { buildResult, type VariantError } from "./build.js";
import type { HostEnvironment, NetchanResult } from "./schema.js";
import { hostFacts } from "./host-facts.js";

export { hostFacts };

/** Runs one variant of a scenario (src/paths/run-variant.ts's `runVariant`). */
export type RunVariant = (scenario: ResolvedScenario, variant: ResolvedVariant, options: RunScenarioOptions) => Promise<VariantRaw>;

export interface ScenarioRunDeps {
  runVariant: RunVariant;
  /** Host facts for the result's `host` section (tests fix them). */
  host?: () => Pick<HostEnvironment, "node" | "platform" | "cpus">;
  /** Wall clock in milliseconds (performance.now). */
  now?: () => number;
}

export interface ScenarioRunOptions extends RunScenarioOptions {
  /** Called when a variant's run throws, before the next variant starts (progress display). */
  onVariantError?: (error: VariantError, index: number, total: number) => void;
}

// A string held in a variable, so that the compiler does not resolve the module: it is loaded only when a
// run starts, which keeps `netchan list` and `--help` from loading the simulator. (The type of the import
// is still checked: `typeof import(...)` below.)
const RUN_VARIANT_MODULE = "../paths/run-variant.js";

/** The real path runner, imported on first use. */
export const runVariantLazily: RunVariant = async (scenario, variant, options) => {
  const { runVariant }: { runVariant: RunVariant } = (await import(/* @vite-ignore */ RUN_VARIANT_MODULE)) as typeof import("../paths/run-variant.js");
  return runVariant(scenario, variant, options);
};

/** Runs `scenario`'s variants in order and returns the result; never throws for a variant's failure. */
export async function runScenario(
  scenario: ResolvedScenario,
  options: ScenarioRunOptions = {},
  deps: ScenarioRunDeps = { runVariant: runVariantLazily },
): Promise<NetchanResult> {
  const now = deps.now ?? (() => performance.now());
  const start = now();
  // The callbacks are this function's to call, exactly once per variant; the runner gets only run options.
  const { onVariant, onVariantError, ...runOptions } = options;
  const raws: VariantRaw[] = [];
  const errors: VariantError[] = [];
  const total = scenario.variants.length;
  for (const [index, variant] of scenario.variants.entries()) {
    try {
      const raw = await deps.runVariant(scenario, variant, runOptions);
      raws.push(raw);
      onVariant?.(raw, index, total);
    } catch (e) {
      const error = { variant: variant.name, message: e instanceof Error ? e.message : String(e) };
      errors.push(error);
      onVariantError?.(error, index, total);
    }
  }
  const host: HostEnvironment = {
    wallSeconds: Math.round(now() - start) / 1000,
    ...(deps.host ?? hostFacts)(),
    scheduler: options.scheduler ?? "inthread",
    workers: options.workers ?? null,
  };
  return buildResult(scenario, raws, host, errors);
}
