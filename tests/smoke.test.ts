import { test, expect } from "vitest";
import { runMachine } from "../src/index.js";
import { defaultProfile } from "./helpers/machines.js";

test("smoke", async () => {
  const m = { ...defaultProfile(), cpus: 2 };
  const st = await runMachine({
    machine: m,
    regions: [{ name: "data", bytes: 4096 }],
    programs: [
      { kind: "list", ops: [{ op: "load", at: { region: "data", offset: 0 } }, { op: "load", at: { region: "data", offset: 0 } }, {op:"store", at:{region:"data", offset:8}, value: 5}] },
      { kind: "list", ops: [{ op: "compute", value: 1000 }, { op: "loadCheck", at: { region: "data", offset: 8 }, value: 5 }] },
    ],
  });
  console.log(JSON.stringify(st, null, 1));
});
