// The receive path's steps (assembly/shared/steps.ts) in eight phases a reader recognises, so a stacked
// bar has eight parts rather than thirty (docs/classic-path.md and docs/channels.md describe each step).
// A step not listed here (a new one) is shown under "other" until it is placed.
import type { Series } from "./card.js";

export const PHASES: [phase: string, steps: string[]][] = [
  ["interrupts & softirq", ["irq_entry", "irq_exit", "softirq_entry", "napi_irq", "napi_poll", "resched_ipi", "rps_ipi", "chan_irq"]],
  ["driver, skbs & backlog", ["driver_rx", "ring_refill", "skb_alloc", "skb_free", "rps_enqueue", "backlog_dequeue"]],
  ["netfilter", ["netfilter"]],
  ["protocol (IP, route, TCP)", ["eth_ip_rcv", "route_lookup", "tcp_lookup", "tcp_rcv", "user_tcp"]],
  ["channel", ["chan_classify", "chan_produce", "chan_consume"]],
  ["socket & wakeup", ["sock_lock", "sock_enqueue", "wakeup", "recv_dequeue"]],
  ["system call, copy & context switch", ["syscall", "copy_to_user", "context_switch"]],
  ["application", ["app_work"]],
];

const PHASE_OF = new Map(PHASES.flatMap(([phase, steps]) => steps.map((s) => [s, phase] as const)));

/** One series per phase that has cycles, each listing its steps' figures in its tooltip. */
export function stackByPhase(maps: (Record<string, number> | null)[]): Series[] {
  const names = [...PHASES.map(([p]) => p), "other"];
  const series: Series[] = names.map((label) => ({ label, data: maps.map((m) => (m ? 0 : null)), members: maps.map(() => ({})), other: label === "other" }));
  maps.forEach((m, j) => {
    for (const [step, v] of Object.entries(m ?? {})) {
      const s = series[names.indexOf(PHASE_OF.get(step) ?? "other")];
      s.data[j] = Math.round(((s.data[j] ?? 0) + v) * 100) / 100;
      s.members![j][step] = v;
    }
  });
  return series.filter((s) => s.data.some((v) => v !== null && v !== 0));
}
