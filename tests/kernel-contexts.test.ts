// The kernel program: contexts, interrupts taken between steps, softirqs on the way out of a hardirq,
// idle CPUs, and cycles charged per step. Timelines are worked out by hand: the default profile's
// device-to-CPU interrupt takes one I/O hop (ioHopCycles = 250); costs are irq entry 50, exit 30,
// softirq entry 20. Script steps s0–s7 are charged to steps script0–script7.
import { describe, expect, test } from "vitest";
import { runMachine, type MachineRun, type MachineStats } from "../src/index.js";
import type { ScriptStep, KernelProgram } from "../src/machine/spec.js";
import { defaultProfile } from "./helpers/machines.js";
import { compute } from "./helpers/programs.js";

const costs = { irqEntry: 50, irqExit: 30, softirqEntry: 20 };
const work = (step: number, cycles: number, next: number | "done", more: Partial<ScriptStep> = {}): ScriptStep => ({ step, ops: [compute(cycles)], next, ...more });
const irqAt = (time: number) => ({ time, kind: "irq" as const, cpu: 0, vector: 0 });

function kernelRun(program: Omit<KernelProgram, "kind" | "costs">, irqs: number[]): MachineRun {
  return {
    machine: { ...defaultProfile(), cpus: 1 },
    regions: [{ name: "data", bytes: 4096 }],
    programs: [{ kind: "kernel", costs, ...program }],
    device: irqs.map(irqAt),
  };
}

const steps = (st: MachineStats) => st.steps[0];

describe("kernel contexts", () => {
  test("an idle CPU sleeps until an interrupt, then runs the hardirq between its entry and exit costs", async () => {
    const st = await runMachine(kernelRun({ hardirq: [work(1, 100, "done")] }, [1000]));
    expect(st.stopReason).toBe("finished");
    expect(steps(st)).toEqual({ irq_entry: { cycles: 50, count: 1 }, script1: { cycles: 100, count: 1 }, irq_exit: { cycles: 30, count: 1 } });
    expect(st.cpus[0].idleCycles).toBe(1250);
    expect(st.finalTime).toBe(1250 + 50 + 100 + 30);
  });

  test("an interrupt that arrives in the middle of a step is taken at the step's end", async () => {
    // the task's first step runs 0–1000; the interrupt lands at 250 and waits for the boundary:
    // entry 1000–1050, handler 1050–1150, exit 1150–1180, then the task's second step 1180–2180
    const st = await runMachine(kernelRun({ task: [work(0, 1000, 1), work(2, 1000, "done")], hardirq: [work(1, 100, "done")] }, [0]));
    expect(steps(st).script0).toEqual({ cycles: 1000, count: 1 });
    expect(steps(st).irq_entry).toEqual({ cycles: 50, count: 1 });
    expect(steps(st).script2).toEqual({ cycles: 1000, count: 1 });
    expect(st.finalTime).toBe(2180);
  });

  test("a softirq raised by a hardirq that interrupted the task runs before the task resumes", async () => {
    // … exit 1150–1180, softirq entry 1180–1200, softirq 1200–1500, task's second step 1500–2500
    const st = await runMachine(
      kernelRun({ task: [work(0, 1000, 1), work(2, 1000, "done")], hardirq: [work(1, 100, "done", { raiseSoftirq: true })], softirq: [work(3, 300, "done")] }, [0]),
    );
    expect(steps(st).softirq_entry).toEqual({ cycles: 20, count: 1 });
    expect(steps(st).script3).toEqual({ cycles: 300, count: 1 });
    expect(st.finalTime).toBe(2500);
  });

  test("a hardirq interrupts a softirq between its steps; the softirq resumes, then runs again for the new raise", async () => {
    // idle until 250; irq 250–430 raises the softirq: entry 430–450, s3 450–1450 (second irq lands at
    // 1250), irq 1450–1630 raises it again, s4 1630–2630; the softirq then runs once more: 2630–4650
    const st = await runMachine(
      kernelRun({ hardirq: [work(1, 100, "done", { raiseSoftirq: true })], softirq: [work(3, 1000, 1), work(4, 1000, "done")] }, [0, 1000]),
    );
    expect(steps(st).irq_entry.count).toBe(2);
    expect(steps(st).softirq_entry.count).toBe(2);
    expect(steps(st).script3).toEqual({ cycles: 2000, count: 2 });
    expect(steps(st).script4).toEqual({ cycles: 2000, count: 2 });
    expect(st.finalTime).toBe(4650);
  });

  test("a task that sleeps idles its CPU until a softirq wakes it; busy and idle cycles add up to the run", async () => {
    // task 0–100 then sleeps; idle 100–1250; irq 1250–1430; softirq 1430–1750 wakes the task; task 1750–2250
    const st = await runMachine(
      kernelRun(
        { task: [work(0, 100, 1, { sleep: true }), work(2, 500, "done")], hardirq: [work(1, 100, "done", { raiseSoftirq: true })], softirq: [work(3, 300, "done", { wakeTask: true })] },
        [1000],
      ),
    );
    expect(st.cpus[0].idleCycles).toBe(1150);
    expect(steps(st).script2).toEqual({ cycles: 500, count: 1 });
    const busy = Object.values(steps(st)).reduce((a, s) => a + s.cycles, 0);
    expect(busy + st.cpus[0].idleCycles).toBe(st.finalTime);
    expect(st.finalTime).toBe(2250);
  });

  test("kernel steps pay the same memory timing as any program: a load of another CPU's modified line", async () => {
    // CPU1 writes the line at 0; CPU0's task step computes 1000 cycles then loads it: 1000 + 126
    const run: MachineRun = {
      machine: { ...defaultProfile(), cpus: 2 },
      regions: [{ name: "data", bytes: 4096 }],
      programs: [
        { kind: "kernel", costs, task: [{ step: 0, ops: [compute(1000), { op: "load", at: { region: "data", offset: 0 } }], next: "done" }] },
        { kind: "list", ops: [{ op: "store", at: { region: "data", offset: 0 }, value: 1 }, { op: "fence" }] },
      ],
    };
    const st = await runMachine(run);
    expect(st.steps[0].script0).toEqual({ cycles: 1000 + 126, count: 1 });
    expect(st.regions.data.bounces).toBe(1);
  });

  test("a code routine reads what its loads brought through registers: two CPUs' counters race as they should", async () => {
    // one CPU alone: load r0, store r0 + 1, 100 times → 100. Two CPUs on one counter without atomics
    // lose updates (each may store over the other's) — exactly the data race the coherent values imply.
    const counter = (cpus: number) => ({
      machine: { ...defaultProfile(), cpus },
      regions: [{ name: "data", bytes: 4096 }],
      programs: Array.from({ length: cpus }, () => ({ kind: "kernelCounter" as const, at: { region: "data", offset: 0 }, iterations: 100 })),
    });
    let alone = 0n, raced = 0n;
    await runMachine(counter(1), { inspect: (p) => (alone = new BigUint64Array(p.bytes({ region: "data", offset: 0 }, 8).buffer)[0]) });
    const st = await runMachine(counter(2), { inspect: (p) => (raced = new BigUint64Array(p.bytes({ region: "data", offset: 0 }, 8).buffer)[0]) });
    expect(alone).toBe(100n);
    expect(raced).toBeGreaterThanOrEqual(100n);
    expect(raced).toBeLessThan(200n);
    expect(st.regions.data.bounces).toBeGreaterThan(0); // the line did move between the two CPUs
    expect(st.steps[0].script0.count).toBe(100);
  });

  test("an IPI reaches its target ipiCycles later and runs the target's hardirq", async () => {
    // CPU0 sends at 100; modern-1s's one-way IPI is 1250 cycles: CPU1, idle since 0, enters at 1350,
    // handler 1400–1500, exit 1500–1530
    const st = await runMachine({
      machine: { ...defaultProfile(), cpus: 2 },
      regions: [{ name: "data", bytes: 4096 }],
      programs: [{ kind: "list", ops: [compute(100), { op: "ipi", cpu: 1, vector: 3 }] }, { kind: "kernel", costs, hardirq: [work(1, 100, "done")] }],
    });
    expect(st.steps[1]).toEqual({ irq_entry: { cycles: 50, count: 1 }, script1: { cycles: 100, count: 1 }, irq_exit: { cycles: 30, count: 1 } });
    expect(st.cpus[1].idleCycles).toBe(1350);
    expect(st.finalTime).toBe(1530);
  });

  test("IPIs between busy CPUs give identical statistics in-thread and with workers (the in-thread horizon allows for them)", async () => {
    // each CPU's task alternates short steps with IPIs to the next CPU; handlers raise softirqs that
    // touch a shared line, so interrupts, steps and coherence all interleave
    const shared = { region: "data", offset: 0 };
    const cpus = 3;
    const programs = Array.from({ length: cpus }, (_, c) => ({
      kind: "kernel" as const,
      costs,
      // short steps: an IPI leaves a few cycles after a resume, so the target is likely mid-batch
      task: Array.from({ length: 30 }, (_, i) => ({
        step: 0, ops: [compute(3 + c), { op: "ipi" as const, cpu: (c + 1) % cpus, vector: 1 }, compute(2 + (i % 3))], next: (i < 29 ? i + 1 : "done") as number | "done",
      })),
      hardirq: [work(1, 40, "done", { raiseSoftirq: true })],
      softirq: [{ step: 3, ops: [{ op: "atomicAdd" as const, at: shared, value: 1 }], next: "done" as const }],
    }));
    const run: MachineRun = { machine: { ...defaultProfile(), cpus, ipiCycles: 20 }, regions: [{ name: "data", bytes: 4096 }], programs };
    const a = await runMachine(run);
    expect(a.stopReason).toBe("finished");
    // 90 IPIs were sent; one vector pending twice is taken once (a pending bit, like the local APIC's IRR)
    const taken = a.steps.reduce((n, s) => n + (s.irq_entry?.count ?? 0), 0);
    expect(taken).toBeGreaterThan(0);
    expect(taken).toBeLessThan(90);
    for (const workers of [1, 2, 3]) {
      const b = await runMachine(run, { scheduler: "workers", workers });
      expect(JSON.stringify({ ...b, work: undefined })).toBe(JSON.stringify({ ...a, work: undefined }));
    }
  });

  test("kernel runs give identical statistics in-thread and with workers", async () => {
    const run = kernelRun(
      { task: [work(0, 700, 1), work(2, 300, "done")], hardirq: [work(1, 100, "done", { raiseSoftirq: true })], softirq: [work(3, 300, "done")] },
      [0, 400, 900, 2000],
    );
    const a = await runMachine(run);
    for (const workers of [1, 2, 3]) {
      const b = await runMachine(run, { scheduler: "workers", workers });
      expect(JSON.stringify({ ...b, work: undefined })).toBe(JSON.stringify({ ...a, work: undefined }));
    }
  });
});
