// The teaching views in a real Chromium (tests/e2e/browser.ts): stepping forward then back returns the
// "Cache line states" table to the same states; the log and the table agree with the recorded events;
// the ownership timeline shows more owner changes on the socket-lock line in classic-cross than in
// classic-affine; a tour runs its scenario and points at its chart; the trace panel gives netchan
// trace's counts.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { pageFixture, runEnded } from "./browser.js";

const fixture = pageFixture();
const open = fixture.open;

/** Records `variant` of the page's scenario for `packets` packets in the step-through panel. */
async function record(page: Page, variant: string, packets: number): Promise<string> {
  await page.getByLabel("Variant to record").selectOption(variant);
  await page.getByLabel("Packets to record").fill(String(packets));
  await page.getByRole("button", { name: "Record", exact: true }).click();
  await page.waitForFunction((v) => document.querySelector("#teach-status")?.textContent?.startsWith(`Recorded ${v} `), variant, { timeout: 60_000 });
  return (await page.locator("#teach-status").textContent())!;
}

/** The table's cells, row by row (the caption and headers aside). */
const tableState = (page: Page) => page.$$eval("#teach-table tbody tr", (rows) => rows.map((r) => [...r.children].map((c) => c.textContent).join("|")).join("\n"));

describe("the step-through view", () => {
  test("accessible controls; stepping forward 40 events then back 40 passes through the same tables; the scrubber jumps to the same tables", async () => {
    const { page, errors } = await open("?scenario=classic-steering&tab=teach");
    await runEnded(page);
    expect(await record(page, "cross", 2)).toMatch(/^Recorded cross \(classic-cross\): 2 packets, \d+ events on \d+ lines, \d+ bounces\.$/);
    await expect.poll(() => page.getByRole("table", { name: "Cache line states" }).count()).toBe(1);
    const forward = page.getByRole("button", { name: "Step forward", exact: true });
    const back = page.getByRole("button", { name: "Step back", exact: true });
    expect(await back.isDisabled()).toBe(true);
    const seen = [await tableState(page)];
    for (let i = 0; i < 40; i++) {
      await forward.click();
      seen.push(await tableState(page));
    }
    expect(new Set(seen).size).toBeGreaterThan(5);
    for (let i = 39; i >= 0; i--) {
      await back.click();
      expect(await tableState(page), `after stepping back to ${i}`).toBe(seen[i]);
    }
    await page.getByRole("slider", { name: "Event" }).fill("25");
    expect(await tableState(page)).toBe(seen[25]);
    expect(await page.locator("#teach-position").textContent()).toMatch(/^Event 25 of \d+ · t = [\d,]+ cycles$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("at every step, the current log entry is the event just applied and the table shows its line in the state it left", async () => {
    const { page, errors } = await open("?scenario=classic-steering&tab=teach");
    await runEnded(page);
    await record(page, "cross", 2);
    const forward = page.getByRole("button", { name: "Step forward" });
    let cpuEvents = 0, dirEvents = 0;
    for (let i = 1; i <= 60; i++) {
      await forward.click();
      const current = page.locator('#teach-log li[aria-current="step"]');
      expect(await current.getAttribute("data-i")).toBe(String(i - 1));
      const line = await current.getAttribute("data-line");
      const cpu = await current.getAttribute("data-cpu");
      if (line !== null && cpu !== null) {
        expect(await page.locator(`#teach-table td[data-line="${line}"][data-cpu="${cpu}"]`).textContent(), `event ${i - 1}`).toBe(await current.getAttribute("data-after"));
        cpuEvents++;
      }
      const dir = await current.getAttribute("data-dir-after");
      if (line !== null && dir !== null) {
        expect(await page.locator(`#teach-table td[data-line="${line}"][data-dir]`).textContent(), `event ${i - 1}`).toBe(dir);
        dirEvents++;
      }
    }
    expect(cpuEvents).toBeGreaterThan(5);
    expect(dirEvents).toBeGreaterThan(5);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("Play steps on its own and Pause stops it; a bounce shows its cost", async () => {
    const { page } = await open("?scenario=classic-steering&tab=teach");
    await runEnded(page);
    await record(page, "cross", 2);
    await page.getByRole("button", { name: "Play" }).click();
    await page.waitForFunction(() => Number((document.querySelector("#teach-scrubber") as HTMLInputElement).value) >= 3);
    await page.getByRole("button", { name: "Pause" }).click();
    const at = await page.locator("#teach-scrubber").inputValue();
    await page.waitForTimeout(700);
    expect(await page.locator("#teach-scrubber").inputValue()).toBe(at);
    await page.getByRole("button", { name: "Next bounce" }).click();
    expect(await page.locator("#teach-bounce").textContent()).toMatch(/^Bounce: the line moved between two CPUs' caches; cpu\d waited \d+ cycles for it\.$/);
    expect(await page.locator('#teach-log li[aria-current="step"]').getAttribute("data-kind")).toBe("ack");
    await page.close();
  });
});

describe("the ownership timeline", () => {
  test("8 packets: the socket-0 lock line changes owner 3 times in classic-cross, never in classic-affine", async () => {
    const { page, errors } = await open("?scenario=classic-steering&tab=teach");
    await runEnded(page);
    await record(page, "cross", 8);
    await record(page, "affine", 8);
    const changes = (variant: string) => page.locator(`#teach-timeline section[data-variant="${variant}"] .timeline-row[data-label="socket 0 lock"]`).getAttribute("data-owner-changes");
    expect(await changes("cross")).toBe("3");
    expect(await changes("affine")).toBe("0");
    expect(await page.locator(`#teach-timeline section[data-variant="cross"] .timeline-row[data-label="socket 0 lock"] svg rect`).count()).toBeGreaterThan(3);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("the tours", () => {
  test("a tour runs its scenario with its variants and points at its chart", async () => {
    const { page, errors } = await open("?tab=teach");
    await runEnded(page);
    await Promise.all([page.waitForURL(/scenario=classic-steering/), page.locator('[data-tour="cross-affine"]').click()]);
    expect(await runEnded(page)).toMatch(/^Done: 6 variants of classic-steering/);
    expect(await page.locator("#summary-table tbody tr").count()).toBe(2);
    expect(await page.locator("#summary-table tbody th").allTextContents()).toEqual(["cross", "affine"]);
    await expect.poll(() => page.locator("#panel-bounces-by-structure.tour-focus #tour-callout").count()).toBe(1);
    expect(await page.getByRole("tab", { name: "Compare variants" }).getAttribute("aria-selected")).toBe("true");
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("saving and opening recordings", () => {
  test("the page's recording equals `netchan record --json`'s; a saved recording opens and steps to the same tables", async () => {
    const { page, errors } = await open("?scenario=classic-steering&tab=teach");
    await runEnded(page);
    await record(page, "cross", 2);
    const forward = page.getByRole("button", { name: "Step forward", exact: true });
    for (let i = 0; i < 20; i++) await forward.click();
    const after20 = await tableState(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Save recording" }).click()]);
    expect(download.suggestedFilename()).toBe("classic-steering.cross.record.json");
    const saved = readFileSync((await download.path())!, "utf8");
    const dir = mkdtempSync(join(tmpdir(), "netchan-teach-"));
    const cli = join(dir, "cross.json");
    execFileSync(process.execPath, ["bin/netchan.js", "record", "classic-steering", "--variant", "cross", "--packets", "2", "--json", cli]);
    expect(JSON.parse(saved)).toEqual(JSON.parse(readFileSync(cli, "utf8")));
    await page.close();

    const second = await open("?tab=teach");
    await second.page.locator("#teach-open").setInputFiles(cli);
    await second.page.waitForFunction(() => document.querySelector("#teach-status")?.textContent?.startsWith("Opened "));
    expect(await second.page.locator("#teach-status").textContent()).toMatch(/^Opened cross\.json: cross \(classic-cross\): 2 packets, /);
    for (let i = 0; i < 20; i++) await second.page.getByRole("button", { name: "Step forward", exact: true }).click();
    expect(await tableState(second.page)).toBe(after20);
    rmSync(dir, { recursive: true, force: true });
    expect([...errors, ...second.errors]).toEqual([]);
    await second.page.close();
  });
});

describe("links", () => {
  test("a tour's 'Step through' link opens the step-through view recording that variant; Record puts the recording in the URL", async () => {
    const { page, errors } = await open("?tab=teach");
    const href = await page.locator('[data-step-through="cross-affine"]').getAttribute("href");
    expect(href).toMatch(/scenario=classic-steering/);
    await page.goto(`${fixture.served.url}${href}`);
    await page.waitForFunction(() => document.querySelector("#teach-status")?.textContent?.startsWith("Recorded "), undefined, { timeout: 60_000 });
    expect(await page.locator("#teach-status").textContent()).toMatch(/^Recorded cross \(classic-cross\): 2 packets, /);
    await record(page, "affine", 3);
    expect(new URL(page.url()).searchParams.get("p.teach.variant")).toBe("affine");
    expect(new URL(page.url()).searchParams.get("p.teach.packets")).toBe("3");
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("your own program", () => {
  test("the trace panel replays the fixture trace with netchan trace's counts", async () => {
    const { page, errors } = await open("?tab=trace");
    await runEnded(page);
    await page.locator("#teach-trace-file").setInputFiles(fileURLToPath(new URL("../fixtures/trace/strided.trace", import.meta.url)));
    await page.waitForFunction(() => document.querySelector("#teach-trace-status")?.textContent?.includes("data accesses"), undefined, { timeout: 60_000 });
    const row = (level: string) => page.$eval(`#teach-trace-levels tr[data-level="${level}"]`, (r) => [...r.children].map((c) => c.textContent));
    // the same figures `netchan trace tests/fixtures/trace/strided.trace` prints (tests/trace.test.ts)
    expect(await row("L1d")).toEqual(["L1d", "862", "649", "213", "24.71%", "213", "0"]);
    expect(await page.getByRole("table", { name: "Lines that missed most" }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
