/**
 * A webhook server for the kill -9 test: node:http + WebhookIntake on DATA_DIR. `process` appends
 * each attempt's key to ATTEMPTS_FILE (every call, to count redundant processing) and stores the key
 * once in SINK_FILE (idempotent by key, like the memory sink). Prints "READY <port>" when listening.
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { Registry } from "prom-client";
import { WebhookIntake } from "../../../services/runtime/webhooks/intake.js";
import { testWebhookDefinition } from "./test-definition.js";

const { DATA_DIR, ATTEMPTS_FILE, SINK_FILE, TEST_WEBHOOK_SECRET } = process.env;
if (DATA_DIR === undefined || ATTEMPTS_FILE === undefined || SINK_FILE === undefined || TEST_WEBHOOK_SECRET === undefined) {
  throw new Error("DATA_DIR, ATTEMPTS_FILE, SINK_FILE and TEST_WEBHOOK_SECRET are required");
}

const stored = new Set(existsSync(SINK_FILE) ? readFileSync(SINK_FILE, "utf8").split("\n").filter(Boolean) : []);

const intake = new WebhookIntake({
  platform: "linear",
  definition: testWebhookDefinition,
  credentials: { TEST_WEBHOOK_SECRET },
  settings: { enabled: true, mcp_server_port: 9004 },
  dataDir: DATA_DIR,
  log: pino({ level: "silent" }),
  registry: new Registry(),
  process: async (event) => {
    appendFileSync(ATTEMPTS_FILE, `${event.dedupeKey}\n`);
    await new Promise((resolve) => setTimeout(resolve, 1)); // some work, so the kill can land mid-processing
    if (!stored.has(event.dedupeKey)) {
      appendFileSync(SINK_FILE, `${event.dedupeKey}\n`);
      stored.add(event.dedupeKey);
    }
  },
});

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    void (async () => {
      if (req.method === "GET" && req.url === "/depth") {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(intake.depth()));
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]));
      const answer = await intake.handle({
        method: req.method ?? "POST",
        url: req.url ?? "/",
        publicUrl: `http://127.0.0.1${req.url ?? "/"}`,
        headers,
        rawBody: Buffer.concat(chunks),
        receivedAt: new Date(),
      });
      const body = answer.body === undefined ? "" : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers }).end(body);
    })();
  });
});

intake.start();
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", () => {
  server.close();
  void intake.stop().then(() => process.exit(0));
});
