// A received packet's bytes, as the NIC writes them into a receive buffer: an Ethernet II frame holding an
// IPv4 datagram holding one TCP segment of a bulk-transfer flow. The NIC writes real frames and the
// application checks every byte it gets (packet-check.ts), so a stale cache line, a lost DMA write or a
// reordered queue anywhere in the machine shows up as a wrong byte, not as a plausible number.
//
//   0         6         12    14                 34                 54             54+n      ≥ 60
//   +---------+---------+-----+------------------+------------------+--------------+---------+
//   | dst MAC | src MAC | type| IPv4 header      | TCP header       | payload      | zero pad|
//   +---------+---------+-----+------------------+------------------+--------------+---------+
//    Ethernet II, type 0x0800  RFC 791 §3.1, no   RFC 793 §3.1, no   n = 0 … 1460
//    (RFC 894)                 options (IHL 5)    options (offset 5)
//
// Ethernet counts a frame from the destination MAC through the 4-byte FCS: 64 to 1518 bytes untagged
// (IEEE 802.3 §4.4.2, minFrameSize and maxUntaggedFrameSize). The NIC checks and strips the FCS before it
// writes the buffer, as NICs do unless told to keep it (Linux's NETIF_F_RXFCS), so a buffer holds 60 to
// 1514 bytes: 54 of headers and up to 1460 of payload — the TCP MSS of a 1500-byte MTU. A shorter frame
// is padded with zero bytes to 60, and "this padding is not part of the IP packet and is not included in
// the total length field" (RFC 894); neither is it in the TCP checksum, which covers the segment only.
//
// The TCP sequence number is the stream offset of the segment's first payload byte: no handshake is
// simulated, so there is no initial sequence number to add (the ISN is taken as 0), the ACK number is 0,
// and the window is the largest one can state without the window-scale option (RFC 7323 §2), which only a
// handshake negotiates. The payload is the flow's stream at that offset (payload.ts).
//
// Every multi-byte field is big-endian (network order); WebAssembly memory is little-endian, so field
// values go through htons/htonl. The header layouts are @unmanaged classes only to name the offsets:
// their fields sit at natural alignment, which is exactly where RFC 791 and RFC 793 put them.

import { FlowTuple, FLOW_TUPLE_BYTES } from "./flow-tuple";
import { onesSum, checksumField } from "./checksum";
import { fillPayload } from "./payload";

// --- byte order (RFC 791 Appendix B: the most significant octet is sent first) ---

@inline export function htons(v: u16): u16 { return bswap<u16>(v); }
@inline export function htonl(v: u32): u32 { return bswap<u32>(v); }
@inline export function ntohs(v: u16): u16 { return bswap<u16>(v); }
@inline export function ntohl(v: u32): u32 { return bswap<u32>(v); }

// --- Ethernet II (IEEE 802.3 §3.2) ---

export const MAC_BYTES: u32 = 6;
export const ETH_DST: u32 = 0;
export const ETH_SRC: u32 = ETH_DST + MAC_BYTES;
export const ETH_TYPE: u32 = ETH_SRC + MAC_BYTES;
export const ETH_HEADER_BYTES: u32 = ETH_TYPE + 2;
/** The type field value for IPv4 (RFC 894). */
export const ETHERTYPE_IPV4: u16 = 0x0800;
/** The receiving NIC's address and its peer's (a switch port or router): locally administered unicast
 *  addresses (IEEE Std 802: the U/L bit, bit 1 of the first octet, set; the I/G bit, bit 0, clear). */
export const NIC_MAC: u64 = 0x02_00_00_00_00_01;
export const PEER_MAC: u64 = 0x02_00_00_00_00_02;

/** Frame sizes as Ethernet counts them, FCS included (IEEE 802.3 §4.4.2). */
export const ETH_MIN_FRAME: u32 = 64;
export const ETH_MAX_FRAME: u32 = 1518;
export const FCS_BYTES: u32 = 4;

// --- IPv4 (RFC 791 §3.1) ---
//
//        0        1        2        3
//      +--------+--------+--------+--------+
//    0 |ver|IHL |  TOS   |  total length   |
//    4 | identification  |flags|frag. off. |
//    8 |  TTL   |protocol| header checksum |
//   12 |          source address           |
//   16 |        destination address        |
//      +--------+--------+--------+--------+

@unmanaged export class Ipv4Header {
  /** Version (4) in the high nibble, header length in 32-bit words (IHL) in the low. */
  versionIhl: u8;
  tos: u8;
  /** Header plus TCP segment; excludes Ethernet padding. */
  totalLength: u16;
  identification: u16;
  /** Flags in the top 3 bits (DF, MF), fragment offset in 8-byte units below. */
  flagsFragment: u16;
  ttl: u8;
  protocol: u8;
  checksum: u16;
  srcAddr: u32;
  dstAddr: u32;
}
export const IP_HEADER_BYTES: u32 = <u32>offsetof<Ipv4Header>();
export const IP_VERSION_IHL: u8 = <u8>((4 << 4) | (IP_HEADER_BYTES >> 2));
/** Don't fragment. */
export const IP_DF: u16 = 0x4000;
/** More fragments, and the fragment offset: both 0 in a datagram that is not a fragment. */
export const IP_FRAGMENT_MASK: u16 = 0x3fff;
/** Linux's default (net.ipv4.ip_default_ttl), as RFC 1700 recommends. */
export const IP_TTL: u8 = 64;
export const IP_PROTO_TCP: u8 = 6;

// --- TCP (RFC 793 §3.1) ---
//
//        0        1        2        3
//      +--------+--------+--------+--------+
//    0 |   source port   |    dest. port   |
//    4 |          sequence number          |
//    8 |       acknowledgment number       |
//   12 |off|rsvd| flags  |     window      |
//   16 |    checksum     | urgent pointer  |
//      +--------+--------+--------+--------+

@unmanaged export class TcpHeader {
  srcPort: u16;
  dstPort: u16;
  seq: u32;
  ack: u32;
  /** Header length in 32-bit words in the high nibble. */
  dataOffset: u8;
  /** CWR ECE URG ACK PSH RST SYN FIN, high bit to low (RFC 793 §3.1, RFC 3168 §6.1). */
  flags: u8;
  window: u16;
  checksum: u16;
  urgent: u16;
}
export const TCP_HEADER_BYTES: u32 = <u32>offsetof<TcpHeader>();
export const TCP_DATA_OFFSET: u8 = <u8>((TCP_HEADER_BYTES >> 2) << 4);
export const TCP_ACK: u8 = 0x10;
export const TCP_WINDOW: u16 = 0xffff;

// --- the frame ---

export const IP_START: u32 = ETH_HEADER_BYTES;
export const TCP_START: u32 = IP_START + IP_HEADER_BYTES;
export const PAYLOAD_START: u32 = TCP_START + TCP_HEADER_BYTES;
/** Bytes in the buffer (no FCS): 60 … 1514. */
export const MIN_FRAME_BYTES: u32 = ETH_MIN_FRAME - FCS_BYTES;
export const MAX_FRAME_BYTES: u32 = ETH_MAX_FRAME - FCS_BYTES;
export const MAX_PAYLOAD_BYTES: u32 = MAX_FRAME_BYTES - PAYLOAD_START;

@inline export function ipHeader(frame: usize): Ipv4Header { return changetype<Ipv4Header>(frame + IP_START); }
@inline export function tcpHeader(frame: usize): TcpHeader { return changetype<TcpHeader>(frame + TCP_START); }

/** One's-complement sum of the IPv4 header (checksum.ts). */
@inline export function ipSum(frame: usize): u64 {
  return onesSum(frame + IP_START, IP_HEADER_BYTES, 0);
}

/** One's-complement sum of a TCP segment of `tcpBytes` and its pseudo-header (RFC 793 §3.1: source and
 *  destination address, a zero byte, the protocol, the segment length), the addresses read from the
 *  frame's IPv4 header. */
export function tcpSum(frame: usize, tcpBytes: u32): u64 {
  let acc = onesSum(frame + IP_START + offsetof<Ipv4Header>("srcAddr"), 8, 0);
  acc += htons(<u16>IP_PROTO_TCP);
  acc += htons(<u16>tcpBytes);
  return onesSum(frame + TCP_START, tcpBytes, acc);
}

/** Six bytes of a MAC address, most significant first. */
@inline function storeMac(p: usize, mac: u64): void {
  store<u16>(p, htons(<u16>(mac >> 32)));
  store<u32>(p + 2, htonl(<u32>mac));
}

function writeEthernet(frame: usize): void {
  storeMac(frame + ETH_DST, NIC_MAC);
  storeMac(frame + ETH_SRC, PEER_MAC);
  store<u16>(frame + ETH_TYPE, htons(ETHERTYPE_IPV4));
}

function writeIpv4(frame: usize, t: FlowTuple, packet: u32, totalLength: u32): void {
  const ip = ipHeader(frame);
  ip.versionIhl = IP_VERSION_IHL;
  ip.tos = 0;
  ip.totalLength = htons(<u16>totalLength);
  // RFC 6864 §4: in an atomic datagram (DF set, not a fragment) the ID may be anything. Linux counts
  // per socket; this is the packet's number in its flow.
  ip.identification = htons(<u16>packet);
  ip.flagsFragment = htons(IP_DF);
  ip.ttl = IP_TTL;
  ip.protocol = IP_PROTO_TCP;
  ip.checksum = 0;
  ip.srcAddr = t.srcAddr;
  ip.dstAddr = t.dstAddr;
  ip.checksum = checksumField(ipSum(frame));
}

function writeTcpHeader(frame: usize, t: FlowTuple, offset: u32): void {
  const tcp = tcpHeader(frame);
  tcp.srcPort = t.srcPort;
  tcp.dstPort = t.dstPort;
  tcp.seq = htonl(offset);
  tcp.ack = 0;
  tcp.dataOffset = TCP_DATA_OFFSET;
  tcp.flags = TCP_ACK;
  tcp.window = htons(TCP_WINDOW);
  tcp.checksum = 0;
  tcp.urgent = 0;
}

/**
 * Writes at `dst` the frame carrying stream offsets `offset` … `offset + payloadBytes − 1` of flow `flow`
 * (4-tuple at `tuple`, a FlowTuple; payload from `seed`), the flow's packet number `packet` as the IPv4
 * identification. Returns the frame's length in the buffer (60 … 1514, no FCS), or 0 — writing nothing —
 * if `payloadBytes` exceeds MAX_PAYLOAD_BYTES.
 */
export function buildPacket(
  dst: usize, tuple: usize, flow: u32, packet: u32, offset: u32, payloadBytes: u32, seed: u64,
): u32 {
  if (payloadBytes > MAX_PAYLOAD_BYTES) return 0;
  const t = changetype<FlowTuple>(tuple);
  const tcpBytes = TCP_HEADER_BYTES + payloadBytes;
  writeEthernet(dst);
  writeIpv4(dst, t, packet, IP_HEADER_BYTES + tcpBytes);
  writeTcpHeader(dst, t, offset);
  fillPayload(dst + PAYLOAD_START, payloadBytes, seed, flow, offset);
  tcpHeader(dst).checksum = checksumField(tcpSum(dst, tcpBytes));
  const end = PAYLOAD_START + payloadBytes;
  if (end >= MIN_FRAME_BYTES) return end;
  memory.fill(dst + end, 0, MIN_FRAME_BYTES - end);
  return MIN_FRAME_BYTES;
}
