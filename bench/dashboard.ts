// `npm run bench:web [-- --json]`: the dashboard's responsiveness in headless Chromium (tests/e2e/browser.ts)
// on this machine — not a test: the figures depend on the host. Two figures, medians of five fresh browser
// sessions each:
//   - navigation → first chart with data: the page's "netchan:first-chart" mark (web/src/charts/card.ts),
//     in milliseconds since navigation started (target under 2 s);
//   - the longest main-thread task during a run: PerformanceObserver 'longtask' entries (tasks over 50 ms)
//     between the run's start and end marks (target: none over 100 ms; 0 means none over 50 ms).
// Measured for the first load (vj-debate, in-thread scheduler) and for vj-debate with the workers-as-CPUs
// scheduler on 300 packets per variant.
import { launch, servePage } from "../tests/e2e/browser.js";
import { median } from "./median.js";

const json = process.argv.includes("--json");
const REPEATS = process.argv.includes("--quick") ? 1 : 5;


interface Sample {
  firstChartMs: number;
  longestTaskMs: number;
  runMs: number;
}

/** Installed before the page's own scripts: every long task from the start, kept for the harness. */
const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: "longtask", buffered: true });
`;

async function sample(url: string): Promise<Sample> {
  const session = await launch();
  try {
    const page = await session.context.newPage();
    await page.addInitScript(OBSERVE_LONG_TASKS);
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.running === "false", undefined, { timeout: 120_000 });
    // let the observer deliver the last entries
    await page.waitForTimeout(200);
    return await page.evaluate(() => {
      const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      const start = at("netchan:run-start");
      const end = at("netchan:run-end");
      const tasks = (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks;
      const during = tasks.filter((t) => t.start + t.duration >= start && t.start <= end);
      return { firstChartMs: at("netchan:first-chart"), longestTaskMs: Math.max(0, ...during.map((t) => t.duration)), runMs: end - start };
    });
  } finally {
    await session.close();
  }
}

async function figures(url: string) {
  const samples: Sample[] = [];
  for (let i = 0; i < REPEATS; i++) samples.push(await sample(url));
  return {
    firstChartMs: Math.round(median(samples.map((s) => s.firstChartMs))),
    longestTaskMs: Math.round(median(samples.map((s) => s.longestTaskMs))),
    worstLongestTaskMs: Math.round(Math.max(...samples.map((s) => s.longestTaskMs))),
    runMs: Math.round(median(samples.map((s) => s.runMs))),
    samples: samples.length,
  };
}

const served = await servePage();
try {
  const out = {
    inThread: await figures(served.url),
    // 300 packets per variant: the workers scheduler meets at a barrier every few simulated cycles, so a
    // whole vj-debate takes minutes on two cores (docs/time.md)
    workers: process.argv.includes("--inthread") ? null : await figures(`${served.url}?scheduler=workers&packets=300`),
    targets: { firstChartMs: 2000, longestTaskMs: 100 },
  };
  if (json) console.log(JSON.stringify(out, null, 2));
  else
    for (const [name, f] of Object.entries(out).filter(([k, f]) => k !== "targets" && f !== null) as [string, Awaited<ReturnType<typeof figures>>][])
      console.log(
        `${name}: navigation → first chart ${f.firstChartMs} ms (target < 2000), longest main-thread task during the run ${f.longestTaskMs} ms (worst ${f.worstLongestTaskMs}; target ≤ 100; 0 = none over 50), run ${f.runMs} ms — medians of ${f.samples}`,
      );
} finally {
  await served.close();
}
