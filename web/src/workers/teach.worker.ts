// The teaching views' worker (web/src/panels/teach-*.ts): records a short run of one variant with the event
// recorder (src/record/run.ts) or replays a lackey trace through a profile's caches (src/trace/replay.ts),
// off the page's thread, with the command line's code.
import { ConfigError } from "../../../src/config/errors.js";
import { parseJsonText } from "../../../src/config/json-syntax.js";
import { parseMachine } from "../../../src/config/machine.js";
import { recordVariant, RecordLimitError } from "../../../src/record/run.js";
import { resolveScenario } from "../../../src/scenario/resolve.js";
import { replayTraceLines, TraceLineError } from "../../../src/trace/replay.js";
import { shippedProfile } from "../host/catalog.js";
import { applyEdits } from "../sim/edits.js";
import type { TeachReply, TeachRequest } from "../panels/teach-client.js";

const reply = (m: TeachReply) => self.postMessage(m);

self.onmessage = async (event: MessageEvent<TeachRequest>) => {
  try {
    reply(await handle(event.data));
  } catch (e) {
    if (e instanceof ConfigError) reply({ kind: "error", message: e.message });
    else if (e instanceof RecordLimitError || e instanceof TraceLineError) reply({ kind: "error", message: e.message });
    else reply({ kind: "error", message: e instanceof Error ? e.message : String(e) });
  }
};

async function handle(r: TeachRequest): Promise<TeachReply> {
  if (r.kind === "record") {
    const file = "text" in r.scenario ? parseJsonText(r.scenario.text, r.file) : r.scenario.json;
    const scenario = resolveScenario(applyEdits(file, r.edits), r.file, {});
    const variant = scenario.variants.find((v) => v.name === r.variant);
    if (!variant) return { kind: "error", message: `${r.file} has no variant "${r.variant}"` };
    const { document } = await recordVariant(scenario, variant, { packets: r.packets });
    return { kind: "recorded", document };
  }
  const profile = parseMachine(shippedProfile(r.profile), `sim-config/profiles/${r.profile}.json`);
  const summary = await replayTraceLines(r.text.split("\n"), r.name, profile, r.profile, 10);
  return { kind: "traced", summary };
}
