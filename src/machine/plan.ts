// The memory plan of a run, without running it: the regions a run needs (its own, the NIC's rings and
// buffers, the network paths' structures) laid out by planMemory. prepareRun builds on it, and the
// scenario loader calls it to refuse, before anything runs, a machine whose memory map cannot fit a
// WebAssembly memory (src/scenario/memory-check.ts).
import type { MachineProfile } from "../config/machine.js";
import { planMemory, type MemoryMap } from "../layout/memory-map.js";
import { resolveNic, type ResolvedNic } from "../nic/config.js";
import { nicRegions, nicStateLayout } from "../nic/layout.js";
import { netSizes, netRegions, netBlockLayout, channelRegions } from "../paths/layout.js";
import type { MachineRun } from "./spec.js";

export interface NetPlan {
  sizes: ReturnType<typeof netSizes>;
  block: ReturnType<typeof netBlockLayout>;
}

export interface RunPlan {
  nic: ResolvedNic | null;
  net: NetPlan | null;
  map: MemoryMap;
}

/** Lays out `run` on the validated profile `m`; throws ConfigError (path "memory") if it cannot fit. */
export function planRun(run: MachineRun, m: MachineProfile): RunPlan {
  const nic = run.nic ? resolveNic(run.nic, m) : null;
  const net = run.net && nic ? netPlan(run, nic, m.cpus, m.lineBytes) : null;
  const regions = [
    ...run.regions,
    ...(nic ? nicRegions(nic.queues, nic.ringEntries, nic.bufferBytes) : []),
    ...(net ? netRegions(net.sizes) : []),
    ...(net && run.net!.channel ? channelRegions(net.sizes, run.net!.channel) : []),
  ];
  const map = planMemory(m, regions, undefined, "machine", nic ? nicStateLayout(nic, m.lineBytes).bytes : 0, net ? net.block.bytes : 0);
  return { nic, net, map };
}

function netPlan(run: MachineRun, nic: ResolvedNic, cpus: number, line: number): NetPlan {
  const sizes = netSizes(run.net!, cpus, nic.flows.length, nic.queues, nic.ringEntries, nic.bufferBytes, line);
  return { sizes, block: netBlockLayout(sizes) };
}
