// A channel variant's `channel` object: what a scenario file may give (channelSchema), its defaults and
// rules (resolveChannel), and the warnings a reader of the result must see.
//
// A net channel (Van Jacobson, linux.conf.au 2006) is a single-producer, single-consumer ring of packet
// buffers: the NIC (or the driver, classifying in software) puts each packet in the channel of the
// application that will read it, and the protocol work moves to the consumer's side — a softirq on the
// application's CPU, its socket call, or a TCP library in the application itself (the three channel
// paths). The Daly/Russell patch (LWN, "Implementing network channels", the first seed) makes the ring
// 256 pages, keeps the producer's variables at its start and the consumer's at its end so that their
// cache lines do not bounce, and has the consumer free buffers by advancing its index. The debate gave
// the knobs this object turns: Miller's pointer ring instead of preallocated buffers, and netfilter —
// skipped ("the firewall is bypassed"), run before the channel on the interrupt CPU, or run in the
// consumer, which is unsafe once NAT can change a packet's destination after it was steered (Miller,
// "Reconsidering network channels", the second seed).
//
// The defaults are in CHANNEL_DEFAULTS and channelDefaults; docs/scenarios.md says why each is what it is.

import { z } from "zod";
import { choice, flag, integer, numberField, object } from "./fields.js";
import type { Bad } from "./relations.js";
import type { ChannelSpec, NetfilterSpec } from "./types.js";

type Path = (string | number)[];

export const SLOTS_MIN = 2;
export const SLOTS_MAX = 65536;
const SLOT_COUNTS = Array.from({ length: Math.log2(SLOTS_MAX / SLOTS_MIN) + 1 }, (_, k) => SLOTS_MIN << k);

/** The Daly/Russell channel_ring: 256 pages of 4 KiB (first seed). */
export const CHANNEL_RING_BYTES = 256 * 4096;

/** The defaults that depend on nothing else. releaseBatch 16 is an assumption: the consumer frees buffers
 *  "in batches" and no batch size was published; 16 makes the consumer's index write — and the line it
 *  moves to the producer — one per 16 packets, and is small against every default ring (16 to 16384 slots). */
export const CHANNEL_DEFAULTS = {
  releaseBatch: 16,
  sharedIndexLine: false,
  wakeLine: "consumer",
  ringKind: "buffers",
  classifier: "nic",
  wait: "sleep",
  netfilterAt: "none",
} as const satisfies Omit<ChannelSpec, "slots">;

export const channelSchema = object(
  {
    slots: numberField(`a power of two from ${SLOTS_MIN} to ${SLOTS_MAX}`, { type: "integer", enum: SLOT_COUNTS }).optional(),
    releaseBatch: integer(1, SLOTS_MAX, `a number of slots from 1 to ${SLOTS_MAX}, at most slots`).optional(),
    sharedIndexLine: flag().optional(),
    wakeLine: choice(["consumer", "own"]).optional(),
    ringKind: choice(["buffers", "pointers"]).optional(),
    classifier: choice(["nic", "software"]).optional(),
    wait: choice(["sleep", "poll"]).optional(),
    netfilterAt: choice(["none", "before-channel", "in-consumer"]).optional(),
  },
  "a channel { slots, releaseBatch, sharedIndexLine, wakeLine, ringKind, classifier, wait, netfilterAt }",
);
export type ChannelFileSpec = z.infer<typeof channelSchema>;

/** The default slot count: as many slots of `bufferBytes` as fit in the patch's 256 pages, rounded down to
 *  a power of two (a ring index wraps by masking) — 512 for 2 KiB buffers, 1024 for 1 KiB, 512 for 1536. */
export function defaultSlots(bufferBytes: number): number {
  let slots = SLOTS_MIN;
  while (slots * 2 * bufferBytes <= CHANNEL_RING_BYTES && slots * 2 <= SLOTS_MAX) slots *= 2;
  return slots;
}

export const NETFILTER_BYPASSED = "netfilter is bypassed: packets in this channel skip the firewall rules (the trade-off the first seed describes)";
export const NAT_IN_CONSUMER =
  "netfilter runs in the consumer, but its NAT rules may rewrite the destination after the packet has been steered: this placement is unsafe (second seed)";

export interface ResolvedChannel {
  channel: ChannelSpec;
  warnings: string[];
}

/** A channel path's channel with every default applied, checked against the variant's buffers and
 *  netfilter; `at` is the variant's JSON path. */
export function resolveChannel(spec: ChannelFileSpec | undefined, bufferBytes: number, netfilter: NetfilterSpec | null, at: Path, bad: Bad): ResolvedChannel {
  const given = spec ?? {};
  const slots = given.slots ?? defaultSlots(bufferBytes);
  const channel: ChannelSpec = {
    slots,
    // a default larger than a small given ring would refuse a file for a value it never wrote
    releaseBatch: given.releaseBatch ?? Math.min(CHANNEL_DEFAULTS.releaseBatch, slots),
    sharedIndexLine: given.sharedIndexLine ?? CHANNEL_DEFAULTS.sharedIndexLine,
    wakeLine: given.wakeLine ?? CHANNEL_DEFAULTS.wakeLine,
    ringKind: given.ringKind ?? CHANNEL_DEFAULTS.ringKind,
    classifier: given.classifier ?? CHANNEL_DEFAULTS.classifier,
    wait: given.wait ?? CHANNEL_DEFAULTS.wait,
    netfilterAt: given.netfilterAt ?? CHANNEL_DEFAULTS.netfilterAt,
  };
  if (channel.releaseBatch > slots) {
    const whose = given.slots === undefined ? `, the default for ${bufferBytes}-byte buffers` : "";
    bad([...at, "channel", "releaseBatch"], `must be at most slots (${slots}${whose}): the consumer cannot give back more slots than the ring has (got ${channel.releaseBatch})`);
  }
  if (channel.netfilterAt !== "none" && netfilter === null)
    bad(
      [...at, "channel", "netfilterAt"],
      `"${channel.netfilterAt}" runs netfilter, but this variant has no netfilter rules: give netfilter { rules, conntrack } (the variant's or the scenario's), or leave netfilterAt "none"`,
    );
  return { channel, warnings: warningsOf(channel, netfilter) };
}

/** What a result's reader must know about where netfilter runs. */
function warningsOf(c: ChannelSpec, netfilter: NetfilterSpec | null): string[] {
  if (netfilter === null) return [];
  if (c.netfilterAt === "none") return [NETFILTER_BYPASSED];
  if (c.netfilterAt === "in-consumer" && netfilter.nat) return [NAT_IN_CONSUMER];
  return [];
}
