/** The Slack server under the fleet's shared server contract (health, readiness, metrics, tools, auth, webhook rejection). */
import { definition } from "../../../services/platforms/slack/index.js";
import { runPlatformContract } from "../../support/platform-harness.js";

runPlatformContract(definition);
