// From the module's raw records to the `netchan-record/1` document: records in time order, named,
// each checked against the states the previous ones left (a record whose "before" is not the state the
// log reached is a recorder bug and throws), the silent E → M writes made explicit, bounce costs paired
// with the requests and data that frame them, and the machine's own final states, which the log must
// reach.
import { Msg } from "../../assembly/machine/messages.js";
import { RecordClass } from "../../assembly/shared/record.js";
import { STEP_NAMES } from "../../assembly/shared/steps.js";
import type { RawRecord } from "./buffer.js";
import { lineLabel } from "./labels.js";
import type { DirView, EventKind, Mesi, RecordDocument, RecordedEvent, RecordedLine } from "./schema.js";

const MESI: Mesi[] = ["I", "S", "E", "M"];
const DIR_STATES = ["U", "S", "EM"] as const;

export interface RecordContext {
  cpus: number;
  lineBytes: number;
  /** LP ids of the uncore and the device (cpus and cpus + 1). */
  uncore: number;
  device: number;
  regions: { id: number; name: string; base: number }[];
  timing: RecordDocument["timing"];
  /** The machine's states of a line (by line number) at the end of the run. */
  finalState(line: number): { cpus: Mesi[]; dir: DirView };
}

export type RecordHeader = Omit<RecordDocument, "lines" | "events" | "final" | "timing" | "recorded">;

export class RecordLogError extends Error {}

const sharersOf = (mask: bigint): number[] => {
  const out: number[] = [];
  for (let c = 0; mask >> BigInt(c) !== 0n; c++) if ((mask >> BigInt(c)) & 1n) out.push(c);
  return out;
};

export function dirView(state: number, owner: number, sharers: bigint): DirView {
  const s = DIR_STATES[state];
  return { state: s, owner: s === "EM" ? owner : null, sharers: s === "S" ? sharersOf(sharers) : [] };
}

export const sameDir = (a: DirView, b: DirView) => a.state === b.state && a.owner === b.owner && a.sharers.join() === b.sharers.join();
export const dirText = (d: DirView) => (d.state === "EM" ? `EM(cpu${d.owner})` : d.state === "S" ? `S{${d.sharers.map((c) => "cpu" + c).join(",")}}` : "U");

export function buildRecordDocument(raw: RawRecord[], ctx: RecordContext, header: RecordHeader, recorded: number): RecordDocument {
  const records = [...raw].sort((a, b) => a.time - b.time || a.seq - b.seq);
  const lines = new Map<number, RecordedLine>();
  const regionName = new Map(ctx.regions.map((r) => [r.id, r]));
  const lineOf = (line: number, regionId: number): RecordedLine => {
    let l = lines.get(line);
    if (!l) {
      const region = regionName.get(regionId) ?? { name: "other", base: 0 };
      const offset = line * ctx.lineBytes - region.base;
      l = { id: lines.size, address: "0x" + (line * ctx.lineBytes).toString(16), region: region.name, label: lineLabel(region.name, offset, ctx.lineBytes), events: 0, bounces: 0 };
      lines.set(line, l);
    }
    return l;
  };
  const cpuStates = new Map<number, Mesi[]>();
  const dirStates = new Map<number, DirView>();
  const cpusOf = (line: number) => cpuStates.get(line) ?? (cpuStates.set(line, new Array(ctx.cpus).fill("I")), cpuStates.get(line)!);
  const dirOf = (line: number) => dirStates.get(line) ?? { state: "U" as const, owner: null, sharers: [] };
  const events: RecordedEvent[] = [];
  const who = (lp: number) => (lp < ctx.cpus ? `cpu${lp}` : lp === ctx.uncore ? "directory" : lp === ctx.device ? "nic" : `lp${lp}`);
  const push = (e: Omit<RecordedEvent, "i">) => {
    events.push({ i: events.length, ...e });
    if (e.line !== null) lines.get(lineNumbers[e.line])!.events++;
  };
  const lineNumbers: number[] = [];

  for (const r of records) {
    const isIrq = r.cls === RecordClass.irq;
    const l = isIrq ? null : lineOf(r.line, r.region);
    if (l && lineNumbers[l.id] === undefined) lineNumbers[l.id] = r.line;
    const step = r.step === 0 ? null : STEP_NAMES[r.step];
    const base = { t: r.time, line: l ? l.id : null, step, from: who(r.from), at: who(r.agent) };
    const msg = Msg[r.msg] ?? null;
    if (r.cls === RecordClass.arrive) {
      push({ ...base, kind: "request", message: msg, text: `${who(r.from)} → directory: ${msg} ${l!.label} (${REQUEST_MEANING[msg!] ?? ""})` });
    } else if (r.cls === RecordClass.directory) {
      const before = dirView(r.dirBefore, r.ownerBefore, r.sharersBefore);
      const after = dirView(r.dirAfter, r.ownerAfter, r.sharersAfter);
      if (!sameDir(before, dirOf(r.line))) throw new RecordLogError(`record ${r.seq} (t=${r.time}, ${l!.label}): the directory was ${dirText(before)}, but the log left it ${dirText(dirOf(r.line))}`);
      dirStates.set(r.line, after);
      const kind = DIRECTORY_KIND[msg!] ?? "directory";
      const ack = kind === "ack";
      const requester = ack ? r.b >> 16 : r.b;
      const had = ack ? (r.b & 1 ? "had a copy" : "had no copy") + (r.b & 2 ? ", dirty" : "") : "";
      const text = ack
        ? `directory gets ${msg} from ${who(r.from)} (${had}) for ${who(requester)}'s ${Msg[r.txn] ?? "request"}: ${dirText(before)} → ${dirText(after)}${r.bounce ? " — a bounce" : ""}`
        : `directory handles ${msg} ${l!.label}${r.msg === Msg.MEM_DONE ? " (data back from DRAM)" : ` from ${who(r.from)}`}: ${dirText(before)} → ${dirText(after)}`;
      push({ ...base, kind, message: msg, dir: { before, after }, ...(r.bounce ? { bounce: { cycles: 0, requester } } : {}), text });
      if (r.bounce) l!.bounces++;
    } else if (r.cls === RecordClass.cpu || r.cls === RecordClass.evict) {
      const states = cpusOf(r.line);
      const before = MESI[r.before];
      const after: Mesi = r.cls === RecordClass.evict ? "I" : MESI[r.after];
      const cpu = r.agent;
      if (states[cpu] === "E" && before === "M") {
        push({ ...base, kind: "silent-write", message: null, from: `cpu${cpu}`, at: `cpu${cpu}`, cpu: { cpu, before: "E", after: "M" }, text: `cpu${cpu} wrote ${l!.label}, held Exclusive, without a message: E → M (seen now)` });
        states[cpu] = "M";
      }
      if (states[cpu] !== before) throw new RecordLogError(`record ${r.seq} (t=${r.time}, ${l!.label}): cpu${cpu} held it ${before}, but the log left it ${states[cpu]}`);
      states[cpu] = after;
      const kind: EventKind = r.cls === RecordClass.evict ? "eviction" : CPU_KIND[msg!];
      const text =
        kind === "eviction"
          ? `cpu${cpu} evicts ${l!.label}${r.msg === Msg.PUT ? " and tells the directory (PUT)" : " silently (it was shared)"}: ${before} → I`
          : kind === "data"
            ? `${msg} ${l!.label} reaches cpu${cpu} from ${who(r.from)}: ${before} → ${after}`
            : kind === "invalidation"
              ? `INV ${l!.label} reaches cpu${cpu} (for ${who(r.b)}): ${before} → ${after}`
              : `${msg} ${l!.label} reaches cpu${cpu}, which sends it on to ${who(r.b)}: ${before} → ${after}`;
      push({ ...base, kind, message: r.cls === RecordClass.evict ? (r.msg === Msg.PUT ? "PUT" : null) : msg, cpu: { cpu, before, after }, text });
    } else if (isIrq) {
      const ipi = r.from < ctx.cpus;
      push({ ...base, kind: ipi ? "ipi" : "interrupt", message: "IRQ", text: `${ipi ? `IPI from cpu${r.from}` : "the NIC's interrupt"} (vector ${r.b}) reaches cpu${r.agent}` });
    }
  }
  reconcileFinal(ctx, lineNumbers, cpusOf, dirOf, push, records.length ? records[records.length - 1].time : 0, lines);
  priceBounces(events, ctx.timing);
  return {
    ...header,
    recorded,
    timing: ctx.timing,
    lines: [...lines.values()],
    events,
    final: {
      cpus: lineNumbers.map((ln) => [...cpusOf(ln)]),
      dir: lineNumbers.map((ln) => dirOf(ln)),
    },
  };
}

/** The machine's final states must be the log's, up to E lines written since their last event. */
function reconcileFinal(
  ctx: RecordContext, lineNumbers: number[], cpusOf: (l: number) => Mesi[], dirOf: (l: number) => DirView,
  push: (e: Omit<RecordedEvent, "i">) => void, end: number, lines: Map<number, RecordedLine>,
): void {
  for (const [id, ln] of lineNumbers.entries()) {
    const real = ctx.finalState(ln);
    const states = cpusOf(ln);
    const label = lines.get(ln)!.label;
    for (let c = 0; c < ctx.cpus; c++) {
      if (states[c] === "E" && real.cpus[c] === "M") {
        push({ t: end, kind: "silent-write", message: null, from: `cpu${c}`, at: `cpu${c}`, line: id, step: null, cpu: { cpu: c, before: "E", after: "M" }, text: `cpu${c} wrote ${label}, held Exclusive, without a message: E → M (seen at the end of the run)` });
        states[c] = "M";
      }
      if (states[c] !== real.cpus[c]) throw new RecordLogError(`${label}: the log ends with cpu${c} holding it ${states[c]}, the machine with ${real.cpus[c]}`);
    }
    if (!sameDir(dirOf(ln), real.dir)) throw new RecordLogError(`${label}: the log ends with the directory at ${dirText(dirOf(ln))}, the machine at ${dirText(real.dir)}`);
  }
}

/** A bounce's cost: the requester's whole miss — from its L2 lookup (the request's arrival at the
 *  directory, less one hop and the L2 latency) to its data's arrival. */
function priceBounces(events: RecordedEvent[], timing: RecordDocument["timing"]): void {
  for (const e of events) {
    if (!e.bounce) continue;
    const r = `cpu${e.bounce.requester}`;
    let request: RecordedEvent | undefined;
    for (let j = e.i; j >= 0; j--) {
      const x = events[j];
      if (x.kind === "request" && x.from === r && x.line === e.line && (x.message === "GETS" || x.message === "GETX")) {
        request = x;
        break;
      }
    }
    const data = request && events.find((x) => x.i > request!.i && x.kind === "data" && x.at === r && x.line === e.line);
    if (!request || !data) throw new RecordLogError(`event ${e.i}: a bounce for ${r} with no request or no data around it`);
    e.bounce.cycles = data.t - request.t + timing.hopCycles + timing.l2HitCycles;
    e.text += ` costing ${r} ${e.bounce.cycles} cycles`;
  }
}

const REQUEST_MEANING: Record<string, string> = {
  GETS: "a read miss",
  GETX: "a write: a miss, or an upgrade of a shared copy",
  PUT: "an E or M copy evicted",
  DMA_WR: "a device write",
  DMA_RD: "a device read",
};
const DIRECTORY_KIND: Record<string, EventKind> = { INV_ACK: "ack", FWD_ACK: "ack", DMA_WR: "dma-write", DMA_RD: "dma-read", MEM_DONE: "memory" };
const CPU_KIND: Record<string, EventKind> = { DATA_S: "data", DATA_E: "data", DATA_M: "data", INV: "invalidation", FWD_GETS: "forward", FWD_GETX: "forward", FWD_DMA: "forward" };
