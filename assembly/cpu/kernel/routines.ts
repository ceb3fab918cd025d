// The registry of routines a context can run. A routine is a step machine: begin() queues the ops of its
// current step, end() reads what the loads brought (registers) and names the next step — or STEP_DONE.
// The network paths (later) add their routines here; SCRIPT is the data-driven one tests and teaching
// examples use.

import { scriptInit, scriptBegin, scriptEnd } from "./script";
import { counterInit, counterBegin, counterEnd } from "./counter";
import { netInit, netBegin, netEnd, ROUTINE_NET_IRQ, ROUTINE_CHAN_USER } from "../../paths/routines";
import { STEP_DONE } from "./state";

export { STEP_DONE };

export const ROUTINE_NONE: u32 = 0;
export const ROUTINE_SCRIPT: u32 = 1;
export const ROUTINE_COUNTER: u32 = 2;
// 3–6: the network paths (paths/routines.ts)

@inline function isNet(routine: u32): bool { return routine >= ROUTINE_NET_IRQ && routine <= ROUTINE_CHAN_USER; }

/** Resets a routine's private state; returns its first step. */
export function routineInit(cpu: i32, sl: usize, routine: u32): u32 {
  if (routine == ROUTINE_SCRIPT) return scriptInit(cpu, sl);
  if (routine == ROUTINE_COUNTER) return counterInit(cpu, sl);
  if (isNet(routine)) return netInit(cpu, sl, routine);
  return STEP_DONE;
}

export function routineBegin(cpu: i32, sl: usize, routine: u32): void {
  if (routine == ROUTINE_SCRIPT) scriptBegin(cpu, sl);
  else if (routine == ROUTINE_COUNTER) counterBegin(cpu, sl);
  else if (isNet(routine)) netBegin(cpu, sl);
}

export function routineEnd(cpu: i32, sl: usize, routine: u32): u32 {
  if (routine == ROUTINE_SCRIPT) return scriptEnd(cpu, sl);
  if (routine == ROUTINE_COUNTER) return counterEnd(cpu, sl);
  if (isNet(routine)) return netEnd(cpu, sl);
  return STEP_DONE;
}
