// Type-level check that each browser counterpart (web/vite/browser-host.ts) exports what the code the
// browser loads takes from its Node module, with the same types. Checked by `tsc -p web`; never loaded.
import type * as NodeModule from "../../../src/wasm/module.js";
import type * as NodeWorkers from "../../../src/runners/node-workers.js";
import type * as NodeHostFacts from "../../../src/results/host-facts.js";
import type * as NodeMachineRef from "../../../src/scenario/machine-ref.js";
import type * as BrowserModule from "./module.js";
import type * as BrowserWorkers from "./node-workers.js";
import type * as BrowserHostFacts from "./host-facts.js";
import type * as BrowserMachineRef from "./machine-ref.js";

type Conforms<Browser extends Node, Node> = Browser;

// src/machine/setup.ts takes compileModule (projectRoot and wasmPath serve only Node's file loading)
export type ModuleConforms = Conforms<Pick<typeof BrowserModule, "compileModule">, Pick<typeof NodeModule, "compileModule">>;
export type WorkersConforms = Conforms<typeof BrowserWorkers, typeof NodeWorkers>;
export type HostFactsConforms = Conforms<typeof BrowserHostFacts, typeof NodeHostFacts>;
export type MachineRefConforms = Conforms<typeof BrowserMachineRef, typeof NodeMachineRef>;
