// Names for recorded lines, so that a lecturer's table says "socket 0 lock", not "0x1c0040". A line is
// named by its region and its offset there; the structures whose line layout the paths fix
// (assembly/shared/net.ts) get the field's name.
import { SOCK_BYTES, SK_LOCK, SK_RQ_HEAD, SK_COPIED_SEQ, SKB_BYTES } from "../../assembly/shared/net.js";

const SOCKET_LINES: Record<number, string> = { 0: "sock_common", [SK_LOCK]: "lock", [SK_RQ_HEAD]: "receive queue", [SK_COPIED_SEQ]: "copied_seq" };

/** The label of the line at `offset` (a multiple of the line size) in region `region`. */
export function lineLabel(region: string, offset: number, lineBytes: number): string {
  const hex = (n: number) => "0x" + n.toString(16);
  if (region === "socket") {
    const field = SOCKET_LINES[offset % SOCK_BYTES];
    return `socket ${Math.floor(offset / SOCK_BYTES)} ${field ?? "+" + hex(offset % SOCK_BYTES)}`;
  }
  if (region === "skb") return `skb ${Math.floor(offset / SKB_BYTES)} +${hex(offset % SKB_BYTES)}`;
  if (/^rxq\d+ descriptors$/.test(region)) {
    const first = offset / 16;
    return `${region} ${first}–${first + lineBytes / 16 - 1}`;
  }
  // one line per channel: "channel 0 producer line"
  if (/^channel (producer|consumer|indices|wake)$/.test(region)) return `channel ${offset / lineBytes} ${region.slice("channel ".length)} line`;
  return `${region} +${hex(offset)}`;
}
