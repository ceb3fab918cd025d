// The page's side of the run workers. A run is one request to one worker; Stop terminates the worker —
// the only way to interrupt a simulation that never yields — and the next run starts a fresh one.
// One worker is started ahead of time so that the first run does not wait for it to load.
import type { NetchanResult } from "../../../src/results/schema.js";
import type { ConfigIssue } from "../../../src/config/errors.js";
import type { RunReply, RunRequest, VariantExtras } from "./protocol.js";

export type RunOutcome =
  | { kind: "done"; result: NetchanResult; json: string; extras: VariantExtras[]; scenarioText: string }
  | { kind: "valid"; name: string; variants: string[] }
  | { kind: "invalid"; file: string; issues: ConfigIssue[]; text?: string }
  | { kind: "error"; message: string }
  | { kind: "stopped" };

export type Progress = (done: number, total: number, variant: string) => void;
export type Partial = (result: NetchanResult, extras: VariantExtras[]) => void;

const startWorker = () => new Worker(new URL("../workers/run.worker.ts", import.meta.url), { type: "module", name: "netchan run worker" });

/** One run at a time on one worker. */
export class RunWorker {
  private worker: Worker | null = null;
  private pending: ((outcome: RunOutcome) => void) | null = null;

  /** Starts the worker now (it loads the host library while the page sets up). */
  warm(): void {
    this.worker ??= startWorker();
  }

  get busy(): boolean {
    return this.pending !== null;
  }

  run(request: RunRequest, onProgress?: Progress, onPartial?: Partial): Promise<RunOutcome> {
    if (this.pending) throw new Error("a run is already in progress on this worker");
    const worker = (this.worker ??= startWorker());
    return new Promise((resolve) => {
      this.pending = resolve;
      const finish = (outcome: RunOutcome) => {
        this.pending = null;
        worker.onmessage = null;
        worker.onerror = null;
        resolve(outcome);
      };
      worker.onmessage = (event: MessageEvent<RunReply>) => {
        const m = event.data;
        if (m.kind === "progress") onProgress?.(m.done, m.total, m.variant);
        else if (m.kind === "partial") onPartial?.(m.result, m.extras);
        else finish(m);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        this.discard();
        finish({ kind: "error", message: event.message || "the run worker failed to load" });
      };
      worker.postMessage(request);
    });
  }

  /** Ends the run in progress, if any: its promise resolves to `stopped`. */
  stop(): void {
    const pending = this.pending;
    this.discard();
    this.pending = null;
    pending?.({ kind: "stopped" });
  }

  private discard(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}

/** Independent runs (a sweep's points) on up to `size` workers at once; results in the requests' order. */
export class RunPool {
  private workers: RunWorker[] = [];
  private stopped = false;

  constructor(private readonly size: number) {}

  async runAll(requests: RunRequest[], onPointDone?: (index: number, outcome: RunOutcome) => void): Promise<RunOutcome[]> {
    this.stopped = false;
    const outcomes: RunOutcome[] = new Array(requests.length);
    let next = 0;
    const lanes = Math.max(1, Math.min(this.size, requests.length));
    while (this.workers.length < lanes) this.workers.push(new RunWorker());
    await Promise.all(
      this.workers.slice(0, lanes).map(async (worker) => {
        while (!this.stopped && next < requests.length) {
          const index = next++;
          outcomes[index] = await worker.run(requests[index]);
          onPointDone?.(index, outcomes[index]);
        }
      }),
    );
    for (let i = 0; i < outcomes.length; i++) outcomes[i] ??= { kind: "stopped" };
    return outcomes;
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.workers) w.stop();
  }
}
