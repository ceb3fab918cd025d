// The guided tours' content (teach-tours.ts shows them): per canonical comparison, its scenario and
// variants, the chart that shows the effect, a short story, what to look for — and that, as claims a
// test checks against a run. Data only: no panel registers here, and nothing needs a browser.
import type { Expectation } from "../../../src/scenario/types.js";

export interface Tour {
  id: string;
  title: string;
  scenario: string;
  /** The variants shown (the others are hidden). */
  variants: string[];
  /** The panel whose chart shows the effect. */
  panel: string;
  story: string;
  /** What to look for, shown on that chart. */
  look: string;
  /** The variant to step through afterwards (a link to the step-through view, recording it). */
  stepThrough: string;
  /** What `look` says, as a scenario's expectations (docs/scenarios.md): tests/record-tours.test.ts runs
   *  each tour and checks them, so that a tour never points at an effect the model does not show. */
  claims: Expectation[];
}

export const TOURS: Tour[] = [
  {
    id: "cross-affine",
    claims: [
      { variant: "affine", metric: "bouncesPerPacket.total", op: "==", value: 0 },
      { variant: "cross", metric: "bouncesPerPacket.byStructure.socket", op: ">", value: 0 },
      { variant: "cross", metric: "bouncesPerPacket.byStructure.skb", op: ">", value: 0 },
    ],
    stepThrough: "cross",
    title: "The interrupt on another CPU, or on the reader's",
    scenario: "classic-steering",
    variants: ["cross", "affine"],
    panel: "bounces-by-structure",
    story:
      "The NIC interrupts CPU 0 while the application reads on CPU 1. The softirq on CPU 0 locks the socket and queues the skb; the reader on " +
      "CPU 1 takes the same lock and the same queue: each packet drags the socket's lines from one cache to the other. Steer the interrupt to " +
      "CPU 1 and the lines stay put.",
    look: "Bounces per packet: cross moves the socket's lines (and the skb's, the socket queue's, the task's) every packet; affine none.",
  },
  {
    id: "false-sharing",
    claims: [
      { variant: "vj-shared", metric: "bouncesPerPacket.total", op: "<", relativeTo: { variant: "vj-separate", factor: 1 } },
      { variant: "own-wake-shared", metric: "bouncesPerPacket.total", op: ">", relativeTo: { variant: "own-wake-separate", factor: 1 } },
    ],
    stepThrough: "own-wake-shared",
    title: "One cache line for both ring indices, or two",
    scenario: "ring-layouts",
    variants: ["vj-separate", "vj-shared", "own-wake-separate", "own-wake-shared"],
    panel: "bounces-by-structure",
    story:
      "A net channel is a ring with a producer index (written by the interrupt side) and a consumer index (written by the reader). Must " +
      "they sit on separate cache lines? It depends on where the consumer's wake count lives. On the consumer's index line (Van Jacobson's " +
      "layout) the producer fetches that line after every release anyway, and one shared line moves less than two. On a line of its own (as " +
      "AF_XDP keeps its need_wakeup flags) the consumer's line stays put, and a shared line pays for every release: false sharing.",
    look: "Bounces per packet: vj-shared below vj-separate, but own-wake-shared above own-wake-separate (the channel's lines).",
  },
  {
    id: "channel-classic",
    claims: [
      { variant: "channel-user", metric: "cyclesPerPacket.total", op: "<", relativeTo: { variant: "classic-affine", factor: 1 } },
      { variant: "classic-affine", metric: "cyclesPerPacket.total", op: "<", relativeTo: { variant: "classic-cross", factor: 1 } },
    ],
    stepThrough: "classic-cross",
    title: "Net channels against the classic path",
    scenario: "vj-debate",
    variants: ["classic-cross", "classic-affine", "channel-user"],
    panel: "cycles-by-step",
    story:
      "The classic path runs IP, TCP and the socket in softirq context, then wakes the reader. Van Jacobson's channel-user hands the " +
      "packet to the application's own CPU through a ring, and a user-space TCP library processes it there: no socket lock, no softirq, " +
      "no wakeup.",
    look: "Cycles per packet by step: the classic steps (softirq, protocol, socket lock, wakeup) against the channel's few.",
  },
  {
    id: "netfilter",
    claims: [
      { variant: "channel-user-netfilter-before", metric: "cyclesPerPacket.total", op: ">", relativeTo: { variant: "channel-user", factor: 1 } },
      { variant: "channel-user-netfilter-before", metric: "cyclesPerPacket.byStep.netfilter", op: ">", value: 0 },
    ],
    stepThrough: "channel-user-netfilter-before",
    title: "Netfilter before the channel",
    scenario: "vj-debate",
    variants: ["channel-user", "channel-user-netfilter-before"],
    panel: "cycles-by-step",
    story:
      "A firewall must see every packet. With channels it can run on the interrupt CPU before the packet enters the channel — it then costs " +
      "that CPU its rules and its connection tracking for every packet, and some of the channel's gain goes with it.",
    look: "Cycles per packet: the netfilter-before variant's bar is the taller by its netfilter step (the rules and the connection tracking).",
  },
  {
    id: "arfs",
    claims: [
      { variant: "arfs", metric: "bouncesPerPacket.total", op: "==", value: 0 },
      { variant: "rfs", metric: "bouncesPerPacket.total", op: "<", relativeTo: { variant: "cross", factor: 1 } },
      { variant: "rfs", metric: "bouncesPerPacket.total", op: ">", value: 0 },
    ],
    stepThrough: "arfs",
    title: "Steering in the NIC: aRFS",
    scenario: "classic-steering",
    variants: ["cross", "rfs", "arfs"],
    panel: "bounces-by-structure",
    story:
      "RFS steers each flow's protocol work, in software, to the CPU where its reader runs — at the price of an IPI. Accelerated RFS programs " +
      "the NIC to deliver the flow's packets to that CPU's queue in the first place: the interrupt, the softirq and the reader share one cache.",
    look: "Bounces per packet: cross moves lines every packet, rfs about half as many (the IPI, the backlog), arfs none.",
  },
];
