/**
 * Registry credentials from stack config: one structured secret key, `registryCredentials`, shaped
 * `{ username, password, server? }` (server defaults to the host of the `registry` setting). The
 * stack's ESC environment supplies it as `pulumiConfig.registryCredentials`. Username and password
 * are wrapped with `pulumi.secret` as soon as they are parsed; errors name config paths, never
 * values. The program turns them into one kubernetes.io/dockerconfigjson Secret every pod pulls with.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

export const REGISTRY_CREDENTIALS_CONFIG_KEY = "registryCredentials";

const shape = z.strictObject({
  server: z.string().regex(/^[a-z0-9.-]+(:[0-9]+)?$/i, "must be a registry host such as ghcr.io or registry.example.com:5000").optional(),
  username: z.string().trim().min(1, "must not be empty"),
  password: z.string().trim().min(1, "must not be empty"),
});

export class RegistryCredentialsError extends pulumi.RunError {
  constructor(readonly problems: readonly string[]) {
    super(`stack config "${REGISTRY_CREDENTIALS_CONFIG_KEY}" is malformed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "RegistryCredentialsError";
  }
}

export interface RegistryCredentials {
  /** the registry host the credentials are for (not secret) */
  readonly server: string;
  readonly username: pulumi.Output<string>;
  readonly password: pulumi.Output<string>;
}

/** The host part of an image repository prefix: ghcr.io/acme/sophia → ghcr.io. */
export function registryHost(registry: string): string {
  return registry.split("/")[0]!;
}

/** `raw` is the config value as Pulumi hands structured config to the program (JSON); undefined: none set. */
export function parseRegistryCredentials(raw: string | undefined, registry: string): RegistryCredentials | undefined {
  if (raw === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new RegistryCredentialsError(["not valid JSON (the value is not shown: it holds secrets)"]);
  }
  const parsed = shape.safeParse(json);
  if (!parsed.success) {
    // messages name the key and the rule, never the input
    throw new RegistryCredentialsError(
      parsed.error.issues.map((issue) => {
        const where = [REGISTRY_CREDENTIALS_CONFIG_KEY, ...issue.path.map(String)].join(".");
        if (issue.code === "invalid_type") return `${where}: expected ${issue.path.length === 0 ? "an object { username, password, server? }" : "a string"}`;
        if (issue.code === "unrecognized_keys") return `${where}: unknown key(s) ${issue.keys.join(", ")} (known: server, username, password)`;
        return `${where}: ${issue.message}`;
      }),
    );
  }
  return {
    server: parsed.data.server ?? registryHost(registry),
    username: pulumi.secret(parsed.data.username),
    password: pulumi.secret(parsed.data.password),
  };
}

/** The `.dockerconfigjson` of a pull Secret, as a secret Output. */
export function dockerConfigJson(credentials: RegistryCredentials): pulumi.Output<string> {
  return pulumi.secret(
    pulumi.all([credentials.username, credentials.password]).apply(([username, password]) =>
      JSON.stringify({
        auths: { [credentials.server]: { username, password, auth: Buffer.from(`${username}:${password}`).toString("base64") } },
      }),
    ),
  );
}
