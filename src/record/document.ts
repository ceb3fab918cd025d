// From the module's raw records to the `netchan-record/1` document: records in time order, named,
// each checked against the states the previous ones left (a record whose "before" is not the state the
// log reached is a recorder bug and throws), the silent E → M writes made explicit, bounce costs paired
// with the requests and data that frame them, and the machine's own final states, which the log must
// reach.
import { Msg, ACK_HAD, ACK_DIRTY } from "../../assembly/machine/messages.js";
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
  const log = new LogBuilder(ctx);
  for (const r of records) log.add(r);
  log.reconcileFinal(records.length ? records[records.length - 1].time : 0);
  priceBounces(log.events, ctx.timing);
  return { ...header, recorded, timing: ctx.timing, lines: log.lines(), events: log.events, final: log.finalTables() };
}

type Base = Pick<RecordedEvent, "t" | "line" | "step" | "from" | "at">;

/** The log as it is built: the events so far, the lines met, and the states the events left. */
class LogBuilder {
  readonly events: RecordedEvent[] = [];
  private readonly byLine = new Map<number, RecordedLine>();
  /** Line numbers by line id. */
  private readonly numbers: number[] = [];
  private readonly cpuStates = new Map<number, Mesi[]>();
  private readonly dirStates = new Map<number, DirView>();
  private readonly regions: Map<number, { name: string; base: number }>;

  constructor(private readonly ctx: RecordContext) {
    this.regions = new Map(ctx.regions.map((r) => [r.id, r]));
  }

  lines(): RecordedLine[] {
    return [...this.byLine.values()];
  }

  finalTables(): RecordDocument["final"] {
    return { cpus: this.numbers.map((ln) => [...this.cpusOf(ln)]), dir: this.numbers.map((ln) => this.dirOf(ln)) };
  }

  private who(lp: number): string {
    const c = this.ctx;
    return lp < c.cpus ? `cpu${lp}` : lp === c.uncore ? "directory" : lp === c.device ? "nic" : `lp${lp}`;
  }

  private lineOf(line: number, regionId: number): RecordedLine {
    let l = this.byLine.get(line);
    if (!l) {
      const region = this.regions.get(regionId) ?? { name: "other", base: 0 };
      const L = this.ctx.lineBytes;
      l = { id: this.byLine.size, address: "0x" + (line * L).toString(16), region: region.name, label: lineLabel(region.name, line * L - region.base, L), events: 0, bounces: 0 };
      this.byLine.set(line, l);
      this.numbers.push(line);
    }
    return l;
  }

  private cpusOf(line: number): Mesi[] {
    let s = this.cpuStates.get(line);
    if (!s) this.cpuStates.set(line, (s = new Array<Mesi>(this.ctx.cpus).fill("I")));
    return s;
  }

  private dirOf(line: number): DirView {
    return this.dirStates.get(line) ?? { state: "U", owner: null, sharers: [] };
  }

  private push(e: Omit<RecordedEvent, "i">): void {
    this.events.push({ i: this.events.length, ...e });
    if (e.line !== null) this.byLine.get(this.numbers[e.line])!.events++;
  }

  add(r: RawRecord): void {
    const l = r.cls === RecordClass.irq ? null : this.lineOf(r.line, r.region);
    const base: Base = { t: r.time, line: l ? l.id : null, step: r.step === 0 ? null : STEP_NAMES[r.step], from: this.who(r.from), at: this.who(r.agent) };
    const msg = Msg[r.msg] ?? null;
    if (r.cls === RecordClass.arrive) {
      this.push({ ...base, kind: "request", message: msg, text: `${this.who(r.from)} → directory: ${msg} ${l!.label} (${REQUEST_MEANING[msg!] ?? ""})` });
    } else if (r.cls === RecordClass.directory) this.directory(r, base, l!, msg!);
    else if (r.cls === RecordClass.cpu || r.cls === RecordClass.evict) this.cpu(r, base, l!, msg);
    else if (r.cls === RecordClass.irq) {
      const ipi = r.from < this.ctx.cpus;
      this.push({ ...base, kind: ipi ? "ipi" : "interrupt", message: "IRQ", text: `${ipi ? `IPI from cpu${r.from}` : "the NIC's interrupt"} (vector ${r.b}) reaches cpu${r.agent}` });
    }
  }

  /** The directory handled a message: its view must start where the log left it. */
  private directory(r: RawRecord, base: Base, l: RecordedLine, msg: string): void {
    const before = dirView(r.dirBefore, r.ownerBefore, r.sharersBefore);
    const after = dirView(r.dirAfter, r.ownerAfter, r.sharersAfter);
    const was = this.dirOf(r.line);
    if (!sameDir(before, was)) throw new RecordLogError(`record ${r.seq} (t=${r.time}, ${l.label}): the directory was ${dirText(before)}, but the log left it ${dirText(was)}`);
    this.dirStates.set(r.line, after);
    const kind = DIRECTORY_KIND[msg] ?? "directory";
    const ack = kind === "ack";
    const requester = ack ? r.b >> 16 : r.b;
    const change = `${dirText(before)} → ${dirText(after)}`;
    const had = (r.b & ACK_HAD ? "had a copy" : "had no copy") + (r.b & ACK_DIRTY ? ", dirty" : "");
    const text = ack
      ? `directory gets ${msg} from ${this.who(r.from)} (${had}) for ${this.who(requester)}'s ${Msg[r.txn] ?? "request"}: ${change}${r.bounce ? " — a bounce" : ""}`
      : `directory handles ${msg} ${l.label}${r.msg === Msg.MEM_DONE ? " (data back from DRAM)" : ` from ${this.who(r.from)}`}: ${change}`;
    this.push({ ...base, kind, message: msg, dir: { before, after }, ...(r.bounce ? { bounce: { cycles: 0, requester } } : {}), text });
    if (r.bounce) l.bounces++;
  }

  /** A CPU's copy changed: it must start where the log left it, but for a silent E → M write. */
  private cpu(r: RawRecord, base: Base, l: RecordedLine, msg: string | null): void {
    const states = this.cpusOf(r.line);
    const cpu = r.agent;
    const before = MESI[r.before];
    const after: Mesi = r.cls === RecordClass.evict ? "I" : MESI[r.after];
    if (states[cpu] === "E" && before === "M") {
      this.silentWrite(r.time, l, cpu, "seen now");
      states[cpu] = "M";
    }
    if (states[cpu] !== before) throw new RecordLogError(`record ${r.seq} (t=${r.time}, ${l.label}): cpu${cpu} held it ${before}, but the log left it ${states[cpu]}`);
    states[cpu] = after;
    const kind: EventKind = r.cls === RecordClass.evict ? "eviction" : CPU_KIND[msg!];
    const change = `${before} → ${after}`;
    const text = {
      eviction: `cpu${cpu} evicts ${l.label}${r.msg === Msg.PUT ? " and tells the directory (PUT)" : " silently (it was shared)"}: ${change}`,
      data: `${msg} ${l.label} reaches cpu${cpu} from ${this.who(r.from)}: ${change}`,
      invalidation: `INV ${l.label} reaches cpu${cpu} (for ${this.who(r.b)}): ${change}`,
      forward: `${msg} ${l.label} reaches cpu${cpu}, which sends it on to ${this.who(r.b)}: ${change}`,
    }[kind as "eviction" | "data" | "invalidation" | "forward"];
    this.push({ ...base, kind, message: r.cls === RecordClass.evict ? (r.msg === Msg.PUT ? "PUT" : null) : msg, cpu: { cpu, before, after }, text });
  }

  private silentWrite(t: number, l: RecordedLine, cpu: number, when: string): void {
    this.push({ t, kind: "silent-write", message: null, from: `cpu${cpu}`, at: `cpu${cpu}`, line: l.id, step: null, cpu: { cpu, before: "E", after: "M" }, text: `cpu${cpu} wrote ${l.label}, held Exclusive, without a message: E → M (${when})` });
  }

  /** The machine's final states must be the log's, up to E lines written since their last event. */
  reconcileFinal(end: number): void {
    for (const ln of this.numbers) {
      const real = this.ctx.finalState(ln);
      const states = this.cpusOf(ln);
      const l = this.byLine.get(ln)!;
      for (let c = 0; c < this.ctx.cpus; c++) {
        if (states[c] === "E" && real.cpus[c] === "M") {
          this.silentWrite(end, l, c, "seen at the end of the run");
          states[c] = "M";
        }
        if (states[c] !== real.cpus[c]) throw new RecordLogError(`${l.label}: the log ends with cpu${c} holding it ${states[c]}, the machine with ${real.cpus[c]}`);
      }
      if (!sameDir(this.dirOf(ln), real.dir)) throw new RecordLogError(`${l.label}: the log ends with the directory at ${dirText(this.dirOf(ln))}, the machine at ${dirText(real.dir)}`);
    }
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
