// The dashboard in a real Chromium (tests/e2e/browser.ts): it loads cleanly and isolated, draws every
// chart, exports exactly what `netchan run --json` writes (host aside) under both schedulers, refuses a
// broken file beside its field without running it, reopens a shared URL in the same state, and stops.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { Ajv2020 } from "ajv/dist/2020.js";
import { consoleErrors, pageFixture, runEnded, withoutIsolation } from "./browser.js";

const fixture = pageFixture();
const open = fixture.open;

/** The file the page's "Result JSON" button saves. */
async function exportedJson(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Result JSON" }).click()]);
  return readFileSync((await download.path())!, "utf8");
}

const withoutHost = (json: string) => {
  const result = JSON.parse(json) as Record<string, unknown>;
  delete result.host;
  return JSON.stringify(result, null, 2);
};

/** `netchan run` on a shipped scenario from the project folder, as the README gives it. */
function netchanRun(scenario: string, packets: number, seed: number): string {
  return execFileSync(process.execPath, ["bin/netchan.js", "run", `sim-config/scenarios/${scenario}.json`, "--packets", String(packets), "--seed", String(seed), "--json", "-", "--quiet"], {
    encoding: "utf8",
  });
}

const chartPoints = (page: Page, view: string) =>
  page.$$eval(`#view-${view} canvas`, (canvases) => canvases.map((c) => [c.id, Number((c as HTMLElement).dataset.points)] as const));

describe("the dashboard", () => {
  test("first load runs vj-debate on its profile: no console errors, cross-origin isolated, every chart with data; screenshots", async () => {
    const { page, errors } = await open();
    expect(await runEnded(page)).toMatch(/^Done: 10 variants of vj-debate/);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.locator("#isolation-notice").count()).toBe(0);
    const charts = await chartPoints(page, "compare");
    expect(charts.map(([id]) => id)).toEqual(["chart-cycles-by-step", "chart-bounces-by-structure", "chart-dma-by-structure", "chart-llc-by-structure", "chart-cpu-utilisation", "chart-latency"]);
    for (const [id, points] of charts) expect(points, id).toBeGreaterThan(0);
    expect(await page.locator("#summary-table tbody tr").count()).toBe(10);
    // into test-results/ (not tracked); NETCHAN_SCREENSHOTS=docs/img refreshes the README's pictures
    const dir = process.env.NETCHAN_SCREENSHOTS ?? "test-results";
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: `${dir}/dashboard.png` });
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.screenshot({ path: `${dir}/dashboard-tablet.png` });
    // a variant with warnings (its channel bypasses netfilter) is marked where its bars are, with the warning
    await page.locator("#panel-cycles-by-step summary").click();
    const rows = page.locator("#panel-cycles-by-step .data-table tbody th");
    await rows.first().waitFor();
    expect(await rows.allTextContents()).toEqual([
      "classic-cross", "classic-affine", "classic-arfs", "classic-rps", "channel-softirq ⚠", "channel-socket ⚠", "channel-user ⚠",
      "channel-user-netfilter-before", "channel-user-false-shared ⚠", "channel-user-pointer-ring ⚠",
    ]);
    expect(await rows.nth(6).getAttribute("title")).toMatch(/^netfilter is bypassed/);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("the sweep runs a point per value and every sweep chart has data", async () => {
    const { page, errors } = await open("?packets=200&hide=classic-affine,classic-arfs,classic-rps,channel-softirq,channel-socket,channel-user-netfilter-before,channel-user-false-shared,channel-user-pointer-ring&tab=sweep&p.sweep.values=50000,400000");
    await runEnded(page);
    await page.click("#sweep-run");
    await page.waitForFunction(() => document.querySelector("#panel-sweep .status")?.textContent?.startsWith("Done"), undefined, { timeout: 60_000 });
    // two variants shown × two values, in each of the three charts
    expect(await chartPoints(page, "sweep")).toEqual([["chart-sweep-throughput", 4], ["chart-sweep-p99", 4], ["chart-sweep-cycles", 4]]);
    expect(errors).toEqual([]);
    await page.close();
  });

  for (const scheduler of ["inthread", "workers"] as const)
    test(`the exported JSON equals netchan run's on the same scenario and seed, host aside (${scheduler} scheduler in the page)`, async () => {
      const { page, errors } = await open(`?packets=100&seed=7${scheduler === "workers" ? "&scheduler=workers" : ""}`);
      expect(await runEnded(page)).toMatch(/^Done/);
      const exported = await exportedJson(page);
      expect(JSON.parse(exported).host.scheduler).toBe(scheduler);
      // a netchan-result/1 by the published schema, its host section (a browser's) included
      const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync("sim-config/schema/result.schema.json", "utf8")));
      expect(validate(JSON.parse(exported)), JSON.stringify(validate.errors)).toBe(true);
      expect(withoutHost(exported)).toBe(withoutHost(netchanRun("vj-debate", 100, 7)));
      expect(errors).toEqual([]);
      await page.close();
    });

  test("a broken scenario file shows its error beside the field and runs nothing", async () => {
    const { page } = await open("?packets=200");
    await runEnded(page);
    const runsBefore = await page.evaluate(() => document.body.dataset.runs);
    const broken = JSON.parse(readFileSync("sim-config/scenarios/classic-steering.json", "utf8"));
    broken.workload.packetBytes = 9000;
    const text = JSON.stringify(broken, null, 2);
    await page.setInputFiles("#scenario-file", { name: "broken.json", mimeType: "application/json", buffer: Buffer.from(text) });
    const issue = page.locator('#scenario-text .issue[data-path="workload.packetBytes"]');
    await issue.waitFor();
    expect(await issue.textContent()).toMatch(/^broken\.json: workload\.packetBytes: /);
    // the message follows the line that holds the field
    const line = await issue.evaluate((el) => el.previousSibling?.previousSibling?.textContent);
    expect(line).toContain('"packetBytes": 9000');
    expect(await page.locator("#tab-scenario").getAttribute("aria-selected")).toBe("true");
    // the file's own field, not the frame-size control (which is empty: it changed nothing)
    expect(await page.locator("#packetBytes-error").isHidden()).toBe(true);
    expect(await page.locator(".controls .status").textContent()).toMatch(/broken\.json was refused: nothing ran/);
    expect(await page.evaluate(() => document.body.dataset.runs)).toBe(runsBefore);
    expect(page.url()).not.toContain("broken");
    await page.close();
  });

  test("a value refused by the schema is shown beside its control", async () => {
    const { page } = await open("?packets=200");
    await runEnded(page);
    await page.fill("#packetBytes", "9000");
    await page.press("#packetBytes", "Enter");
    await page.waitForFunction(() => !document.querySelector<HTMLElement>("#packetBytes-error")!.hidden);
    expect(await page.locator("#packetBytes").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#packetBytes-error").textContent()).toMatch(/^workload\.packetBytes: /);
    await page.close();
  });

  test("a pinned baseline shows each variant's figures against it after the machine changes", async () => {
    const { page } = await open("?packets=200");
    await runEnded(page);
    const before = JSON.parse(await exportedJson(page));
    await page.click("#pin-baseline");
    await page.selectOption("#machine", "fsb-2006");
    await page.waitForFunction(() => document.body.dataset.runs === "2" && document.body.dataset.running === "false");
    const after = JSON.parse(await exportedJson(page));
    expect(after.config.machineName).toBe("fsb-2006");
    const cell = await page.locator("#baseline-table tbody tr", { hasText: "classic-cross" }).locator("td").first().textContent();
    const [now, then] = [after, before].map((r) => r.variants.find((v: { name: string }) => v.name === "classic-cross").cyclesPerPacket.total as number);
    const change = ((now - then) / then) * 100;
    const f = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 2 });
    expect(cell).toBe(`${f(now)} (${f(then)}) ${change >= 0 ? "+" : ""}${change.toFixed(1)}%`);
    await page.close();
  });

  test("a shared URL reopens the same state, and the same result", async () => {
    const { page } = await open("?packets=300");
    await runEnded(page);
    await page.selectOption("#cycles-grouping", "step");
    await page.fill("#seed", "11");
    await page.press("#seed", "Enter");
    await page.fill("#pps", "150000");
    await page.press("#pps", "Enter");
    await page.getByLabel("classic-rps", { exact: true }).uncheck();
    await page.click("#tab-scenario");
    await runEnded(page);
    await page.waitForFunction(() => document.body.dataset.running === "false" && location.search.includes("pps=150000"));
    const url = page.url();
    const first = await exportedJson(page);
    const reopened = await open(url.slice(fixture.served.url.length));
    await runEnded(reopened.page);
    const p = reopened.page;
    expect(await p.inputValue("#seed")).toBe("11");
    expect(await p.inputValue("#pps")).toBe("150000");
    expect(await p.inputValue("#packets")).toBe("300");
    expect(await p.inputValue("#cycles-grouping")).toBe("step");
    expect(await p.getByLabel("classic-rps", { exact: true }).isChecked()).toBe(false);
    expect(await p.locator("#tab-scenario").getAttribute("aria-selected")).toBe("true");
    expect(withoutHost(await exportedJson(p))).toBe(withoutHost(first));
    expect(JSON.parse(first).config.workload.seed).toBe(11);
    await page.close();
    await p.close();
  });

  test("the progress bar moves within a variant; Stop ends the run: its workers are terminated and the page says so", async () => {
    const { page } = await open("?packets=200");
    await runEnded(page);
    await page.fill("#packets", "5000000");
    await page.press("#packets", "Enter");
    await page.waitForFunction(() => document.body.dataset.running === "true");
    // part of the first variant's 5,000,500 packets: the bar shows it before any variant ends
    await page.waitForFunction(() => {
      const bar = document.querySelector<HTMLProgressElement>(".controls progress")!;
      return bar.position >= 0 && bar.value > 0 && bar.value < 1;
    });
    expect(page.workers().length).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Stop", exact: true }).first().click();
    expect(await runEnded(page, 5_000)).toMatch(/^Stopped/);
    await expect.poll(() => page.workers().map((w) => w.url()), { timeout: 10_000 }).toEqual([]);
    await page.close();
  });

  test("every control has a label and every chart a text summary; the tabs and Run work by keyboard", async () => {
    const { page } = await open("?packets=200");
    await runEnded(page);
    const unlabelled = await page.$$eval("input:not([type=hidden]), select, button, canvas", (els) =>
      els
        .filter((el) => {
          const labelled = (el as HTMLInputElement).labels?.length || el.getAttribute("aria-label") || (el.tagName === "BUTTON" && el.textContent?.trim());
          return !labelled || (el.tagName === "CANVAS" && el.getAttribute("role") !== "img");
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
    // the summary names the largest and smallest totals as the result has them (the first in the scenario's order on a tie)
    const result = JSON.parse(await exportedJson(page)) as { variants: { name: string; bouncesPerPacket: { total: number } }[] };
    const totals = result.variants.map((v) => v.bouncesPerPacket.total);
    const [top, bottom] = [Math.max(...totals), Math.min(...totals)].map((t) => result.variants.find((v) => v.bouncesPerPacket.total === t)!);
    expect(await page.getAttribute("#chart-bounces-by-structure", "aria-label")).toBe(
      `Stacked bar chart of cache-line bounces per packet by structure for 10 variants: largest ${top.name} (${top.bouncesPerPacket.total} bounces), smallest ${bottom.name} (${bottom.bouncesPerPacket.total} bounces).`,
    );
    // the tabs: focus the selected one, then arrow keys move the selection (WAI-ARIA tabs)
    await page.focus("#tab-compare");
    await page.keyboard.press("ArrowRight");
    const second = await page.evaluate(() => document.activeElement?.id);
    expect(await page.getAttribute(`#${second}`, "aria-selected")).toBe("true");
    expect(await page.locator("#view-compare").isHidden()).toBe(true);
    await page.keyboard.press("Home");
    expect(await page.getAttribute("#tab-compare", "aria-selected")).toBe("true");
    // Run by keyboard: focus it and press Enter
    const runs = await page.evaluate(() => document.body.dataset.runs);
    await page.focus('button[data-action="run"]');
    await page.keyboard.press("Enter");
    await page.waitForFunction((before) => document.body.dataset.runs !== before, runs);
    expect(await runEnded(page)).toMatch(/^Done/);
    await page.close();
  });

  test("a page without cross-origin isolation says so and runs in-thread in one worker", async () => {
    const page = await fixture.session.context.newPage();
    const errors = consoleErrors(page);
    await withoutIsolation(page);
    await page.goto(`${fixture.served.url}?packets=200&scheduler=workers`);
    expect(await runEnded(page)).toMatch(/^Done/);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    expect(await page.locator("#isolation-notice").isVisible()).toBe(true);
    expect(await page.locator('input[name="scheduler"][value="workers"]').isDisabled()).toBe(true);
    expect(JSON.parse(await exportedJson(page)).host.scheduler).toBe("inthread");
    expect(errors).toEqual([]);
    await page.close();
  });
});
