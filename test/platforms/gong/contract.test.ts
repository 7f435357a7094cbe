/** The Gong server under the fleet's shared server contract (health, readiness, metrics, tools, auth, webhook rejection). */
import { generateKeyPairSync } from "node:crypto";
import { definition } from "../../../services/platforms/gong/index.js";
import { runPlatformContract } from "../../support/platform-harness.js";

// a real public key, so the server verifies (and rejects) webhooks with a key it can load
const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

runPlatformContract(definition, {
  env: { GONG_WEBHOOK_JWT_PUBLIC_KEY: publicKey.export({ type: "spki", format: "der" }).toString("base64") },
});
