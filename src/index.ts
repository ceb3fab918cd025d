// netchan's host library: the entry points shared by the tests, the command line and the dashboard.
export { runMachine } from "./runners/run-machine.js";
export { parseMachine, deriveTiming, machineSchema, type MachineProfile } from "./config/machine.js";
export { ConfigError, type ConfigIssue } from "./config/errors.js";
export { FILE_KINDS, kindOf, validateFile, type FileKind } from "./config/file-kinds.js";
export { parseJsonText } from "./config/json-syntax.js";
export type { MachineRun, RunOptions, ProgramSpec, ListOp, DmaOp, MachineProbe, Where } from "./machine/spec.js";
export type { MachineStats } from "./stats/read.js";
export type { NicConfig, FlowSpec, TrafficSpec, PacketSize, Arrival } from "./nic/config.js";
export type { NicStats, NicCounters, NicRing, NicDescriptor, NicDropReason } from "./nic/read.js";
export { loadScenario } from "./scenario/load.js";
export { resolveScenario } from "./scenario/resolve.js";
export { runVariant, variantRun } from "./paths/run-variant.js";
export { runScenario } from "./results/run-scenario.js";
export { buildResult } from "./results/build.js";
export type { NetchanResult, VariantResult } from "./results/schema.js";
export type {
  ResolvedScenario, ResolvedVariant, ResolvedWorkload, VariantRaw, RunScenarioOptions, KernelCosts, PathKind, ClassicPath,
} from "./scenario/types.js";
export { CLASSIC_PATHS } from "./scenario/types.js";
