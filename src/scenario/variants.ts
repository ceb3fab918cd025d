// One variant with every default applied: its queues and where their interrupts go, its software
// steering, its NIC settings, netfilter, apps and, on a channel path, its channel (channel.ts). The
// per-path defaults are PATH_RULES (paths.ts); this file applies them to one machine and checks what needs
// the machine: CPU numbers below its CPU count, a CPU free for classic-cross's interrupt, one CPU for
// classic-affine's apps.

import type { MachineProfile } from "../config/machine.js";
import { defaultIrqCpu, equalRssTable, NIC_DEFAULTS, NIC_MAX_QUEUES } from "../nic/config.js";
import { resolveChannel } from "./channel.js";
import { PATH_RULES, type PathRule } from "./paths.js";
import type { Bad } from "./relations.js";
import type { AppsSpec, VariantSpec } from "./schema.js";
import type { AppSpec, NetfilterSpec, ResolvedVariant } from "./types.js";

type Path = (string | number)[];

/** What a variant inherits from its scenario. */
export interface VariantContext {
  machine: MachineProfile;
  apps: AppSpec[];
  netfilter: NetfilterSpec | null;
  /** The largest frame of the workload on the wire (FCS included): a receive buffer must hold it. */
  largestFrame: number;
}

/** One app on CPU 1, reading every flow, so that CPU 0 is free for the interrupt of the paths that take
 *  it on a CPU running no app (classic-cross, -rps, -rfs); on a one-CPU machine, CPU 0. */
export function defaultApps(cpus: number, flows: number): AppSpec[] {
  return [{ cpu: cpus > 1 ? 1 : 0, flows: Array.from({ length: flows }, (_, f) => f) }];
}

/** Refuses apps on CPUs the machine does not have. */
export function checkAppCpus(apps: AppsSpec, m: MachineProfile, at: Path, bad: Bad): void {
  apps.forEach((a, i) => {
    if (a.cpu >= m.cpus) bad([...at, i, "cpu"], `must be a CPU number from 0 to ${m.cpus - 1}: machine ${m.name} has ${m.cpus} CPUs (got ${a.cpu})`);
  });
}

export function resolveVariant(v: VariantSpec, index: number, c: VariantContext, bad: Bad): ResolvedVariant {
  const at: Path = ["variants", index];
  const { cpus } = c.machine;
  const rule = PATH_RULES[v.path];
  if (v.apps) checkAppCpus(v.apps, c.machine, [...at, "apps"], bad);
  const apps = (v.apps ?? c.apps).map((a) => ({ cpu: a.cpu, flows: [...a.flows] }));
  const { queues, irqCpu } = interrupts(v, rule, apps, c.machine, at, bad);
  const rpsCpus = rule.rps ? (v.rpsCpus ?? Array.from({ length: cpus }, (_, k) => k)) : null;
  rpsCpus?.forEach((cpu, k) => {
    if (cpu >= cpus) bad([...at, "rpsCpus", k], `must be a CPU number from 0 to ${cpus - 1}: machine ${c.machine.name} has ${cpus} CPUs (got ${cpu})`);
  });
  const nic = { ...NIC_DEFAULTS, ...v.nic };
  checkBuffer(nic.bufferBytes, c.machine.lineBytes, c.largestFrame, [...at, "nic", "bufferBytes"], bad);
  const netfilter = v.netfilter === false ? null : netfilterOf(v.netfilter ?? c.netfilter);
  const { channel, warnings } = rule.channel ? resolveChannel(v.channel, nic.bufferBytes, netfilter, at, bad) : { channel: null, warnings: [] };
  return {
    name: v.name,
    path: v.path,
    queues,
    irqCpu,
    rssTable: equalRssTable(queues),
    rpsCpus,
    rfs: rule.rfs,
    arfs: rule.arfs,
    netfilter,
    nic,
    apps,
    channel,
    warnings,
  };
}

/** A netfilter object as a file gives it, with `nat` (default false) always present; null stays null. */
function netfilterOf(spec: NetfilterSpec | null | undefined): NetfilterSpec | null {
  return spec ? { rules: spec.rules, conntrack: spec.conntrack, nat: spec.nat ?? false } : null;
}

/** The queues and the CPU each queue's interrupt goes to, by the path's rule. */
function interrupts(v: VariantSpec, rule: PathRule, apps: AppSpec[], m: MachineProfile, at: Path, bad: Bad): { queues: number; irqCpu: number[] } {
  const appCpus = [...new Set(apps.map((a) => a.cpu))].sort((a, b) => a - b);
  const cpuOk = (cpu: number, path: Path) => {
    if (cpu < m.cpus) return true;
    bad(path, `must be a CPU number from 0 to ${m.cpus - 1}: machine ${m.name} has ${m.cpus} CPUs (got ${cpu})`);
    return false;
  };
  switch (rule.irq) {
    case "free": {
      const given = v.irqCpu as number | undefined;
      if (given !== undefined) {
        // only classic-cross is defined by its interrupt being elsewhere; rps/rfs may take it on an app's CPU
        if (cpuOk(given, [...at, "irqCpu"]) && v.path === "classic-cross" && appCpus.includes(given))
          bad([...at, "irqCpu"], `CPU ${given} runs an app (the apps are on CPU${plural(appCpus)} ${appCpus.join(", ")}): classic-cross takes the interrupt on a CPU that runs none, or it would not be cross — for receive and read on one CPU, use classic-affine`);
        return { queues: 1, irqCpu: [given] };
      }
      const free = Array.from({ length: m.cpus }, (_, k) => k).find((k) => !appCpus.includes(k));
      if (free === undefined)
        bad([...at, "path"], `${v.path} takes the interrupt on the lowest CPU that runs no app, but every CPU of machine ${m.name} (${m.cpus}) runs one${v.path === "classic-cross" ? "" : ": give irqCpu"}`);
      return { queues: 1, irqCpu: [free ?? 0] };
    }
    case "app": {
      if (appCpus.length > 1)
        bad([...at, "path"], `classic-affine needs all apps on one CPU, the one that takes the interrupt (the apps are on CPUs ${appCpus.join(", ")})`);
      const cpu = appCpus[0];
      if (v.irqCpu !== undefined && v.irqCpu !== cpu)
        bad([...at, "irqCpu"], `classic-affine takes the interrupt on the apps' CPU (${cpu}); leave irqCpu out or give ${cpu} (got ${v.irqCpu})`);
      return { queues: 1, irqCpu: [cpu] };
    }
    case "spread": {
      const given = v.irqCpu as number[] | undefined;
      const queues = v.queues ?? given?.length ?? Math.min(m.cpus, NIC_MAX_QUEUES);
      const irqCpu = given ? [...given] : defaultIrqCpu(queues, m.cpus);
      const allOk = irqCpu.map((cpu, q) => cpuOk(cpu, [...at, "irqCpu", q])).every(Boolean);
      // aRFS steers a flow to the queue whose interrupt goes to its reader's CPU: each app's CPU needs one
      // (an app on a CPU the machine lacks is refused already, and is not refused again here)
      const missing = appCpus.filter((cpu) => cpu < m.cpus && !irqCpu.includes(cpu));
      if (rule.arfs && allOk && missing.length > 0)
        bad([...at, given ? "irqCpu" : "queues"], `classic-arfs steers each flow to a queue whose interrupt goes to its app's CPU, but no queue's does for CPU${plural(missing)} ${missing.join(", ")} (queue interrupts go to ${irqCpu.join(", ")})`);
      return { queues, irqCpu };
    }
  }
}

/** A buffer holds a whole frame without its FCS (the NIC strips it, as ixgbe does) and is made of whole
 *  lines, so the NIC's line-by-line DMA stays inside it (nic/validate.ts's rule, in the file's terms). */
function checkBuffer(bytes: number, line: number, largestFrame: number, path: Path, bad: Bad): void {
  const frame = largestFrame - 4;
  const min = Math.ceil(frame / line) * line;
  if (bytes % line !== 0 || bytes < min)
    bad(path, `must be a multiple of the line size (${line}) of at least ${min}, enough for the workload's largest frame (${frame} bytes without its FCS) (got ${bytes})`);
}

const plural = (xs: unknown[]) => (xs.length === 1 ? "" : "s");
