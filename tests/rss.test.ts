// RSS steering in the module: the Toeplitz hash (assembly/nic/toeplitz.ts) against the published
// verification suite, and queue selection through the 128-entry indirection table (assembly/nic/rss.ts).
//
// The vectors are the IPv4 part of the RSS verification suite of Microsoft's "Verifying the RSS Hash
// Calculation", reproduced in Intel's datasheets (82599 §7.1.2.8.3, I210 §7.1.2.10.3 "RSS Verification
// Suite") and carried, with identical values, by DPDK (app/test/test_thash.c, v4_tbl: "From 82599
// Datasheet 7.1.2.8.3 RSS Verification Suite") and VirtualBox's e1000 RSS test (tstDevRss, testCaseIPv4).
// The table lists the destination first; the hash input is source address, destination address, source
// port, destination port.
//
// Only pure functions are called: no header, no attach()/init(); scratch bytes sit well above the
// module's static data and header.
import { pureModule, SCRATCH } from "./helpers/module.js";
import { beforeAll, describe, expect, test } from "vitest";

/** The suite's key (Microsoft RSS; DPDK default_rss_key). */
const PUBLISHED_KEY = [
  0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
  0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
  0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
];

interface Vector { dst: string; dport: number; src: string; sport: number; ipOnly: number; withTcp: number }

/** IPv4 rows of the verification suite, in the published order and column order (destination first). */
const IPV4_SUITE: Vector[] = [
  { dst: "161.142.100.80", dport: 1766, src: "66.9.149.187", sport: 2794, ipOnly: 0x323e8fc2, withTcp: 0x51ccc178 },
  { dst: "65.69.140.83", dport: 4739, src: "199.92.111.2", sport: 14230, ipOnly: 0xd718262a, withTcp: 0xc626b0ea },
  { dst: "12.22.207.184", dport: 38024, src: "24.19.198.95", sport: 12898, ipOnly: 0xd2d0a5de, withTcp: 0x5c2b394a },
  { dst: "209.142.163.6", dport: 2217, src: "38.27.205.30", sport: 48228, ipOnly: 0x82989176, withTcp: 0xafc7327f },
  { dst: "202.188.127.2", dport: 1303, src: "153.39.163.191", sport: 44251, ipOnly: 0x5d1809c5, withTcp: 0x10e828a2 },
];


const KEY_AT = SCRATCH;
const INPUT_AT = SCRATCH + 64;
const TABLE_AT = SCRATCH + 128;
const TUPLE_AT = SCRATCH + 512;
const PACKET_AT = SCRATCH + 1024;

let m: any;
let bytes: Uint8Array;

beforeAll(async () => {
  ({ exports: m, bytes } = await pureModule());
});

/** "a.b.c.d" → a << 24 | b << 16 | c << 8 | d, as an unsigned number. */
const ipv4 = (s: string) => s.split(".").reduce((a, o) => a * 256 + Number(o), 0);
const hex = (h: number) => "0x" + (h >>> 0).toString(16).padStart(8, "0");

/** The spec's pseudocode, bit by bit, in BigInt: for each set input bit, XOR the 32-bit key window at it. */
function referenceToeplitz(key: number[], input: number[]): number {
  const k = key.reduce((a, b) => (a << 8n) | BigInt(b), 0n);
  const keyBits = BigInt(key.length * 8);
  let r = 0n;
  for (let i = 0; i < input.length * 8; i++) {
    if ((input[i >> 3] >> (7 - (i & 7))) & 1) r ^= (k >> (keyBits - 32n - BigInt(i))) & 0xffffffffn;
  }
  return Number(r);
}

/** A small deterministic generator (xorshift32) so the random flows are the same on every run. */
function xorshift(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}

describe("Toeplitz hash", () => {
  test("the module's default key is the published 40-byte RSS key", () => {
    const at = m.rssDefaultKey() >>> 0;
    expect([...bytes.subarray(at, at + 40)]).toEqual(PUBLISHED_KEY);
  });

  for (const v of IPV4_SUITE) {
    const flow = `${v.src}:${v.sport} → ${v.dst}:${v.dport}`;
    test(`the Toeplitz hash of the 4-tuple matches the published RSS verification vector for ${flow} (${hex(v.withTcp)})`, () => {
      expect(hex(m.rssHashTuple4(ipv4(v.src), ipv4(v.dst), v.sport, v.dport, TUPLE_AT))).toBe(hex(v.withTcp));
    });
    test(`the Toeplitz hash of the 2-tuple matches the published RSS verification vector for ${v.src} → ${v.dst} (${hex(v.ipOnly)})`, () => {
      expect(hex(m.rssHashTuple2(ipv4(v.src), ipv4(v.dst), TUPLE_AT))).toBe(hex(v.ipOnly));
    });
  }

  test("the tuple is written in network byte order: source address, destination address, source port, destination port", () => {
    m.rssHashTuple4(ipv4("66.9.149.187"), ipv4("161.142.100.80"), 2794, 1766, TUPLE_AT);
    expect([...bytes.subarray(TUPLE_AT, TUPLE_AT + 12)]).toEqual([66, 9, 149, 187, 161, 142, 100, 80, 0x0a, 0xea, 0x06, 0xe6]);
  });

  test("swapping source and destination changes the hash (the input order matters)", () => {
    const v = IPV4_SUITE[0];
    expect(m.rssHashTuple4(ipv4(v.dst), ipv4(v.src), v.dport, v.sport, TUPLE_AT) >>> 0).not.toBe(v.withTcp);
  });

  test("hashing a packet in memory reads the addresses at IP offsets 12–19 and the ports from the L4 header, even after IP options", () => {
    for (const v of IPV4_SUITE) {
      bytes.fill(0xee, PACKET_AT, PACKET_AT + 64);
      const ip = PACKET_AT;
      const l4 = ip + 24; // IHL 6: a 4-byte option between the IP and TCP headers
      const dv = new DataView(bytes.buffer);
      dv.setUint32(ip + 12, ipv4(v.src));
      dv.setUint32(ip + 16, ipv4(v.dst));
      dv.setUint16(l4, v.sport);
      dv.setUint16(l4 + 2, v.dport);
      const key = m.rssDefaultKey();
      expect(hex(m.rssHashIPv4L4(key, ip, l4))).toBe(hex(v.withTcp));
      expect(hex(m.rssHashIPv4(key, ip))).toBe(hex(v.ipOnly));
    }
  });

  test("with a caller's key the hash follows the spec's bit-by-bit definition for every input length 0–36", () => {
    const rnd = xorshift(0x7e5a);
    for (let trial = 0; trial < 20; trial++) {
      const key = Array.from({ length: 40 }, () => rnd() & 0xff);
      bytes.set(key, KEY_AT);
      for (let n = 0; n <= 36; n++) {
        const input = Array.from({ length: n }, () => rnd() & 0xff);
        bytes.set(input, INPUT_AT);
        expect(hex(m.toeplitz(KEY_AT, INPUT_AT, n))).toBe(hex(referenceToeplitz(key, input)));
      }
    }
  });

  test("a hash split at any byte is the XOR of its parts, the second part hashed with the key advanced", () => {
    const rnd = xorshift(99);
    const key = Array.from({ length: 40 }, () => rnd() & 0xff);
    const input = Array.from({ length: 12 }, () => rnd() & 0xff);
    bytes.set(key, KEY_AT);
    bytes.set(input, INPUT_AT);
    const whole = m.toeplitz(KEY_AT, INPUT_AT, 12) >>> 0;
    for (let s = 0; s <= 12; s++) {
      const parts = (m.toeplitzAt(KEY_AT, 0, INPUT_AT, s) ^ m.toeplitzAt(KEY_AT, s, INPUT_AT + s, 12 - s)) >>> 0;
      expect(hex(parts)).toBe(hex(whole));
    }
  });

  test("the published key supplied through a pointer gives the same hashes as the built-in default", () => {
    bytes.set(PUBLISHED_KEY, KEY_AT);
    for (const v of IPV4_SUITE) {
      m.rssHashTuple4(ipv4(v.src), ipv4(v.dst), v.sport, v.dport, TUPLE_AT);
      expect(hex(m.toeplitz(KEY_AT, TUPLE_AT, 12))).toBe(hex(v.withTcp));
      expect(hex(m.toeplitz(KEY_AT, TUPLE_AT, 8))).toBe(hex(v.ipOnly));
    }
  });
});

describe("RSS indirection table", () => {
  test("filling the table equally over N queues assigns entry i to queue i mod N, as `ethtool -X equal N` does", () => {
    for (const n of [1, 3, 4, 16, 128]) {
      m.rssFillEqual(TABLE_AT, n);
      expect([...bytes.subarray(TABLE_AT, TABLE_AT + 128)]).toEqual(Array.from({ length: 128 }, (_, i) => i % n));
    }
  });

  test("the queue is the table entry picked by the hash's low 7 bits", () => {
    bytes.set(Array.from({ length: 128 }, (_, i) => (i * 37) & 0xff), TABLE_AT);
    for (const hash of [0, 1, 127, 128, 0x51ccc178, 0xffffffff]) {
      expect(m.rssQueue(TABLE_AT, hash)).toBe(((hash & 127) * 37) & 0xff);
    }
  });

  test("4096 random flows spread over 4 queues roughly evenly (each queue 20–30%)", () => {
    m.rssFillEqual(TABLE_AT, 4);
    const rnd = xorshift(2024);
    const counts = [0, 0, 0, 0];
    for (let f = 0; f < 4096; f++) {
      const hash = m.rssHashTuple4(rnd(), rnd(), rnd() & 0xffff, rnd() & 0xffff, TUPLE_AT);
      counts[m.rssQueue(TABLE_AT, hash)]++;
    }
    for (const c of counts) {
      expect(c / 4096).toBeGreaterThanOrEqual(0.2);
      expect(c / 4096).toBeLessThanOrEqual(0.3);
    }
  });

  test("a given flow always maps to the same queue", () => {
    m.rssFillEqual(TABLE_AT, 4);
    const rnd = xorshift(7);
    const flows = Array.from({ length: 256 }, () => [rnd(), rnd(), rnd() & 0xffff, rnd() & 0xffff] as const);
    const queueOf = (f: readonly [number, number, number, number]) => m.rssQueue(TABLE_AT, m.rssHashTuple4(f[0], f[1], f[2], f[3], TUPLE_AT));
    const first = flows.map(queueOf);
    for (let round = 0; round < 3; round++) expect(flows.map(queueOf)).toEqual(first);
    // The suite's first flow, by its published hash 0x51ccc178: low 7 bits 0x78 = 120, 120 mod 4 = queue 0.
    expect(queueOf([ipv4("66.9.149.187"), ipv4("161.142.100.80"), 2794, 1766])).toBe(0);
  });
});
