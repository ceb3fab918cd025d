// A run worker: parses, validates and resolves a scenario, runs its variants with the command line's
// runScenario and runVariant (src/), and builds and serialises the result — everything heavy stays off the
// page's thread. The page's Stop terminates this worker (and with it any CPU workers it started).
import { ConfigError } from "../../../src/config/errors.js";
import { parseJsonText } from "../../../src/config/json-syntax.js";
import { runVariant } from "../../../src/paths/run-variant.js";
import { buildResult, round } from "../../../src/results/build.js";
import type { HostEnvironment } from "../../../src/results/schema.js";
import { runScenario } from "../../../src/results/run-scenario.js";
import { resolveScenario } from "../../../src/scenario/resolve.js";
import type { VariantRaw } from "../../../src/scenario/types.js";
import { applyEdits } from "../sim/edits.js";
import type { RunReply, RunRequest, VariantExtras } from "../sim/protocol.js";

const reply = (message: RunReply) => self.postMessage(message);

/** A partial result is only drawn, never exported, so its host section stays empty: host facts belong to a finished run. */
const PARTIAL_HOST: HostEnvironment = { wallSeconds: 0, node: "", platform: "", cpus: 0, scheduler: "inthread", workers: null };

/** The scenario being checked, as JSON text: a refusal is shown on its lines. */
let checked: string | undefined;

self.onmessage = async (event: MessageEvent<RunRequest>) => {
  checked = undefined;
  try {
    await handle(event.data);
  } catch (e) {
    if (e instanceof ConfigError) reply({ kind: "invalid", file: e.file, issues: e.issues, text: checked });
    else reply({ kind: "error", message: e instanceof Error ? e.message : String(e) });
  }
};

async function handle(request: RunRequest): Promise<void> {
  const file = "text" in request.scenario ? parseJsonText(request.scenario.text, request.file) : request.scenario.json;
  const json = applyEdits(file, request.edits);
  // a loaded file is shown as the user wrote it; an edited one as the controls made it
  checked = "text" in request.scenario && Object.keys(request.edits).length === 0 ? request.scenario.text : JSON.stringify(json, null, 2) + "\n";
  const scenario = resolveScenario(json, request.file, { packets: request.packets, seed: request.seed });
  if (request.validateOnly) {
    reply({ kind: "valid", name: scenario.name, variants: scenario.variants.map((v) => v.name) });
    return;
  }
  const extras: VariantExtras[] = [];
  const raws: VariantRaw[] = [];
  const total = scenario.variants.length;
  let running = 0; // the variant now running

  const result = await runScenario(
    scenario,
    {
      scheduler: request.scheduler,
      workers: request.workers,
      packets: request.packets,
      seed: request.seed,
      onVariant: (raw, index, total) => {
        extras.push(variantExtras(raw));
        raws.push(raw);
        running = index + 1;
        reply({ kind: "progress", done: index + 1, total, variant: raw.name, ok: true });
        if (request.partial && index + 1 < total) reply({ kind: "partial", result: buildResult(scenario, raws, PARTIAL_HOST), extras });
      },
      onVariantError: (error, index, total) => {
        running = index + 1;
        reply({ kind: "progress", done: index + 1, total, variant: error.variant, ok: false });
      },
      // within a variant: the share of its packets (or of its simulated time) done so far
      onProgress: (p) => {
        const share = p.packets ? p.arrived / p.packets : p.untilCycles ? p.cycles / p.untilCycles : 0;
        reply({ kind: "progress", done: running + Math.min(1, share), total, variant: scenario.variants[running]?.name ?? "", ok: true });
      },
    },
    { runVariant },
  );
  // the same text `netchan run --json` writes (src/cli/run.ts)
  // and the scenario as run, to save and rerun with `netchan run`
  reply({ kind: "done", result, json: JSON.stringify(result, null, 2) + "\n", extras, scenarioText: JSON.stringify(json, null, 2) + "\n" });
}

/** Per-structure DMA invalidations per delivered packet, rounded and ordered as the result's maps are
 *  (src/results/build.ts): the result carries only their total. */
function variantExtras(raw: VariantRaw): VariantExtras {
  const d = raw.packets.delivered;
  const entries = Object.entries(raw.structures)
    .map(([name, s]) => [name, s.dmaInvalidations ?? 0] as const)
    .filter(([, n]) => n !== 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  const byStructure: Record<string, number> = {};
  if (d > 0) for (const [name, n] of entries) byStructure[name] = round(n / d, 2);
  return { name: raw.name, dmaInvalidationsByStructure: byStructure };
}
