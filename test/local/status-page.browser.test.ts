import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { DEFAULT_FLEET_FILE, loadFleet } from "../../services/fleet/load.js";
import { inheritableEnv, startLocalFleet } from "../../services/local/fleet.js";
import { startGateway, type RunningGateway } from "../../services/local/gateway.js";
import { renderStatusPage, type FleetStatus, type IntegrationStatus } from "../../services/local/status.js";
import { launchChromium } from "../support/browser.js";

const figures = (overrides: Partial<IntegrationStatus["figures"]> = {}): IntegrationStatus["figures"] => ({
  status: "healthy",
  avgResponseTimeMs: 3.2,
  errorRatePercent: 0,
  uptimePercent: 100,
  totalChecks: 120,
  monitoredForSeconds: 240,
  alerts: [],
  ...overrides,
});

/** A fixed status so the screenshot is deterministic. */
const STATUS: FleetStatus = {
  generatedAt: "2026-11-24T09:00:00.000Z",
  overallStatus: "degraded",
  gatewayUrl: "http://127.0.0.1:8080",
  fleetFile: "config/integrations.yaml",
  integrations: [
    { platform: "gong", title: "Gong", port: 9001, mcpUrl: "http://127.0.0.1:9001/mcp", webhookUrl: "http://127.0.0.1:8080/webhook/gong/events", process: "running", restarts: 0, missingCredentials: [], credentialSources: { GONG_ACCESS_KEY: "env" }, notices: [], figures: figures() },
    { platform: "slack", title: "Slack", port: 9003, mcpUrl: "http://127.0.0.1:9003/mcp", webhookUrl: "http://127.0.0.1:8080/webhook/slack/events", process: "running", restarts: 2, missingCredentials: [], credentialSources: {}, notices: [], figures: figures({ status: "unhealthy", errorRatePercent: 12.5, uptimePercent: 87.5, lastError: "connection refused", alerts: ["High error rate: 12.5% (threshold 5%)", "Low uptime: 87.5% (threshold 99%)"] }) },
    { platform: "memory", title: "Memory", port: 9010, mcpUrl: "http://127.0.0.1:9010/mcp", process: "starting", restarts: 0, missingCredentials: [], credentialSources: {}, notices: [], figures: figures({ status: "starting", totalChecks: 0 }) },
    { platform: "snowflake", title: "Snowflake", port: 9012, mcpUrl: "http://127.0.0.1:9012/mcp", process: "not configured", restarts: 0, missingCredentials: ["SNOWFLAKE_ACCOUNT", "SNOWFLAKE_USER", "one of SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY"], credentialSources: {}, notices: [], figures: figures({ status: "not_configured", totalChecks: 0 }) },
  ],
};

const BASELINE = path.join(import.meta.dirname, "__screenshots__", "status-page.png");
const ARTIFACTS = path.join(import.meta.dirname, "..", "..", ".artifacts");

let browser: Browser;
let gateway: RunningGateway;

beforeAll(async () => {
  browser = await launchChromium();
  gateway = await startGateway({
    host: "127.0.0.1",
    port: 0,
    routes: [],
    statusJson: () => STATUS,
    statusHtml: () => renderStatusPage(STATUS),
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
});

describe("status page in a real browser", () => {
  it("renders every integration with its status, figures and alerts", async () => {
    const page = await browser.newPage();
    await page.goto(`${gateway.url}/`);
    expect(await page.title()).toBe("Sophia fleet: degraded");
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBe(STATUS.integrations.length);
    const text = (platform: string) => page.locator(`tr[data-platform="${platform}"]`).innerText();
    expect(await text("gong")).toMatch(/Gong[\s\S]*9001[\s\S]*healthy[\s\S]*3\.2 ms[\s\S]*0\.0%[\s\S]*100\.0%/);
    expect(await text("slack")).toMatch(/unhealthy[\s\S]*connection refused[\s\S]*High error rate: 12\.5%/);
    expect(await text("memory")).toContain("starting");
    expect(await text("snowflake")).toMatch(/not configured[\s\S]*missing SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, one of SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY/);
    await page.close();
  });

  it("looks the same as the reviewed screenshot", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 520 }, deviceScaleFactor: 1 });
    await page.goto(`${gateway.url}/`);
    const shot = await page.screenshot({ fullPage: false });
    await page.close();
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, "status-page.png"), shot);
    if (!existsSync(BASELINE)) {
      // in CI a missing baseline is a failure, not something to record: the comparison would be vacuous
      if (process.env.CI) throw new Error(`no reviewed screenshot at ${BASELINE}: record it locally, review it, commit it`);
      // first run on a new layout: record the baseline for review and commit
      mkdirSync(path.dirname(BASELINE), { recursive: true });
      writeFileSync(BASELINE, shot);
    }
    const expected = PNG.sync.read(readFileSync(BASELINE));
    const actual = PNG.sync.read(shot);
    expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
    const diff = new PNG({ width: actual.width, height: actual.height });
    const changed = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: 0.1 });
    writeFileSync(path.join(ARTIFACTS, "status-page.diff.png"), PNG.sync.write(diff));
    // anti-aliasing may differ by a few pixels; a layout change moves thousands
    expect(changed / (actual.width * actual.height)).toBeLessThan(0.005);
  });
});

describe("status page of a live local fleet with no credentials at all", () => {
  it("lists every configured integration; the memory server runs, the rest say what they lack", async () => {
    const fleet = loadFleet(DEFAULT_FLEET_FILE);
    const dataDir = mkdtempSync(path.join(tmpdir(), "fleet-browser-"));
    const running = await startLocalFleet({
      fleet,
      credentials: new Map(),
      host: "127.0.0.1",
      gatewayPort: 0,
      dataDir,
      livenessIntervalMs: 200,
      baseEnv: inheritableEnv(process.env),
    });
    try {
      const deadline = Date.now() + 60_000;
      const healthy = (platform: string) => running.status().integrations.find((i) => i.platform === platform)?.figures.status === "healthy";
      while (!healthy("memory") || !healthy("fleet_endpoint")) {
        if (Date.now() > deadline) throw new Error("the memory server and the fleet endpoint did not become healthy");
        await new Promise((r) => setTimeout(r, 100));
      }
      const page = await browser.newPage();
      await page.goto(`${running.gateway.url}/`);
      const rows = page.locator("tbody tr");
      expect(await rows.count()).toBe(fleet.integrations.length);
      for (const { platform } of fleet.integrations) {
        const text = await page.locator(`tr[data-platform="${platform}"]`).innerText();
        // the fleet's own services need no credentials: memory, and the fleet endpoint (serving memory's tools)
        if (platform === "memory" || platform === "fleet_endpoint") expect(text).toContain("healthy");
        else expect(text).toMatch(/not configured|no server yet/);
      }
      expect(await page.locator('tr[data-platform="slack"]').innerText()).toContain("missing SLACK_BOT_TOKEN");
      await page.screenshot({ path: path.join(ARTIFACTS, "status-page-live.png"), fullPage: true });
      await page.close();
    } finally {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
