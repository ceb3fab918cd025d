// Headless Chromium for the dashboard's end-to-end tests and its benchmark: Debian's `chromium`
// (installed by .ci/run when missing) driven by playwright-core, against a Vite preview server of the
// built page on a free port. `npx playwright install` cannot run here, so the browser is the system's.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";
import { afterAll, beforeAll } from "vitest";

export const CHROMIUM = process.env.NETCHAN_CHROMIUM ?? "/usr/bin/chromium";

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** Where this process builds the page: a folder of its own, since test files run in parallel processes
 *  and each builds (one emptying dist/web while another serves from it would break both). Removed when
 *  the server that serves it closes. */
let outDir: string | null = null;
let built: Promise<unknown> | null = null;

/** Builds the page (vite.config.ts) once per process, into its own folder; returns the folder. */
export async function buildPage(): Promise<string> {
  outDir ??= mkdtempSync(join(tmpdir(), "netchan-web-"));
  const dir = outDir;
  built ??= build({ logLevel: "error", build: { outDir: dir, emptyOutDir: true } });
  await built;
  return dir;
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serves the built page with vite.config.ts's preview server (its COOP/COEP headers) on a free port. */
export async function servePage(): Promise<Served> {
  const dir = await buildPage();
  const server: PreviewServer = await preview({ logLevel: "error", build: { outDir: dir }, preview: { port: 0, strictPort: false, host: "127.0.0.1" } });
  const address = server.httpServer.address();
  if (!address || typeof address === "string") throw new Error("the preview server has no port");
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
      [outDir, built] = [null, null];
    },
  };
}

export interface Session {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with a fresh user-data dir (a persistent context is how a user-data dir is given). */
export async function launch(viewport = { width: 1366, height: 900 }): Promise<Session> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium; .ci/run does), or name another with NETCHAN_CHROMIUM`);
  const userData = mkdtempSync(join(tmpdir(), "netchan-chromium-"));
  const context = await chromium.launchPersistentContext(userData, { executablePath: CHROMIUM, args: FLAGS, headless: true, viewport, acceptDownloads: true });
  return {
    browser: context.browser()!,
    context,
    close: async () => {
      await context.close();
      rmSync(userData, { recursive: true, force: true });
    },
  };
}

/** Serves `page` without the cross-origin isolation headers, as a static host that lacks them would. */
export async function withoutIsolation(page: Page): Promise<void> {
  await page.route("**/*", async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers["cross-origin-opener-policy"];
    delete headers["cross-origin-embedder-policy"];
    await route.fulfill({ response, headers });
  });
}

/** Collects the page's console errors and uncaught exceptions. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
  return errors;
}

/** Waits until the page's main run has ended (its status line says how). */
export async function runEnded(page: Page, timeout = 60_000): Promise<string> {
  await page.waitForFunction(() => document.body.dataset.running === "false", undefined, { timeout });
  return (await page.locator(".controls .status").textContent()) ?? "";
}

export interface PageFixture {
  /** The preview server of this test file. */
  readonly served: Served;
  /** The browser of this test file. */
  readonly session: Session;
  /** A new tab at the page with `query` (e.g. "?scenario=vj-debate"), collecting its console errors. */
  open(query?: string): Promise<{ page: Page; errors: string[] }>;
}

/** One preview server and one browser for a test file: started before its tests, closed after them. */
export function pageFixture(): PageFixture {
  let served: Served | undefined;
  let session: Session | undefined;
  beforeAll(async () => {
    served = await servePage();
    session = await launch();
  });
  afterAll(async () => {
    await session?.close();
    await served?.close();
  });
  const fixture: PageFixture = {
    get served() {
      if (!served) throw new Error("the page is not served yet (use the fixture inside a test)");
      return served;
    },
    get session() {
      if (!session) throw new Error("the browser is not started yet (use the fixture inside a test)");
      return session;
    },
    async open(query = "") {
      const page = await fixture.session.context.newPage();
      const errors = consoleErrors(page);
      await page.goto(`${fixture.served.url}${query}`);
      return { page, errors };
    },
  };
  return fixture;
}
