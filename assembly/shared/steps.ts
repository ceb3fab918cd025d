// The named steps a CPU's cycles are charged to. The kernel's routines are step machines whose states are
// these ids, so "cycles per packet by step" is a table read. Compiled by both asc and tsc; add a step by
// adding a member and its name, in order.

export enum Step {
  /** No step: between steps, or a CPU that runs a plain access program. */
  none = 0,
  /** Hardirq entry: from the interrupt to the handler (saving state, the vector dispatch). */
  irqEntry,
  /** Hardirq exit: EOI and return. */
  irqExit,
  /** Softirq entry: __do_softirq's set-up before the first action runs. */
  softirqEntry,
  /** A task switch on this CPU (to or from the idle task). */
  contextSwitch,
  /** Steps of data-driven script routines (tests, teaching examples). */
  script0,
  script1,
  script2,
  script3,
  script4,
  script5,
  script6,
  script7,
  count,
}

export const STEP_NAMES: string[] = [
  "none", "irq_entry", "irq_exit", "softirq_entry", "context_switch",
  "script0", "script1", "script2", "script3", "script4", "script5", "script6", "script7",
];
