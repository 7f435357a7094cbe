/** The Vercel server under the fleet's shared server contract, with its API pointed at the Vercel fake. */
import { definition } from "../../../services/platforms/vercel/index.js";
import { VercelFake } from "../../fakes/vercel.js";
import { runPlatformContract } from "../../support/platform-harness.js";
import { TEAM_ID, TOKEN } from "./harness.js";

runPlatformContract(definition, {
  fake: () => VercelFake.start({ token: TOKEN, teamId: TEAM_ID }),
  env: { VERCEL_TOKEN: TOKEN, VERCEL_TEAM_ID: TEAM_ID, VERCEL_WEBHOOK_SECRET: "contract-webhook-secret" },
  ready: true,
});
