// The smallest code routine, and the pattern the network paths follow: a step queues a dependent load
// into a register; the next step reads the register (a value that came through the caches at the load's
// time, coherently) and decides what to store. Here: increment the u64 at args[0], args[1] times.
//
//   args: 0 address u32 | 1 iterations u32        private: 0 done u32

import { S_STEP, S_PRIVATE, arg, reg } from "./state";
import { queueLoad, queueStore } from "./emit-op";
import { STEP_DONE } from "./routines";
import { Step } from "../../shared/steps";

const R_VALUE: u32 = 0;

export function counterInit(_cpu: i32, sl: usize): u32 {
  store<u32>(sl, 0, S_PRIVATE);
  return arg(sl, 1) == 0 ? STEP_DONE : Step.script0;
}

export function counterBegin(_cpu: i32, sl: usize): void {
  if (load<u32>(sl, S_STEP) == Step.script0) queueLoad(sl, arg(sl, 0), 8, R_VALUE);
  else queueStore(sl, arg(sl, 0), 8, reg(sl, R_VALUE) + 1);
}

export function counterEnd(_cpu: i32, sl: usize): u32 {
  if (load<u32>(sl, S_STEP) == Step.script0) return Step.script1;
  const done = load<u32>(sl, S_PRIVATE) + 1;
  store<u32>(sl, done, S_PRIVATE);
  return done < arg(sl, 1) ? Step.script0 : STEP_DONE;
}
