// Recording a variant: the same run as `netchan run` (src/paths/run-variant.ts), on the in-thread
// scheduler, with the event recorder switched on for the lines of the chosen regions; then the records
// become a `netchan-record/1` document (document.ts). The run's own result is returned too, so that a
// test can hold it against an unrecorded run's.
import { runMachine } from "../runners/run-machine.js";
import type { PreparedRun } from "../machine/setup.js";
import { variantRun, variantRaw } from "../paths/run-variant.js";
import type { ResolvedScenario, ResolvedVariant, VariantRaw } from "../scenario/types.js";
import { initRecordBuffer, readRecords, recordBufferBytes, recordsAttempted } from "./buffer.js";
import { buildRecordDocument, dirView } from "./document.js";
import type { DirView, Mesi, RecordDocument } from "./schema.js";
import type { MachineRun } from "../machine/spec.js";
import type { MachineStats } from "../stats/read.js";

export interface RecordOptions {
  /** Packets offered after the warm-up (default 4) and warm-up packets (default 0): all are recorded. */
  packets?: number;
  warmupPackets?: number;
  /** The regions whose lines to record (default: every named region). */
  regions?: string[];
  /** Records the buffer holds (default DEFAULT_RECORD_LIMIT). */
  limit?: number;
}

export const DEFAULT_RECORD_LIMIT = 200_000;
export const DEFAULT_RECORD_PACKETS = 4;

/** The run produced more records than the buffer holds. */
export class RecordLimitError extends Error {
  constructor(readonly attempted: number, readonly limit: number) {
    super(`run too long to record: ${attempted} events, limit ${limit} (record fewer packets, fewer regions, or raise --limit)`);
  }
}

/** A region name that the run does not have. */
export class UnknownRegionError extends Error {}

export interface Recording {
  document: RecordDocument;
  raw: VariantRaw;
}

/** What the document says ran (a variant of a scenario, or any machine run a test makes). */
export type RecordedRunHeader = Pick<RecordDocument, "scenario" | "variant" | "path" | "machine" | "packets" | "warmupPackets">;

/** Records any machine run (in-thread) on the lines of `options.regions` (default: every named region). */
export async function recordMachine(run: MachineRun, header: RecordedRunHeader, options: Pick<RecordOptions, "regions" | "limit"> = {}): Promise<{ document: RecordDocument; stats: MachineStats }> {
  const limit = options.limit ?? DEFAULT_RECORD_LIMIT;
  let prepared: PreparedRun | null = null;
  let regionNames: string[] = [];
  const stats = await runMachine(run, {
    scheduler: "inthread",
    extraBytes: recordBufferBytes(limit),
    beforeRun(p) {
      prepared = p;
      const named = p.map.regions.map((r) => r.name);
      const unknown = (options.regions ?? []).filter((r) => !named.includes(r));
      if (unknown.length) throw new UnknownRegionError(`no region ${unknown.map((r) => JSON.stringify(r)).join(", ")} in this run (its regions: ${named.join(", ")})`);
      regionNames = options.regions ?? named;
      initRecordBuffer(p.memory, p.map.totalBytes, limit, p.map.regions.filter((r) => regionNames.includes(r.name)).map((r) => r.id));
      p.exports.recordStart(p.map.totalBytes);
    },
  });
  const p = prepared! as PreparedRun;
  p.exports.recordStop();
  if (stats.stopReason !== "finished") throw new Error(`${header.variant}: the run stopped early (${stats.stopReason})`);
  const base = p.map.totalBytes;
  const attempted = recordsAttempted(p.memory, base);
  if (attempted > limit) throw new RecordLimitError(attempted, limit);
  const m = run.machine;
  const document = buildRecordDocument(
    readRecords(p.memory, base, limit),
    {
      cpus: m.cpus,
      lineBytes: m.lineBytes,
      uncore: m.cpus,
      device: m.cpus + 1,
      regions: p.map.regions.map((r) => ({ id: r.id, name: r.name, base: r.base })),
      timing: { hopCycles: m.hopCycles, l2HitCycles: m.l2.hitCycles, llcHitCycles: m.llc.hitCycles, remoteTransferCycles: m.remoteTransferCycles, ioHopCycles: m.ioHopCycles },
      finalState: (line) => probeLine(p, m.cpus, line * m.lineBytes),
    },
    { schema: "netchan-record/1", ...header, cpus: m.cpus, clockGHz: m.clockGHz, regions: regionNames, limit },
    attempted,
  );
  return { document, stats };
}

/** The machine's own states of the line at `addr`, after the run. */
function probeLine(p: PreparedRun, cpus: number, addr: number): { cpus: Mesi[]; dir: DirView } {
  const mesi: Mesi[] = ["I", "S", "E", "M"];
  const d = p.exports.probeDirectory(addr) as number;
  return {
    cpus: Array.from({ length: cpus }, (_, c) => mesi[p.exports.probePrivate(c, addr)]),
    dir: dirView(d & 0xff, d >> 8, BigInt.asUintN(64, BigInt(p.exports.probeSharers(addr)))),
  };
}

/** Records `packets` packets of a scenario's variant (after `warmupPackets`, recorded too), from cold caches. */
export async function recordVariant(scenario: ResolvedScenario, variant: ResolvedVariant, options: RecordOptions = {}): Promise<Recording> {
  const packets = options.packets ?? DEFAULT_RECORD_PACKETS;
  const warmupPackets = options.warmupPackets ?? 0;
  const short: ResolvedScenario = { ...scenario, workload: { ...scenario.workload, packets, warmupPackets, untilCycles: null } };
  const header = { scenario: scenario.name, variant: variant.name, path: variant.path, machine: scenario.machineName, packets, warmupPackets };
  const { document, stats } = await recordMachine(variantRun(short, variant), header, options);
  return { document, raw: variantRaw(variant, stats, scenario.machine.clockGHz) };
}
