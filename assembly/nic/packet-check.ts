// What the application does with each frame it receives: the end-to-end check of DESIGN.md ("every
// payload byte arrives, in order, or the packet is counted as dropped with a reason"). It verifies what a
// receiver's stack would (the frame's shape, both checksums), then what only the simulator can: that the
// segment belongs to the flow, comes at the stream offset the application expects next, and carries
// exactly the flow's bytes (payload.ts). A failure returns the first reason found, in that order.
//
// The checks run in the order Linux's receive path makes them (ip_rcv_core, then tcp_v4_rcv), except that
// the IPv4 checksum comes before the header's shape is trusted: a single flipped bit anywhere in the IPv4
// header — version and length fields included — is then always BAD_IP_CHECKSUM: it changes the sum by
// ±2^k, never by a multiple of 0xffff, so the Internet checksum sees every single-bit error.
//
// The checksums catch most corruption of the payload before the payload check can: a changed byte shows
// as BAD_TCP_CHECKSUM. BAD_PAYLOAD is what the checksum cannot see — 16-bit words swapped, a 0x0000 turned
// into 0xffff, a segment whose checksum was computed over wrong bytes (a NIC offloading the checksum of
// data already stale) — and the simulator's own bugs: data read through a stale copy, a buffer reused too
// soon, a segment from the wrong point of the stream.

import { FlowTuple } from "./flow-tuple";
import { checksumVerifies } from "./checksum";
import { firstWrongPayloadByte } from "./payload";
import {
  ETH_TYPE, ETHERTYPE_IPV4, IP_VERSION_IHL, IP_PROTO_TCP, IP_FRAGMENT_MASK, IP_HEADER_BYTES, IP_START,
  TCP_HEADER_BYTES, TCP_DATA_OFFSET, PAYLOAD_START, MIN_FRAME_BYTES, MAX_FRAME_BYTES,
  Ipv4Header, TcpHeader, ipHeader, tcpHeader, ipSum, tcpSum, ntohs, ntohl,
} from "./packet";

export enum PacketStatus {
  /** Every check passed. */
  OK = 0,
  /** Not a frame buildPacket makes: the wrong length, not IPv4, IP or TCP options, a fragment, not TCP,
   *  or an IPv4 total length that disagrees with the frame's length. */
  BAD_FRAME,
  /** The IPv4 header does not sum to 0xffff. */
  BAD_IP_CHECKSUM,
  /** The TCP segment with its pseudo-header does not sum to 0xffff. */
  BAD_TCP_CHECKSUM,
  /** Addresses or ports differ from the flow's 4-tuple. */
  WRONG_FLOW,
  /** The sequence number is not the stream offset the application expects next. */
  OUT_OF_ORDER,
  /** A payload byte differs from the flow's stream (firstWrongPayloadByte says which). */
  BAD_PAYLOAD,
}

/** Payload bytes of a frame that checked OK (its IPv4 total length less both headers). */
export function framePayloadBytes(frame: usize): u32 {
  return <u32>ntohs(ipHeader(frame).totalLength) - IP_HEADER_BYTES - TCP_HEADER_BYTES;
}

/** The IPv4 header's shape, once its checksum holds: no options, not a fragment, TCP, and a total length
 *  that fills the frame exactly — or, under the minimum, up to the padding. */
function plainIpv4Tcp(ip: Ipv4Header, len: u32): bool {
  if (ip.versionIhl != IP_VERSION_IHL || ip.protocol != IP_PROTO_TCP) return false;
  if ((ntohs(ip.flagsFragment) & IP_FRAGMENT_MASK) != 0) return false;
  const total = <u32>ntohs(ip.totalLength);
  if (total < IP_HEADER_BYTES + TCP_HEADER_BYTES) return false;
  const end = IP_START + total;
  return len == (end > MIN_FRAME_BYTES ? end : MIN_FRAME_BYTES);
}

@inline function sameFlow(ip: Ipv4Header, tcp: TcpHeader, t: FlowTuple): bool {
  return ip.srcAddr == t.srcAddr && ip.dstAddr == t.dstAddr && tcp.srcPort == t.srcPort && tcp.dstPort == t.dstPort;
}

/**
 * Checks the `len`-byte frame at `src` as the application of flow `flow` (4-tuple at `tuple`, a FlowTuple;
 * payload from `seed`) expecting stream offset `expectedOffset` next. Returns a PacketStatus.
 */
export function checkPacket(src: usize, len: u32, tuple: usize, flow: u32, expectedOffset: u32, seed: u64): u32 {
  if (len < MIN_FRAME_BYTES || len > MAX_FRAME_BYTES) return PacketStatus.BAD_FRAME;
  if (ntohs(load<u16>(src + ETH_TYPE)) != ETHERTYPE_IPV4) return PacketStatus.BAD_FRAME;
  if (!checksumVerifies(ipSum(src))) return PacketStatus.BAD_IP_CHECKSUM;
  const ip = ipHeader(src);
  if (!plainIpv4Tcp(ip, len)) return PacketStatus.BAD_FRAME;
  const tcpBytes = <u32>ntohs(ip.totalLength) - IP_HEADER_BYTES;
  if (!checksumVerifies(tcpSum(src, tcpBytes))) return PacketStatus.BAD_TCP_CHECKSUM;
  const tcp = tcpHeader(src);
  if ((tcp.dataOffset & 0xf0) != TCP_DATA_OFFSET) return PacketStatus.BAD_FRAME;
  if (!sameFlow(ip, tcp, changetype<FlowTuple>(tuple))) return PacketStatus.WRONG_FLOW;
  if (ntohl(tcp.seq) != expectedOffset) return PacketStatus.OUT_OF_ORDER;
  const payload = tcpBytes - TCP_HEADER_BYTES;
  const wrong = firstWrongPayloadByte(src + PAYLOAD_START, payload, seed, flow, expectedOffset);
  return wrong < 0 ? PacketStatus.OK : PacketStatus.BAD_PAYLOAD;
}
