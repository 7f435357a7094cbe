/**
 * The webhook endpoint as the runtime mounts it: raw body to the intake, verified events processed
 * into memory through the definition's toMemory, the handshake answered, unsigned or tampered
 * requests refused.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicUrlOf } from "../../services/runtime/webhook-url.js";
import { sampleValue } from "../contract/suite.js";
import { rawRequest } from "../contract/raw-http.js";
import { eventually, startTestServer, WEBHOOK_SECRET, type TestServer } from "./support.js";

/** signed the way the platform signs, independently of the verifier under test */
function sign(body: string, secret = WEBHOOK_SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

const widgetEvent = (id: string) =>
  JSON.stringify({ id, type: "widget.created", widget: { id: "w_9", name: "Ninth", color: "green", created_at: "2026-03-04T05:06:07Z" } });

describe("POST {webhook_path}/events", () => {
  let t: TestServer;
  const post = (body: string, headers: Record<string, string> = {}) =>
    rawRequest(`${t.server.url}/webhook/widgets/events?source=test`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.stop();
  });

  it("accepts a signed event and stores its memory records once, however often it is delivered", async () => {
    const body = widgetEvent("evt-1");
    expect((await post(body, { "x-widget-signature": sign(body) })).status).toBe(200);
    expect((await post(body, { "x-widget-signature": sign(body) })).status).toBe(200);
    await eventually(() => t.stored.length === 1, "the event reaches memory");
    expect(t.stored[0]).toMatchObject({ key: "widgets:widget:w_9:evt-1", source: "widgets", type: "widget", title: "Ninth" });
    const metrics = await (await fetch(`${t.server.url}/metrics`)).text();
    expect(sampleValue(metrics, "mcp_webhooks_total", 'outcome="accepted"')).toBe(1);
    expect(sampleValue(metrics, "mcp_webhooks_total", 'outcome="deduplicated"')).toBe(1);
  });

  it("refuses a tampered body and a wrong secret with 401", async () => {
    const body = widgetEvent("evt-2");
    expect((await post(body.replace("Ninth", "Tenth"), { "x-widget-signature": sign(body) })).status).toBe(401);
    expect((await post(body, { "x-widget-signature": sign(body, "another-secret") })).status).toBe(401);
    expect((await post(body)).status).toBe(401);
  });

  it("answers the platform's handshake before verification", async () => {
    const response = await post("", { "x-widget-ping": "1" });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ pong: true });
  });

  it("answers a malformed but signed body with 400", async () => {
    const body = '{"id": "evt-3"}';
    expect((await post(body, { "x-widget-signature": sign(body) })).status).toBe(400);
  });
});

describe("publicUrlOf", () => {
  it("is the configured public URL plus the request's query", () => {
    expect(publicUrlOf("/webhook/x/events?a=1&b=2", new URL("https://hooks.example.com/webhook/x/events"), "http://10.0.0.1:9001")).toBe(
      "https://hooks.example.com/webhook/x/events?a=1&b=2",
    );
    expect(publicUrlOf("/webhook/x/events", new URL("https://hooks.example.com/webhook/x/events?stale=1"), "http://h")).toBe(
      "https://hooks.example.com/webhook/x/events",
    );
  });

  it("falls back to the URL the request reached this server at", () => {
    expect(publicUrlOf("/webhook/x/events?a=1", undefined, "http://127.0.0.1:9001")).toBe("http://127.0.0.1:9001/webhook/x/events?a=1");
  });
});
