/**
 * The settings a platform team needs on a real cluster (issue 14): registry credentials from ESC
 * turned into one pull Secret, existing pull Secrets by name, an existing namespace, the image
 * platforms. Each under mocks, with the objects validated against the Kubernetes schemas.
 */
import { Secret } from "kubernetes-models/v1/Secret";
import { describe, expect, it } from "vitest";
import { parseRegistryCredentials, RegistryCredentialsError } from "../../infra/registry-credentials.js";
import { StackSettingsError, parseStackSettings } from "../../infra/stack-inputs.js";
import { TYPES, isSecretValue, kubernetesObjects, manifestOf, ofType, runFleet, valueOf, workloadOf } from "./harness.js";
import { canary, credentialsFrom, fullCredentialValues, shippedPlan } from "./fixtures.js";

type Json = Record<string, any>;

const podSpecs = (run: Awaited<ReturnType<typeof runFleet>>): Json[] =>
  run.resources.filter((r) => r.type === TYPES.deployment || r.type === TYPES.statefulSet).map((r) => (manifestOf(r) as Json).spec.template.spec);

describe("registry credentials", () => {
  it("become one dockerconfigjson Secret, marked secret, that every pod pulls with beside the named ones", async () => {
    const plan = shippedPlan({ registry: "ghcr.io/acme/sophia", imagePullSecrets: ["corp-mirror"] });
    const username = canary("registry-user");
    const password = canary("registry-password");
    const registryCredentials = parseRegistryCredentials(JSON.stringify({ username, password }), plan.settings.registry)!;
    const run = await runFleet({ plan, credentials: credentialsFrom(fullCredentialValues(plan)), registryCredentials });

    const pull = ofType(run, TYPES.secret).filter((r) => (manifestOf(r) as Json).type === "kubernetes.io/dockerconfigjson");
    expect(pull.map((r) => r.name)).toEqual(["registry-pull"]);
    const declared = pull[0]!;
    expect(isSecretValue(declared.inputs.stringData)).toBe(true);
    const manifest = manifestOf(declared) as Json;
    expect(() => new Secret(manifest as ConstructorParameters<typeof Secret>[0]).validate()).not.toThrow();
    expect(manifest.metadata).toMatchObject({ name: "sophia-mcp-registry", namespace: "sophia-mcp" });
    const config = JSON.parse(manifest.stringData[".dockerconfigjson"]) as Json;
    // the server is the registry setting's host; auth is base64(user:password), as docker login writes it
    expect(config).toEqual({ auths: { "ghcr.io": { username, password, auth: Buffer.from(`${username}:${password}`).toString("base64") } } });

    // nowhere else: not in another object's inputs (the image pushes aside, below), not in the rest
    // of the Secret, not in outputs
    const { stringData: _data, ...rest } = declared.inputs;
    const images = ofType(run, TYPES.image);
    for (const resource of run.resources.filter((r) => r !== declared && !images.includes(r))) {
      expect(JSON.stringify(resource.inputs), `${resource.type} ${resource.name}`).not.toContain(username);
      expect(JSON.stringify(resource.inputs), `${resource.type} ${resource.name}`).not.toContain(password);
    }
    expect(JSON.stringify(rest)).not.toContain(password);
    expect(JSON.stringify(run.program.endpoints)).not.toContain(password);

    const pods = podSpecs(run);
    expect(pods.length).toBe(plan.servers.length + plan.servers.filter((s) => s.syncRunner).length);
    for (const pod of pods) expect(pod.imagePullSecrets).toEqual([{ name: "corp-mirror" }, { name: "sophia-mcp-registry" }]);
    expect(await valueOf(run.program.pullSecret!.metadata.name)).toBe("sophia-mcp-registry");
  });

  it("log every image push in, with the password a secret value and nowhere else in the Image's inputs", async () => {
    const plan = shippedPlan({ registry: "registry.example.com:5000/acme/sophia" });
    const username = canary("registry-user");
    const password = canary("registry-password");
    const registryCredentials = parseRegistryCredentials(JSON.stringify({ username, password }), plan.settings.registry)!;
    const run = await runFleet({ plan, credentials: credentialsFrom(fullCredentialValues(plan)), registryCredentials });

    const images = ofType(run, TYPES.image);
    expect(images.map((r) => r.name).sort()).toEqual(plan.servers.map((s) => s.resourceName).sort());
    for (const image of images) {
      // what the engine receives: the registry input under a secret marker (the SDK marks the value
      // that holds a secret Output), so state holds it encrypted
      expect(isSecretValue(image.inputs.registry), image.name).toBe(true);
      expect(manifestOf(image).registry, image.name).toEqual({ server: "registry.example.com:5000", username, password });
      const { registry: _registry, ...rest } = image.inputs;
      expect(JSON.stringify(rest), image.name).not.toContain(password);
      expect(JSON.stringify(rest), image.name).not.toContain(username);
    }
    // and never in plaintext anywhere a resource's inputs are not marked secret
    const plain = (value: unknown): string[] =>
      isSecretValue(value) ? [] : Array.isArray(value) ? value.flatMap(plain) : value && typeof value === "object" ? Object.values(value).flatMap(plain) : [String(value)];
    for (const resource of run.resources) expect(plain(resource.inputs).join("\n"), `${resource.type} ${resource.name}`).not.toContain(password);
  });

  it("take an explicit server, and name the key, never the value, when malformed", () => {
    const secretValue = canary("registry-password");
    expect(parseRegistryCredentials(JSON.stringify({ server: "registry.example.com:5000", username: "u", password: secretValue }), "ghcr.io/acme")!.server).toBe(
      "registry.example.com:5000",
    );
    expect(parseRegistryCredentials(undefined, "ghcr.io/acme")).toBeUndefined();
    const problems = [
      [{ username: "u" }, /registryCredentials\.password: expected a string/],
      [{ username: "  ", password: secretValue }, /registryCredentials\.username: must not be empty/],
      [{ username: "u", password: secretValue, token: secretValue }, /registryCredentials: unknown key\(s\) token/],
      [{ server: "https://ghcr.io/", username: "u", password: secretValue }, /registryCredentials\.server: must be a registry host/],
    ] as const;
    for (const [value, message] of problems) {
      const error = (() => {
        try {
          parseRegistryCredentials(JSON.stringify(value), "ghcr.io/acme");
        } catch (e) {
          return e as Error;
        }
        throw new Error(`accepted ${Object.keys(value).join(", ")}`);
      })();
      expect(error).toBeInstanceOf(RegistryCredentialsError);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain(secretValue);
    }
    expect(() => parseRegistryCredentials(`{"password": "${secretValue}"`, "ghcr.io/acme")).toThrow(/not valid JSON/);
  });

  it("are optional: without them and without imagePullSecrets no pod names a pull Secret", async () => {
    const plan = shippedPlan();
    const run = await runFleet({ plan, credentials: credentialsFrom(fullCredentialValues(plan)) });
    expect(run.program.pullSecret).toBeUndefined();
    for (const pod of podSpecs(run)) expect(pod.imagePullSecrets).toBeUndefined();
    // the pushes then rely on the machine's own `docker login`
    for (const image of ofType(run, TYPES.image)) expect(image.inputs.registry, image.name).toBeUndefined();
  });
});

describe("an existing namespace", () => {
  it("is used as it is: no Namespace is declared, every object goes into it and the stack exports its name", async () => {
    const plan = shippedPlan({ namespace: "platform-mcp", createNamespace: false });
    const run = await runFleet({ plan, credentials: credentialsFrom(fullCredentialValues(plan)) });
    expect(ofType(run, TYPES.namespace)).toEqual([]);
    expect(run.program.namespace).toBeUndefined();
    expect(await valueOf(run.program.namespaceName)).toBe("platform-mcp");
    const objects = kubernetesObjects(run);
    expect(objects.length).toBeGreaterThan(80);
    for (const resource of objects) expect((manifestOf(resource) as Json).metadata.namespace, resource.name).toBe("platform-mcp");
  });

  it("is created (and kept on destroy) by default", async () => {
    const plan = shippedPlan({ namespace: "platform-mcp" });
    const run = await runFleet({ plan, credentials: credentialsFrom(fullCredentialValues(plan)) });
    expect(ofType(run, TYPES.namespace).map((r) => [r.name, r.retainOnDelete])).toEqual([["platform-mcp", true]]);
  });
});

describe("image platforms", () => {
  it("default to linux/amd64 and build for both when both are set", async () => {
    expect(parseStackSettings(undefined, "sophia-fleet:fleet").imagePlatforms).toEqual(["linux/amd64"]);
    const plan = shippedPlan({ imagePlatforms: ["linux/amd64", "linux/arm64"] });
    const run = await runFleet({ plan, credentials: credentialsFrom(fullCredentialValues(plan)) });
    const builds = ofType(run, TYPES.image).map((r) => (manifestOf(r) as Json).build.platform);
    expect(builds).toHaveLength(plan.servers.length);
    expect(new Set(builds)).toEqual(new Set(["linux/amd64,linux/arm64"]));
    // the pods still run the pushed digest
    expect((manifestOf(workloadOf(run, "mcp-slack")) as Json).spec.template.spec.containers[0].image).toMatch(/@sha256:/);
  });

  it("reject a platform the images are not built for, and a platform listed twice, by key", () => {
    expect(() => parseStackSettings(JSON.stringify({ imagePlatforms: ["linux/s390x"] }), "sophia-fleet:fleet")).toThrow(
      /sophia-fleet:fleet\.imagePlatforms\.0/,
    );
    expect(() => parseStackSettings(JSON.stringify({ imagePlatforms: ["linux/arm64", "linux/arm64"] }), "sophia-fleet:fleet")).toThrow(StackSettingsError);
    expect(() => parseStackSettings(JSON.stringify({ imagePullSecrets: ["Not A Name"] }), "sophia-fleet:fleet")).toThrow(/imagePullSecrets\.0/);
    expect(() => parseStackSettings(JSON.stringify({ createNamespace: "no" }), "sophia-fleet:fleet")).toThrow(/createNamespace/);
  });
});
