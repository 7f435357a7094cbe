/** Figma under test: the shared platform harness over the Figma fake, with a small team seeded. */
import type { IntegrationSettings } from "../../../services/fleet/schema.js";
import type { Credentials } from "../../../services/runtime/contract.js";
import { definition } from "../../../services/platforms/figma/index.js";
import type { FigmaApi } from "../../../services/platforms/figma/api/index.js";
import { type FakeFile, FigmaFake } from "../../fakes/figma.js";
import { type PlatformHarness, type StartedFake, platformHarness } from "../../support/platform-harness.js";

export const TOKEN = "figd_test-token";
export const PASSCODE = "correct horse battery staple";
export const TEAM_ID = "1234567890";
export const SETTINGS: IntegrationSettings = { enabled: true, mcp_server_port: 9006, webhook_path: "/webhook/figma" };
export const NOW = new Date("2026-11-20T12:00:00.000Z");
export const CREDENTIALS: Credentials = { FIGMA_ACCESS_TOKEN: TOKEN, FIGMA_WEBHOOK_PASSCODE: PASSCODE, FIGMA_TEAM_ID: TEAM_ID };

export interface Harness extends PlatformHarness<FigmaApi>, StartedFake {
  readonly fake: FigmaFake;
  /** a file "Checkout flows" in project "Web app", with two pages, frames and a text layer */
  readonly file: FakeFile;
}

export function seedCheckoutFile(fake: FigmaFake): FakeFile {
  const project = fake.addProject("Web app");
  return fake.addFile(project.id, "Checkout flows", {
    key: "Fk3xA9checkout22keyAB",
    lastModified: "2026-11-19T09:30:00Z",
    pages: [
      {
        id: "0:1",
        name: "Cart",
        type: "CANVAS",
        children: [
          {
            id: "12:34",
            name: "Cart / desktop",
            type: "FRAME",
            absoluteBoundingBox: { x: 0, y: 0, width: 1440, height: 900 },
            children: [
              { id: "12:35", name: "Title", type: "TEXT", characters: "Your cart", absoluteBoundingBox: { x: 40, y: 40, width: 200, height: 32 } },
              { id: "12:36", name: "Pay button", type: "INSTANCE", absoluteBoundingBox: { x: 40, y: 800, width: 160, height: 48 } },
              { id: "12:37", name: "Product photo", type: "RECTANGLE", fills: [{ type: "IMAGE", imageRef: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678" }] },
            ],
          },
        ],
      },
      { id: "0:2", name: "Payment", type: "CANVAS", children: [{ id: "20:1", name: "Card form", type: "FRAME", children: [] }] },
    ],
  });
}

export async function startHarness(credentials: Credentials = CREDENTIALS): Promise<Harness> {
  const fake = await FigmaFake.start({ token: TOKEN, oauthToken: "figu_oauth-token" });
  const file = seedCheckoutFile(fake);
  const harness = platformHarness(definition, { baseUrl: fake.url, credentials, settings: SETTINGS, now: NOW });
  return { ...harness, fake, file, unexpectedRequests: () => fake.unexpected, close: () => fake.close() };
}

export function lastBody(fake: FigmaFake): unknown {
  const last = fake.requests.at(-1);
  return last === undefined || last.body === "" ? undefined : JSON.parse(last.body);
}
