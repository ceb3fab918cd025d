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
import type { Mesi, RecordDocument } from "./schema.js";

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

export async function recordVariant(scenario: ResolvedScenario, variant: ResolvedVariant, options: RecordOptions = {}): Promise<Recording> {
  const packets = options.packets ?? DEFAULT_RECORD_PACKETS;
  const warmupPackets = options.warmupPackets ?? 0;
  const limit = options.limit ?? DEFAULT_RECORD_LIMIT;
  const short: ResolvedScenario = { ...scenario, workload: { ...scenario.workload, packets, warmupPackets, untilCycles: null } };
  const run = variantRun(short, variant);
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
  if (stats.stopReason !== "finished") throw new Error(`variant "${variant.name}": the run stopped early (${stats.stopReason})`);
  const base = p.map.totalBytes;
  const attempted = recordsAttempted(p.memory, base);
  if (attempted > limit) throw new RecordLimitError(attempted, limit);
  const m = scenario.machine;
  const mesi: Mesi[] = ["I", "S", "E", "M"];
  const document = buildRecordDocument(
    readRecords(p.memory, base, limit),
    {
      cpus: m.cpus,
      lineBytes: m.lineBytes,
      uncore: m.cpus,
      device: m.cpus + 1,
      regions: p.map.regions.map((r) => ({ id: r.id, name: r.name, base: r.base })),
      timing: { hopCycles: m.hopCycles, l2HitCycles: m.l2.hitCycles, llcHitCycles: m.llc.hitCycles, remoteTransferCycles: m.remoteTransferCycles, ioHopCycles: m.ioHopCycles },
      finalState(line) {
        const addr = line * m.lineBytes;
        const d = p.exports.probeDirectory(addr) as number;
        return {
          cpus: Array.from({ length: m.cpus }, (_, c) => mesi[p.exports.probePrivate(c, addr)]),
          dir: dirView(d & 0xff, d >> 8, BigInt.asUintN(64, BigInt(p.exports.probeSharers(addr)))),
        };
      },
    },
    {
      schema: "netchan-record/1",
      scenario: scenario.name,
      variant: variant.name,
      path: variant.path,
      machine: scenario.machineName,
      cpus: m.cpus,
      clockGHz: m.clockGHz,
      packets,
      warmupPackets,
      regions: regionNames,
      limit,
    },
    attempted,
  );
  return { document, raw: variantRaw(variant, stats, m.clockGHz) };
}
