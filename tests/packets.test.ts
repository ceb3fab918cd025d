// Packets as the NIC will write them and the application will check them (assembly/nic/packet.ts,
// packet-check.ts, payload.ts, checksum.ts). The module's pure functions are called on a scratch area of
// a plain shared memory — no header, no attach() or init(). Checksums are verified with an RFC 1071 sum
// written here independently of the module's, and the payload with an independent SplitMix64.
import { pureModule } from "./helpers/module.js";
import { beforeAll, describe, expect, test } from "vitest";

const SCRATCH = 1 << 20;
const TUPLE = SCRATCH; // one 12-byte FlowTuple
const OTHER_TUPLE = SCRATCH + 64;
const FRAME = SCRATCH + 4096; // one frame buffer
const STREAM = SCRATCH + 65536; // 1000 buffers of BUFFER bytes for the stream test
const BUFFER = 1536;

// the offsets the tests read fields at (RFC 791 §3.1 and RFC 793 §3.1 after a 14-byte Ethernet header)
const IP = 14;
const TCP = 34;
const PAYLOAD = 54;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let nc: any;
let mem: Uint8Array;
let view: DataView;

beforeAll(async () => {
  const m = await pureModule();
  nc = m.exports;
  mem = m.bytes;
  view = new DataView(m.memory.buffer);
});

// --- independent references ---

/** RFC 1071 one's-complement sum of `bytes` as big-endian 16-bit words, an odd last byte padded on the
 *  right with zero, carries folded back in (end-around carry). */
function onesSum(bytes: ArrayLike<number>, acc = 0): number {
  for (let i = 0; i < bytes.length; i += 2) acc += (bytes[i] << 8) | (i + 1 < bytes.length ? bytes[i + 1] : 0);
  while (acc > 0xffff) acc = (acc & 0xffff) + (acc >>> 16);
  return acc;
}

/** RFC 793 §3.1's pseudo-header followed by the TCP segment of the frame `f`. */
function tcpPseudoAndSegment(f: Uint8Array): number[] {
  const total = (f[IP + 2] << 8) | f[IP + 3];
  const segment = total - 20;
  return [...f.subarray(IP + 12, IP + 20), 0, 6, segment >> 8, segment & 0xff, ...f.subarray(TCP, IP + total)];
}

const MASK64 = (1n << 64n) - 1n;
const GAMMA = 0x9e3779b97f4a7c15n;

/** SplitMix64's output number n from `seed`, as in Vigna's splitmix64.c. */
function splitmix64(seed: bigint, n: bigint): bigint {
  let z = (seed + GAMMA * n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** The documented payload function: byte o & 7 (little-endian) of output f·2^32 + (o >> 3) + 1. */
function expectedByte(seed: bigint, flow: number, offset: number): number {
  const word = splitmix64(seed, (BigInt(flow) << 32n) + BigInt(offset >>> 3) + 1n);
  return Number((word >> BigInt(8 * (offset & 7))) & 0xffn);
}

// --- helpers ---

function ipv4(a: string): number {
  return a.split(".").reduce((n, b) => n * 256 + Number(b), 0);
}

/** Writes a FlowTuple at `at`: in network order, as in the headers. */
function setTuple(at: number, src: string, dst: string, sport: number, dport: number): void {
  view.setUint32(at, ipv4(src));
  view.setUint32(at + 4, ipv4(dst));
  view.setUint16(at + 8, sport);
  view.setUint16(at + 10, dport);
}

const SEED = 0x5eed_1234_abcd_0001n;
const FLOW = 7;

type Build = { at?: number; tuple?: number; flow?: number; packet?: number; offset?: number; seed?: bigint };
function build(payload: number, b: Build = {}): number {
  const { at = FRAME, tuple = TUPLE, flow = FLOW, packet = 0, offset = 0, seed = SEED } = b;
  return nc.buildPacket(at, tuple, flow, packet, offset, payload, seed);
}

const frame = (len: number, at = FRAME) => mem.subarray(at, at + len);

type Check = { at?: number; tuple?: number; flow?: number; offset?: number; seed?: bigint };
/** checkPacket's verdict as its PacketStatus name. */
function check(len: number, c: Check = {}): string {
  const code = nc.checkPacket(c.at ?? FRAME, len, c.tuple ?? TUPLE, c.flow ?? FLOW, c.offset ?? 0, c.seed ?? SEED);
  const name = Object.keys(nc.PacketStatus).find((k) => nc.PacketStatus[k].value === code);
  return name ?? `unknown status ${code}`;
}

/** Recomputes the frame's TCP checksum with the reference (as a NIC offloading it would over the bytes it
 *  has, right or wrong). */
function refreshTcpChecksum(len: number): void {
  view.setUint16(FRAME + TCP + 16, 0);
  view.setUint16(FRAME + TCP + 16, ~onesSum(tcpPseudoAndSegment(frame(len))) & 0xffff);
}

describe("the module's Internet checksum", () => {
  test("RFC 1071's worked example: bytes 00 01 f2 03 f4 f5 f6 f7 sum to 0xddf2, so the checksum is 0x220d", () => {
    const bytes = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
    mem.set(bytes, SCRATCH);
    expect(onesSum(bytes)).toBe(0xddf2);
    expect(nc.internetChecksum(SCRATCH, 8)).toBe(0x220d);
  });

  test("agrees with the reference for every length from 0 to 100, odd ones included, at odd addresses too", () => {
    for (let len = 0; len <= 100; len++) {
      for (const at of [SCRATCH, SCRATCH + 1]) {
        for (let i = 0; i < len; i++) mem[at + i] = (i * 151 + len * 7 + 0xe5) & 0xff;
        const want = ~onesSum(frame(len, at)) & 0xffff;
        expect([len, at - SCRATCH, nc.internetChecksum(at, len)]).toEqual([len, at - SCRATCH, want]);
      }
    }
  });
});

describe("checksums of a built packet", () => {
  const tuple = () => setTuple(TUPLE, "192.0.2.10", "198.51.100.1", 49152, 5201);

  test.each([0, 1, 5, 6, 7, 59, 61, 1001, 1459, 1460])(
    "with %i payload bytes, the IPv4 header and the TCP segment with its pseudo-header each sum to 0xffff",
    (payload) => {
      tuple();
      const len = build(payload, { packet: 0xbeef, offset: 0x7fff_fffd });
      const f = frame(len);
      expect(onesSum(f.subarray(IP, IP + 20))).toBe(0xffff);
      expect(onesSum(tcpPseudoAndSegment(f))).toBe(0xffff);
    },
  );

  test.each([0, 1, 6, 1460])("with %i payload bytes, each checksum field holds the complement of the reference sum", (payload) => {
    tuple();
    const len = build(payload, { offset: 12345 });
    const f = Uint8Array.from(frame(len));
    const ipField = (f[IP + 10] << 8) | f[IP + 11];
    const tcpField = (f[TCP + 16] << 8) | f[TCP + 17];
    f[IP + 10] = f[IP + 11] = f[TCP + 16] = f[TCP + 17] = 0;
    expect(ipField).toBe(~onesSum(f.subarray(IP, IP + 20)) & 0xffff);
    expect(tcpField).toBe(~onesSum(tcpPseudoAndSegment(f)) & 0xffff);
  });

  test("known answer: the headers of a 64-byte frame from 10.0.0.2:40000 to 10.0.0.1:5001, packet 1, offset 0x01020304", () => {
    setTuple(TUPLE, "10.0.0.2", "10.0.0.1", 40000, 5001);
    const len = build(6, { packet: 1, offset: 0x01020304 });
    expect(len).toBe(60);
    const hex = (a: number, b: number) =>
      [...frame(len).subarray(a, b)].map((x) => x.toString(16).padStart(2, "0")).join(" ");
    // Ethernet: NIC 02:00:00:00:00:01 ← peer 02:00:00:00:00:02, type IPv4
    expect(hex(0, 14)).toBe("02 00 00 00 00 01 02 00 00 00 00 02 08 00");
    // IPv4 checksum by hand, RFC 1071 sum of the header's words with the checksum word 0:
    //   4500 + 002e (total 20 + 20 + 6 = 46) = 452e;  + 0001 (identification) = 452f;  + 4000 (DF) = 852f;
    //   + 4006 (TTL 64, TCP) = c535;  + 0a00 + 0002 (10.0.0.2) = cf37;  + 0a00 + 0001 (10.0.0.1) = d938;
    //   no carries; checksum = ~d938 = 26c7.
    expect(hex(IP, IP + 20)).toBe("45 00 00 2e 00 01 40 00 40 06 26 c7 0a 00 00 02 0a 00 00 01");
    // TCP: ports 9c40 (40000) and 1389 (5001), seq 01020304, ack 0, offset 5, ACK, window ffff, urgent 0
    expect(hex(TCP, TCP + 16)).toBe("9c 40 13 89 01 02 03 04 00 00 00 00 50 10 ff ff");
    expect(hex(TCP + 18, TCP + 20)).toBe("00 00");
  });
});

describe("frame sizes", () => {
  test("the module's limits: 60 to 1514 bytes in the buffer (no FCS), 54 of headers, up to 1460 of payload", () => {
    expect(nc.MIN_FRAME_BYTES.value).toBe(60);
    expect(nc.MAX_FRAME_BYTES.value).toBe(1514);
    expect(nc.PAYLOAD_START.value).toBe(PAYLOAD);
    expect(nc.MAX_PAYLOAD_BYTES.value).toBe(1460);
    expect(nc.FCS_BYTES.value).toBe(4);
    expect(nc.FLOW_TUPLE_BYTES.value).toBe(12);
  });

  test("a minimum 64-byte Ethernet frame carries 6 payload bytes and fills 60 bytes with no padding", () => {
    setTuple(TUPLE, "10.0.0.2", "10.0.0.1", 40000, 5001);
    const len = build(6);
    expect(len + nc.FCS_BYTES.value).toBe(64);
    expect(view.getUint16(FRAME + IP + 2)).toBe(46);
  });

  test("a maximum 1518-byte Ethernet frame carries 1460 payload bytes, an IPv4 total length of 1500 (the MTU)", () => {
    setTuple(TUPLE, "10.0.0.2", "10.0.0.1", 40000, 5001);
    const len = build(1460);
    expect(len).toBe(1514);
    expect(len + nc.FCS_BYTES.value).toBe(1518);
    expect(view.getUint16(FRAME + IP + 2)).toBe(1500);
    expect(nc.framePayloadBytes(FRAME)).toBe(1460);
  });

  test.each([0, 1, 5])("a frame with %i payload bytes is padded with zeros to 60; its IPv4 total length excludes the pad", (payload) => {
    setTuple(TUPLE, "10.0.0.2", "10.0.0.1", 40000, 5001);
    mem.fill(0xaa, FRAME, FRAME + 64);
    expect(build(payload)).toBe(60);
    expect(view.getUint16(FRAME + IP + 2)).toBe(40 + payload);
    expect([...frame(60).subarray(PAYLOAD + payload)]).toEqual(new Array(6 - payload).fill(0));
    expect(mem[FRAME + 60]).toBe(0xaa); // nothing written past the frame
    expect(check(60)).toBe("OK");
    expect(nc.framePayloadBytes(FRAME)).toBe(payload);
  });

  test.each([1461, 1464, 9000])("a payload of %i bytes makes a frame over 1518 bytes: refused, nothing written", (payload) => {
    mem.fill(0xaa, FRAME, FRAME + 2048);
    expect(build(payload)).toBe(0);
    expect(frame(2048).every((b) => b === 0xaa)).toBe(true);
  });
});

describe("payload", () => {
  test("flow 0 under seed 0 begins with SplitMix64's first output from seed 0, 0xe220a8397b1dcdaf, little-endian", () => {
    const first = [0xaf, 0xcd, 0x1d, 0x7b, 0x39, 0xa8, 0x20, 0xe2];
    expect(splitmix64(0n, 1n)).toBe(0xe220a8397b1dcdafn);
    expect(first.map((_, o) => nc.payloadByte(0n, 0, o))).toEqual(first);
  });

  test.each([0, 3, 8, 1460, 0xffff_fff0 - 700])(
    "every payload byte of a packet at stream offset %i is the documented function of (seed, flow, offset)",
    (offset) => {
      setTuple(TUPLE, "10.0.0.2", "10.0.0.1", 40000, 5001);
      build(1460, { offset });
      expect(view.getUint32(FRAME + TCP + 4)).toBe(offset);
      for (let i = 0; i < 1460; i++) {
        const o = (offset + i) >>> 0;
        const want = expectedByte(SEED, FLOW, o);
        if (mem[FRAME + PAYLOAD + i] !== want || nc.payloadByte(SEED, FLOW, o) !== want) {
          expect([i, mem[FRAME + PAYLOAD + i], nc.payloadByte(SEED, FLOW, o)]).toEqual([i, want, want]);
        }
      }
    },
  );

  test("two flows, and two seeds, give unrelated streams (about 1 byte in 256 equal by chance)", () => {
    const stream = (seed: bigint, flow: number) => Array.from({ length: 4096 }, (_, o) => nc.payloadByte(seed, flow, o));
    const same = (a: number[], b: number[]) => a.filter((x, i) => x === b[i]).length;
    const base = stream(SEED, 1);
    expect(same(base, stream(SEED, 2))).toBeLessThan(40);
    expect(same(base, stream(SEED + 1n, 1))).toBeLessThan(40);
    expect(same(base, stream(SEED, 1))).toBe(4096);
  });
});

describe("checkPacket", () => {
  const PAY = 1001;
  let len = 0;
  const good = () => {
    setTuple(TUPLE, "192.0.2.10", "198.51.100.1", 49152, 5201);
    len = build(PAY, { offset: 5000 });
  };

  test("a good packet is OK, and its payload length is read back", () => {
    good();
    expect(check(len, { offset: 5000 })).toBe("OK");
    expect(nc.framePayloadBytes(FRAME)).toBe(PAY);
  });

  test("any one flipped bit of the IPv4 header is BAD_IP_CHECKSUM", () => {
    good();
    const verdicts = new Set<string>();
    for (let byte = IP; byte < IP + 20; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        mem[FRAME + byte] ^= 1 << bit;
        verdicts.add(check(len, { offset: 5000 }));
        mem[FRAME + byte] ^= 1 << bit;
      }
    }
    expect([...verdicts]).toEqual(["BAD_IP_CHECKSUM"]);
    expect(check(len, { offset: 5000 })).toBe("OK");
  });

  test("any one flipped bit of the TCP header is BAD_TCP_CHECKSUM", () => {
    good();
    const verdicts = new Set<string>();
    for (let byte = TCP; byte < TCP + 20; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        mem[FRAME + byte] ^= 1 << bit;
        verdicts.add(check(len, { offset: 5000 }));
        mem[FRAME + byte] ^= 1 << bit;
      }
    }
    expect([...verdicts]).toEqual(["BAD_TCP_CHECKSUM"]);
  });

  test("a changed payload byte is caught by the TCP checksum first", () => {
    good();
    mem[FRAME + PAYLOAD + 777] ^= 0x40;
    expect(check(len, { offset: 5000 })).toBe("BAD_TCP_CHECKSUM");
  });

  test("a changed payload byte under a checksum computed over it is BAD_PAYLOAD, at that byte", () => {
    good();
    mem[FRAME + PAYLOAD + 777] ^= 0x40;
    refreshTcpChecksum(len);
    expect(onesSum(tcpPseudoAndSegment(frame(len)))).toBe(0xffff);
    expect(check(len, { offset: 5000 })).toBe("BAD_PAYLOAD");
    expect(nc.firstWrongPayloadByte(FRAME + PAYLOAD, PAY, SEED, FLOW, 5000)).toBe(777);
  });

  test("two swapped 16-bit payload words, which the checksum cannot see, are BAD_PAYLOAD", () => {
    good();
    const a = FRAME + PAYLOAD + 100;
    const b = FRAME + PAYLOAD + 600;
    const wa = view.getUint16(a);
    const wb = view.getUint16(b);
    expect(wa).not.toBe(wb);
    view.setUint16(a, wb);
    view.setUint16(b, wa);
    expect(onesSum(tcpPseudoAndSegment(frame(len)))).toBe(0xffff);
    expect(check(len, { offset: 5000 })).toBe("BAD_PAYLOAD");
    expect(nc.firstWrongPayloadByte(FRAME + PAYLOAD, PAY, SEED, FLOW, 5000)).toBe(wa >> 8 === wb >> 8 ? 101 : 100);
  });

  test("a packet checked against another flow's addresses or ports is WRONG_FLOW", () => {
    good();
    const others: [string, string, number, number][] = [
      ["192.0.2.11", "198.51.100.1", 49152, 5201],
      ["192.0.2.10", "198.51.100.2", 49152, 5201],
      ["192.0.2.10", "198.51.100.1", 49153, 5201],
      ["192.0.2.10", "198.51.100.1", 49152, 5202],
      ["198.51.100.1", "192.0.2.10", 5201, 49152], // the reverse direction
    ];
    for (const o of others) {
      setTuple(OTHER_TUPLE, ...o);
      expect([o, check(len, { tuple: OTHER_TUPLE, offset: 5000 })]).toEqual([o, "WRONG_FLOW"]);
    }
  });

  test("a packet checked at another expected offset is OUT_OF_ORDER", () => {
    good();
    for (const offset of [0, 4999, 5001, 5000 - PAY, 5000 + PAY]) {
      expect([offset, check(len, { offset })]).toEqual([offset, "OUT_OF_ORDER"]);
    }
  });

  test("a payload keyed by another flow or another seed is BAD_PAYLOAD", () => {
    good();
    expect(check(len, { offset: 5000, flow: FLOW + 1 })).toBe("BAD_PAYLOAD");
    expect(check(len, { offset: 5000, seed: SEED ^ 1n })).toBe("BAD_PAYLOAD");
  });

  test("a buffer length that disagrees with the IPv4 total length, or is out of 60 … 1514, is BAD_FRAME", () => {
    good();
    for (const l of [len - 1, len + 1, 59, 0, 1515]) expect([l, check(l, { offset: 5000 })]).toEqual([l, "BAD_FRAME"]);
    build(0);
    expect(check(60)).toBe("OK");
    expect(check(54)).toBe("BAD_FRAME"); // the pad is part of the frame
  });

  test("a frame that is not IPv4 is BAD_FRAME", () => {
    good();
    view.setUint16(FRAME + 12, 0x86dd); // IPv6
    expect(check(len, { offset: 5000 })).toBe("BAD_FRAME");
  });
});

describe("a stream", () => {
  /** Payload sizes of a bulk flow: mostly full segments, some short ones (a deterministic LCG). */
  function sizes(n: number): number[] {
    let x = 12345;
    return Array.from({ length: n }, (_, i) => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return i === 0 ? 0 : x % 4 === 0 ? (x >>> 8) % 1461 : 1460;
    });
  }

  test("1000 packets of one flow, built into 1000 buffers, all check in order", () => {
    setTuple(TUPLE, "192.0.2.10", "198.51.100.1", 49152, 5201);
    const payloads = sizes(1000);
    const lens: number[] = [];
    let offset = 0;
    payloads.forEach((p, i) => {
      lens.push(build(p, { at: STREAM + i * BUFFER, packet: i, offset }));
      offset += p;
    });
    offset = 0;
    const verdicts: string[] = [];
    payloads.forEach((p, i) => {
      verdicts.push(check(lens[i], { at: STREAM + i * BUFFER, offset }));
      expect(nc.framePayloadBytes(STREAM + i * BUFFER)).toBe(p);
      expect(view.getUint16(STREAM + i * BUFFER + IP + 4)).toBe(i); // identification
      offset += p;
    });
    expect(verdicts).toEqual(new Array(1000).fill("OK"));
    expect(offset).toBe(payloads.reduce((a, b) => a + b, 0));
  });

  test("a packet delivered one place early is OUT_OF_ORDER", () => {
    setTuple(TUPLE, "192.0.2.10", "198.51.100.1", 49152, 5201);
    build(1460, { at: STREAM, offset: 0 });
    const second = build(1460, { at: STREAM + BUFFER, packet: 1, offset: 1460 });
    expect(check(second, { at: STREAM + BUFFER, offset: 0 })).toBe("OUT_OF_ORDER");
  });

  test("a stream that crosses the end of the 32-bit sequence space checks across the wrap", () => {
    setTuple(TUPLE, "192.0.2.10", "198.51.100.1", 49152, 5201);
    let offset = 2 ** 32 - 5 * 1460 - 3;
    for (let i = 0; i < 10; i++) {
      const len = build(1460, { packet: i, offset });
      expect([i, check(len, { offset })]).toEqual([i, "OK"]);
      offset = (offset + 1460) >>> 0;
    }
    expect(offset).toBe(5 * 1460 - 3);
  });
});
