// Flows as numbers: parsing the 4-tuples a run lists, generating distinct ones from a seed, and writing
// them as the module keeps them (network byte order, nic/flow-tuple.ts).

import type { FlowSpec } from "./config.js";

/** An IPv4 4-tuple: addresses as u32 in host order (a.b.c.d = a << 24 | b << 16 | c << 8 | d). */
export interface Tuple4 {
  src: number;
  dst: number;
  sport: number;
  dport: number;
}

/** The address a.b.c.d as a u32, or null if `s` is not a dotted quad of bytes. */
export function parseIPv4(s: unknown): number | null {
  if (typeof s !== "string") return null;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const b = m.slice(1).map(Number);
  if (b.some((x) => x > 255)) return null;
  return ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
}

export function formatIPv4(a: number): string {
  return [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join(".");
}

/** A checked FlowSpec as numbers. */
export function parseFlow(f: FlowSpec): Tuple4 {
  return { src: parseIPv4(f.src)!, dst: parseIPv4(f.dst)!, sport: f.sport, dport: f.dport };
}

/** The receiving host's address and port of every generated flow: one server, as in a bulk-transfer
 *  test (5201 is iperf3's default port). */
export const SERVER_ADDRESS = parseIPv4("10.0.0.1")!;
export const SERVER_PORT = 5201;

/**
 * `count` distinct flows to one server, from `seed`: client addresses in 10.0.0.0/8 other than the
 * server's, client ports in the ephemeral range 1024–65535. The generator is xorshift32 (Marsaglia,
 * "Xorshift RNGs", 2003); duplicates are drawn again, so the list depends only on (count, seed).
 */
export function generateFlows(count: number, seed: number): Tuple4[] {
  let x = (seed ^ 0x2545f491) >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const seen = new Set<string>();
  const flows: Tuple4[] = [];
  while (flows.length < count) {
    const src = ((10 << 24) | (next() & 0xffffff)) >>> 0;
    const sport = 1024 + (next() % (65536 - 1024));
    const key = `${src}:${sport}`;
    if (src === SERVER_ADDRESS || seen.has(key)) continue;
    seen.add(key);
    flows.push({ src, dst: SERVER_ADDRESS, sport, dport: SERVER_PORT });
  }
  return flows;
}

/** The 12 bytes of a FlowTuple (nic/flow-tuple.ts): both addresses, then both ports, big-endian. */
export function tupleBytes(t: Tuple4): Uint8Array {
  const b = new Uint8Array(12);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, t.src);
  dv.setUint32(4, t.dst);
  dv.setUint16(8, t.sport);
  dv.setUint16(10, t.dport);
  return b;
}
