// What each classic receive path is, as the settings that define it: how many NIC queues it has, where
// its interrupt goes by default, and which software steering it turns on. One table, read by the
// schema's checks (which overrides a path accepts) and by resolve.ts (which defaults it fills), so the
// two cannot disagree. The kernel side is Documentation/networking/scaling.rst (RSS, RPS, RFS, aRFS).

import type { ClassicPath } from "./types.js";

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
}

export const PATH_RULES: Record<ClassicPath, PathRule> = {
  "classic-cross": { multiQueue: false, irq: "free", rps: false, rfs: false, arfs: false },
  "classic-affine": { multiQueue: false, irq: "app", rps: false, rfs: false, arfs: false },
  "classic-rss": { multiQueue: true, irq: "spread", rps: false, rfs: false, arfs: false },
  "classic-rps": { multiQueue: false, irq: "free", rps: true, rfs: false, arfs: false },
  "classic-rfs": { multiQueue: false, irq: "free", rps: true, rfs: true, arfs: false },
  // aRFS is configured on top of RFS (scaling.rst: "RFS must be enabled"), so RPS/RFS stay on as the
  // fallback for a flow the NIC has no filter for yet.
  "classic-arfs": { multiQueue: true, irq: "spread", rps: true, rfs: true, arfs: true },
};
