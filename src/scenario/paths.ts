// What each receive path is, as the settings that define it: how many NIC queues it has, where its
// interrupt goes by default, which software steering it turns on, and whether it has a channel. One
// table, read by the schema's checks (which overrides a path accepts) and by resolve.ts (which defaults
// it fills), so the two cannot disagree. The kernel side of the classic paths is
// Documentation/networking/scaling.rst (RSS, RPS, RFS, aRFS); the channel paths are Van Jacobson's net
// channels, whose settings are channel.ts's (docs/scenarios.md, "Channel variants").

import { CHANNEL_PATHS, CLASSIC_PATHS, type PathKind } from "./types.js";

export interface PathRule {
  /** One queue per CPU (RSS hashes flows over them) rather than one queue for everything. */
  multiQueue: boolean;
  /** Where the interrupt goes by default:
   *  - "free": the lowest CPU that runs no application — packets are received on one CPU and read on
   *    another, the cross-CPU case the channel argument is about;
   *  - "app": the applications' CPU — receive and read on one CPU (needs every app on one CPU);
   *  - "spread": queue q's vector on CPU q mod cpus, as irqbalance-less drivers set it. */
  irq: "free" | "app" | "spread";
  /** RPS: the interrupt CPU hashes each packet to a CPU of rps_cpus and queues it on that CPU's backlog. */
  rps: boolean;
  /** RFS: steer to the CPU where the flow's reader last ran, instead of by hash. */
  rfs: boolean;
  /** aRFS: program the NIC to deliver the flow to the queue whose interrupt goes to that CPU. */
  arfs: boolean;
  /** A net channel per application carries its packets from the interrupt CPU to its CPU. */
  channel: boolean;
}

const classic = (rule: Omit<PathRule, "channel">): PathRule => ({ ...rule, channel: false });
// A channel path keeps one ordinary NIC queue, for packets no channel matches (none, in these scenarios:
// every flow has its app's channel), with its interrupt where classic-cross has it: the channel's producer
// runs there, its consumer on the app's CPU — the cross-CPU case the channel is designed for.
const channel: PathRule = { multiQueue: false, irq: "free", rps: false, rfs: false, arfs: false, channel: true };

export const PATH_RULES: Record<PathKind, PathRule> = {
  "classic-cross": classic({ multiQueue: false, irq: "free", rps: false, rfs: false, arfs: false }),
  "classic-affine": classic({ multiQueue: false, irq: "app", rps: false, rfs: false, arfs: false }),
  "classic-rss": classic({ multiQueue: true, irq: "spread", rps: false, rfs: false, arfs: false }),
  "classic-rps": classic({ multiQueue: false, irq: "free", rps: true, rfs: false, arfs: false }),
  "classic-rfs": classic({ multiQueue: false, irq: "free", rps: true, rfs: true, arfs: false }),
  // aRFS is configured on top of RFS (scaling.rst: "RFS must be enabled"), so RPS/RFS stay on as the
  // fallback for a flow the NIC has no filter for yet.
  "classic-arfs": classic({ multiQueue: true, irq: "spread", rps: true, rfs: true, arfs: true }),
  "channel-softirq": channel,
  "channel-socket": channel,
  "channel-user": channel,
};

/** Every path, classic first, in the order messages list them. */
export const ALL_PATHS = [...CLASSIC_PATHS, ...CHANNEL_PATHS] as const;

/** The paths whose rule passes `test`, for messages ("rpsCpus applies to classic-rps, …"). */
export const pathsWhere = (test: (rule: PathRule) => boolean): string => ALL_PATHS.filter((p) => test(PATH_RULES[p])).join(", ");
