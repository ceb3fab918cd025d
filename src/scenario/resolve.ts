// A scenario file → the ResolvedScenario a run reads, with every default filled in. The steps: check the
// command line's overrides, refuse a file that is plainly another kind (a profile given to `run`),
// validate the file by itself (schema.ts, relations.ts), load its machine profile (machine-ref.ts), then
// apply the defaults and check what needs the machine (apply-defaults.ts, workload.ts, variants.ts).
//
// The defaults (docs/scenarios.md has the same list for users):
//
//   workload   arrival "constant"; seed 1; warmupPackets 0; appWorkCycles 0; load.percent 100.
//              packets or durationUs: exactly one, no default. --packets/--seed replace the file's
//              (--packets also replaces a durationUs). A flow count is drawn with generateFlows(n, seed).
//   load       pps → gap = round(clockGHz·1e9 / pps) cycles (refused if it rounds to 0);
//              gbps → pps = gbps·1e9 / ((mean frame + 20 B of preamble, SFD and gap) × 8);
//              lineRate → gbps of the rate (10/25/40/100) × percent / 100.
//              Mean frame: the size; (min + max) / 2 for uniform; the weighted mean for a mix.
//              poisson: the same gap as the mean; onoff: that gap while on (the load is the peak rate),
//              onCycles/offCycles = round(µs × clockGHz × 1000).
//   length     packets → packets measured after warmupPackets (offered: warmup + packets);
//              durationUs → untilCycles = round(durationUs × clockGHz × 1000), counted from the first
//              arrival (the warm-up included), packets null.
//   apps       one app on CPU 1 (CPU 0 on a one-CPU machine) reading every flow; a variant's own apps
//              replace the scenario's. At most one app per CPU (relations.ts).
//   netfilter  the scenario's (none if absent); a variant's own replaces it, false turns it off; nat false.
//   nic        NIC_DEFAULTS (nic/config.ts): ringEntries 512, bufferBytes 2048, rxUsecs 50, rxFrames 0.
//
//   per path (PATH_RULES, paths.ts)   queues          irqCpu                         rpsCpus   rfs  arfs
//   classic-cross                     1               lowest CPU running no app¹      null      no   no
//   classic-affine                    1               the apps' one CPU²              null      no   no
//   classic-rss                       min(cpus, 16)³  queue q → CPU q mod cpus        null      no   no
//   classic-rps                       1               as classic-cross⁴               all CPUs  no   no
//   classic-rfs                       1               as classic-cross⁴               all CPUs  yes  no
//   classic-arfs                      min(cpus, 16)³  queue q → CPU q mod cpus⁵       all CPUs  yes  yes
//   channel-softirq, -socket, -user   1⁶              as classic-cross⁴               null      no   no
//   rssTable: equal spread over the queues (entry i → queue i mod queues), all 0 for one queue.
//
//   channel    (channel paths only; channel.ts) slots: the powers of two of nic.bufferBytes that fit in
//              256 pages of 4 KiB, the largest (512 for 2 KiB); releaseBatch 16 (or slots if fewer);
//              sharedIndexLine false; wakeLine "consumer"; ringKind "buffers"; classifier "nic"; wait "sleep"; netfilterAt
//              "none" (warned about when the variant has netfilter rules).
//
//   ¹ refused if every CPU runs an app; a given irqCpu is refused if it runs an app (not "cross").
//   ² refused unless every app is on one CPU; a given irqCpu must be that CPU.
//   ³ or the length of a given irqCpu list; a given `queues` wins, and then irqCpu must list as many.
//   ⁴ the default only: a given irqCpu may run an app (RPS then steers from the reader's own CPU).
//   ⁵ each app's CPU must take some queue's interrupt, or aRFS could not steer its flows there.
//   ⁶ the NIC's ordinary queue, for packets no channel matches (one channel per app; every flow matches).

import { ConfigError } from "../config/errors.js";
import { kindOf, scenarioKind } from "../config/file-kinds.js";
import { applyDefaults } from "./apply-defaults.js";
import { loadScenarioMachine } from "./machine-ref.js";
import { parseScenarioFile } from "./schema.js";
import type { ResolvedScenario } from "./types.js";
import type { WorkloadOverrides } from "./workload.js";

const U32 = 0xffffffff;

/** The command line's overrides of a scenario (`netchan run --packets N --seed N`). */
export type ResolveOptions = WorkloadOverrides;

/** Resolves a parsed scenario file; `file` names it in messages and locates a relative profile path.
 *  Throws ConfigError naming the file (or the option, or the profile file) and each bad field. */
export function resolveScenario(json: unknown, file: string, options: ResolveOptions = {}): ResolvedScenario {
  checkOptions(options);
  refuseOtherKinds(json, file);
  const spec = parseScenarioFile(json, file);
  const warmup = spec.workload.warmupPackets ?? 0;
  if (options.packets !== undefined && warmup + options.packets > U32)
    optionError("--packets", `with the scenario's ${warmup} warm-up packets must be at most ${U32 - warmup} (got ${options.packets})`);
  return applyDefaults(spec, loadScenarioMachine(spec.machine, file), file, options);
}

function checkOptions(o: ResolveOptions): void {
  if (o.packets !== undefined && !(Number.isInteger(o.packets) && o.packets >= 1 && o.packets <= U32))
    optionError("--packets", `must be a whole number of packets from 1 to ${U32} (got ${JSON.stringify(o.packets)})`);
  if (o.seed !== undefined && !(Number.isInteger(o.seed) && o.seed >= 0 && o.seed <= U32))
    optionError("--seed", `must be a whole number from 0 to ${U32} (got ${JSON.stringify(o.seed)})`);
}

/** An option's problem reads `--packets: must be …`: the option is what to fix, not the file. */
function optionError(option: string, message: string): never {
  throw new ConfigError(option, [{ path: "", message }]);
}

/** A profile (or any other kind) handed over as a scenario gets one line saying so, not a list of every
 *  scenario key it lacks. A file of no recognisable kind is left to the scenario schema's messages. */
function refuseOtherKinds(json: unknown, file: string): void {
  let kind;
  try {
    kind = kindOf(json, file);
  } catch {
    return;
  }
  if (kind !== scenarioKind)
    throw new ConfigError(file, [{ path: "", message: `is a ${kind.name}, not a scenario (a scenario has ${scenarioKind.markers.join(", ")})` }]);
}
