// A data-driven routine: a script of steps written by the host. Each step has an accounting step id, its
// ops, the index of the next step, and flags for what it does to the kernel at its end (raise the NET_RX
// softirq, wake the task, put the task to sleep). Enough to exercise contexts and interrupts in tests and
// to draw teaching examples; the real paths are code.
//
//   script: nSteps u32 | offsets u32[nSteps] (from the script start)
//   step:   stepId u32 | nOps u32 | next u32 (index, or 0xffffffff = done) | flags u32 | ops nOps × 16 B
//   slot private: 0 index u32 (the current step's index)

import { S_ARGS, S_PRIVATE, S_NOPS, S_QUEUE, QUEUE_OPS } from "./state";
import { kernelWakeTask, kernelSleepTask, kernelRaiseSoftirq } from "./kernel";

export const SCRIPT_RAISE_SOFTIRQ: u32 = 1;
export const SCRIPT_WAKE_TASK: u32 = 2;
export const SCRIPT_SLEEP: u32 = 4;
const DONE: u32 = 0xffffffff;

@inline function script(sl: usize): usize { return <usize>load<u32>(sl, S_ARGS); }
@inline function stepRecord(sl: usize, index: u32): usize {
  const sc = script(sl);
  return sc + <usize>load<u32>(sc + 4 + (<usize>index << 2));
}

export function scriptInit(_cpu: i32, sl: usize): u32 {
  store<u32>(sl, 0, S_PRIVATE);
  return load<u32>(script(sl)) == 0 ? DONE : load<u32>(stepRecord(sl, 0));
}

export function scriptBegin(_cpu: i32, sl: usize): void {
  const rec = stepRecord(sl, load<u32>(sl, S_PRIVATE));
  const n = load<u32>(rec, 4);
  assert(n <= QUEUE_OPS, "script step has more ops than a queue holds");
  memory.copy(sl + S_QUEUE, rec + 16, <usize>n << 4);
  store<u32>(sl, n, S_NOPS);
}

export function scriptEnd(cpu: i32, sl: usize): u32 {
  const rec = stepRecord(sl, load<u32>(sl, S_PRIVATE));
  const flags = load<u32>(rec, 12);
  if (flags & SCRIPT_RAISE_SOFTIRQ) kernelRaiseSoftirq(cpu);
  if (flags & SCRIPT_WAKE_TASK) kernelWakeTask(cpu);
  if (flags & SCRIPT_SLEEP) kernelSleepTask(cpu);
  const next = load<u32>(rec, 8);
  if (next == DONE) return DONE;
  store<u32>(sl, next, S_PRIVATE);
  return load<u32>(stepRecord(sl, next));
}
