/** The Gong server under the fleet's shared server contract (health, readiness, metrics, tools, auth, webhook rejection). */
import { generateKeyPairSync } from "node:crypto";
import { definition } from "../../../services/platforms/gong/index.js";
import { startContractServer } from "../../contract/harness.js";
import { runServerContract } from "../../contract/suite.js";

// a real public key, so the server verifies (and rejects) webhooks with a key it can load
const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

runServerContract(
  "gong",
  () =>
    startContractServer(definition, {
      env: { GONG_WEBHOOK_JWT_PUBLIC_KEY: publicKey.export({ type: "spki", format: "der" }).toString("base64") },
    }),
  { platform: "gong", tools: definition.tools.map((t) => t.name) },
);
