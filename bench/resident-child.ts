// One run in a process of its own, for bench/resident.ts: the channel-softirq variant of the debate
// scenario (the NIC, the kernel's softirq and the application: a whole receive path, and the fastest, so
// that 10^7 packets take minutes, not a quarter of an hour) with the packet count given, then the
// process's peak resident memory (bytes) on standard output as JSON.
import { runVariant } from "../src/paths/run-variant.js";
import { loadScenario } from "../src/scenario/load.js";

const packets = Number(process.argv[2]);
const s = loadScenario("vj-debate", { packets });
const raw = await runVariant(s, s.variants.find((v) => v.name === "channel-softirq")!, { scheduler: "inthread" });
// resourceUsage's maxRSS is in kilobytes (getrusage's ru_maxrss on Linux)
process.stdout.write(JSON.stringify({ packets, delivered: raw.packets.delivered, seconds: raw.work.runSeconds, maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + "\n");
