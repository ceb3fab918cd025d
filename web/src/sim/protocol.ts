// Messages between the page and a run worker (web/src/workers/run.worker.ts). The page sends a scenario
// as JSON text or as parsed JSON, with the command line's overrides; the worker parses, validates,
// resolves and runs it — all off the page's thread — and answers with the result already serialised.
import type { ConfigIssue } from "../../../src/config/errors.js";
import type { NetchanResult } from "../../../src/results/schema.js";
import type { ScenarioEdits } from "./edits.js";

export type Scheduler = "inthread" | "workers";

export interface RunRequest {
  kind: "run";
  /** The scenario: a file's text (parsed in the worker, syntax errors with line and column) or parsed JSON. */
  scenario: { text: string } | { json: unknown };
  /** The page's controls, applied to the file before it is validated (edits.ts). */
  edits: ScenarioEdits;
  /** How the result names the file (`scenario.file`), as `netchan run` would be given it. */
  file: string;
  /** `--packets`, `--seed` */
  packets?: number;
  seed?: number;
  scheduler: Scheduler;
  /** `--workers` (workers scheduler only) */
  workers?: number;
  /** Only check the scenario, run nothing. */
  validateOnly?: boolean;
  /** Send a partial result after each variant. */
  partial?: boolean;
}

/** Figures the dashboard shows that the result does not break down (per structure), from the raw totals. */
export interface VariantExtras {
  name: string;
  /** DMA invalidations per delivered packet, by structure (largest first; zero structures left out). */
  dmaInvalidationsByStructure: Record<string, number>;
}

export type RunReply =
  /** `done`: variants finished, plus the share done of the one running (so 2.5 is halfway through the third). */
  | { kind: "progress"; done: number; total: number; variant: string; ok: boolean }
  /** The variants run so far, as a result (shown while the rest run; not exported). */
  | { kind: "partial"; result: NetchanResult; extras: VariantExtras[] }
  /** `text`: the scenario as checked (the controls applied), when it was JSON. */
  | { kind: "invalid"; file: string; issues: ConfigIssue[]; text?: string }
  | { kind: "valid"; name: string; variants: string[] }
  | { kind: "done"; result: NetchanResult; json: string; extras: VariantExtras[]; scenarioText: string }
  | { kind: "error"; message: string };
