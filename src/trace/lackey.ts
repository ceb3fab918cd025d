// One line of a valgrind lackey memory trace (`valgrind --tool=lackey --trace-mem=yes`). Lackey writes
//
//   I  0023C790,2      an instruction fetch of 2 bytes at 0x0023C790
//    L BE80199C,4      a data load
//    S BE80199C,4      a data store
//    M 0025747C,1      a data modify: a load and a store to the same address by one instruction
//
// with the address in hexadecimal and the size in decimal (lackey's lk_main.c, `trace_instr` and
// `trace_load`/`trace_store`/`trace_modify`), and valgrind's own messages prefixed `==pid==` (or `--pid--`,
// `**pid**`), which are skipped, as are blank lines. Anything else is refused with the reason.

export type AccessKind = "I" | "L" | "S" | "M";

export interface TraceAccess {
  kind: AccessKind;
  /** Byte address (a whole number below 2^53: lackey prints at most 64-bit addresses of user space). */
  address: number;
  size: number;
}

const ACCESS = /^(?:(I) {2}| ([LSM]) )([0-9A-Fa-f]{1,16}),(\d{1,4})\s*$/;
const VALGRIND_MESSAGE = /^(==|--|\*\*)\d+\1/;

/** The access on `text`, null for a line to skip, or a string saying why the line is not a trace line. */
export function parseLackeyLine(text: string): TraceAccess | null | string {
  if (text.trim() === "" || VALGRIND_MESSAGE.test(text)) return null;
  const m = ACCESS.exec(text);
  if (!m) return `not a lackey trace line (expected "I  ADDR,SIZE" or " L|S|M ADDR,SIZE", ADDR in hexadecimal): ${JSON.stringify(clip(text))}`;
  const address = Number.parseInt(m[3], 16);
  if (!Number.isSafeInteger(address)) return `address 0x${m[3]} is beyond 2^53: ${JSON.stringify(clip(text))}`;
  const size = Number(m[4]);
  if (size === 0) return `an access of 0 bytes: ${JSON.stringify(clip(text))}`;
  return { kind: (m[1] ?? m[2]) as AccessKind, address, size };
}

const clip = (s: string) => (s.length > 80 ? s.slice(0, 77) + "…" : s);
