/**
 * What /readyz checks: credentials loaded and accepted, the platform's auth healthy (token refresh
 * working), agent authentication able to verify tokens, the data directory (inbox, checkpoints)
 * writable, and the definition's own dependencies. The platform API itself is never called: an outage upstream must
 * not take the pods out of rotation, the tools report it instead.
 */
import { accessSync, constants } from "node:fs";
import type { AgentAuth } from "./agent-auth/agent-auth.js";
import type { PlatformDefinition } from "./contract.js";
import type { RuntimeEnvironment } from "./environment.js";
import type { PlatformConnection } from "./platform-connection.js";
import type { ReadinessCheck } from "./surface/readiness.js";

export function readinessChecks(options: {
  readonly definition: PlatformDefinition<unknown>;
  readonly env: RuntimeEnvironment;
  readonly connection: PlatformConnection<unknown>;
  readonly agentAuth: AgentAuth;
}): ReadinessCheck[] {
  const { definition, env, connection, agentAuth } = options;
  const checks: ReadinessCheck[] = [
    {
      name: "credentials",
      run: () => (connection.configured ? [] : [connection.reason]),
    },
    {
      name: "agent authentication",
      run: () => optional(agentAuth.problem()),
    },
    {
      name: "data directory",
      run: () => {
        try {
          accessSync(env.dataDir, constants.W_OK);
          return [];
        } catch {
          return [`data directory ${env.dataDir} is not writable`];
        }
      },
    },
  ];
  if (connection.configured) {
    const { api, auth } = connection;
    checks.push({ name: "platform auth", run: () => optional(auth.problem?.()) });
    const readiness = definition.readiness;
    if (readiness) checks.push({ name: "platform dependencies", run: () => readiness.call(definition, api) });
  }
  return checks;
}

function optional(problem: string | undefined): string[] {
  return problem === undefined ? [] : [problem];
}
