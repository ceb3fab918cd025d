// memory.flatness: does a run's resident memory stay flat as it simulates more packets? A run's state is
// laid out before it starts, in one shared WebAssembly memory sized from the configuration, and nothing is
// allocated per packet (DESIGN.md, "Memory and AssemblyScript rules"); so 100 times the packets should
// take the same memory. Each run is a fresh process (bench/resident-child.ts) whose peak resident set is
// read from the kernel when it ends, Node's own memory included. flatness = peak(large) ÷ peak(small);
// the target: under 1.05 from 10^5 to 10^7 packets (the full suite; --quick uses 10^4 → 10^5).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

interface Child {
  packets: number;
  delivered: number;
  seconds: number;
  maxRssBytes: number;
}

function residentRun(packets: number): Child {
  const child = fileURLToPath(new URL("./resident-child.js", import.meta.url));
  const r = spawnSync(process.execPath, [child, String(packets)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`benchmark: the resident-memory run of ${packets} packets failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Child;
}

export async function residentFigures(quick: boolean) {
  const [smallPackets, largePackets] = quick ? [10_000, 100_000] : [100_000, 10_000_000];
  const small = residentRun(smallPackets);
  const large = residentRun(largePackets);
  return {
    packets: [small.packets, large.packets],
    maxRssBytes: [small.maxRssBytes, large.maxRssBytes],
    seconds: [small.seconds, large.seconds],
    flatness: +(large.maxRssBytes / small.maxRssBytes).toFixed(4),
  };
}
