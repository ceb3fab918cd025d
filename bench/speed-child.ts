// One process's in-thread speed figures, for bench/processes.ts: `node speed-child.js <repeats> [quick]`
// prints them on standard output as one JSON object (keys of bench/in-thread.ts's RATE_FIELD).
import { inThreadFigures } from "./in-thread.js";

const repeats = Number(process.argv[2]);
const quick = process.argv[3] === "quick";
process.stdout.write(JSON.stringify(await inThreadFigures(quick, repeats)) + "\n");
