/**
 * Unique fake secret values go in; none may appear in plaintext anywhere but inside the Secret
 * resources' stringData: not in other resources' inputs, not in the rest of the Secret, not in
 * stack or component outputs, not in logs, not in error messages.
 */
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StackCredentials } from "../../infra/credentials.js";
import { PreflightError } from "../../infra/preflight.js";
import { TYPES, isSecretValue, runFleet, valueOf } from "./harness.js";
import { allCanaries, canary, credentialsFrom, fullCredentialValues, shippedPlan } from "./fixtures.js";

let captured: string[] = [];
beforeEach(() => {
  captured = [];
  const capture = (...args: unknown[]): void => void captured.push(args.map((a) => (typeof a === "string" ? a : inspect(a, { depth: 20 }))).join(" "));
  for (const method of ["log", "info", "warn", "error", "debug"] as const) vi.spyOn(console, method).mockImplementation(capture);
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      captured.push(String(chunk));
      return true;
    });
  }
});
afterEach(() => vi.restoreAllMocks());

function leaks(text: string, canaries: readonly string[]): string[] {
  return canaries.filter((c) => text.includes(c));
}

describe("canary secrets", () => {
  it("appear only inside Secret stringData, marked secret, and nowhere else", async () => {
    const plan = shippedPlan();
    const values = fullCredentialValues(plan);
    // a variable slack does not know (a typo) is warned about by name
    values.slack!.SLACK_BOT_TOKN = canary("typo");
    values.slak = { SLACK_BOT_TOKEN: canary("typo-group") };
    const canaries = allCanaries(values);
    const credentials = credentialsFrom(values);
    const run = await runFleet({ plan, credentials });

    let insideSecrets = "";
    for (const resource of run.resources) {
      if (resource.type === TYPES.secret) {
        const { stringData, ...rest } = resource.inputs;
        expect(isSecretValue(stringData), resource.name).toBe(true);
        insideSecrets += JSON.stringify(stringData);
        expect(leaks(JSON.stringify(rest), canaries), `${resource.name} outside stringData`).toEqual([]);
      } else {
        expect(leaks(JSON.stringify(resource.inputs), canaries), `${resource.type} ${resource.name}`).toEqual([]);
      }
    }
    // the values did reach the Secrets (so the search above looked for the right strings)
    expect(leaks(insideSecrets, canaries).sort()).toEqual(canaries.filter((c) => !c.includes("-typo-")).sort());

    const componentOutputs = await Promise.all([
      ...run.program.servers.flatMap((s) => [valueOf(s.secretName), valueOf(s.workloadName), valueOf(s.serviceName)]),
      ...run.program.images.map((i) => valueOf(i.repoDigest)),
    ]);
    expect(leaks(JSON.stringify([run.program.endpoints, componentOutputs]), canaries)).toEqual([]);

    expect(captured.join("\n")).toContain("credentials.slack has variables slack does not use (typo?): SLACK_BOT_TOKN");
    expect(captured.join("\n")).toContain("credentials.slak is not a platform of the fleet catalog (typo?)");
    expect(leaks(captured.join("\n"), canaries)).toEqual([]);
    expect(leaks(inspect(credentials, { depth: 20 }) + JSON.stringify(credentials) + String(credentials), canaries)).toEqual([]);
  });

  it("never reach a preflight error", async () => {
    const plan = shippedPlan();
    const values = fullCredentialValues(plan);
    delete values.slack!.SLACK_BOT_TOKEN;
    const canaries = allCanaries(values);
    const error = await runFleet({ plan, credentials: credentialsFrom(values) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PreflightError);
    const text = `${(error as Error).message}\n${(error as Error).stack}\n${inspect(error, { depth: 20 })}`;
    expect(text).toContain("credentials.slack.SLACK_BOT_TOKEN");
    expect(leaks(text, canaries)).toEqual([]);
    expect(leaks(captured.join("\n"), canaries)).toEqual([]);
  });

  it.each([
    ["a value that is an object", (c: string) => JSON.stringify({ slack: { SLACK_BOT_TOKEN: { nested: c } } }), /credentials\.slack\.SLACK_BOT_TOKEN: expected a string/],
    ["a platform that is not an object", (c: string) => JSON.stringify({ slack: c }), /credentials\.slack: expected an object of variables/],
    ["a lowercase variable name", (c: string) => JSON.stringify({ slack: { slack_bot_token: c } }), /credentials\.slack\.slack_bot_token: variable names are UPPER_SNAKE_CASE/],
    ["text that is not JSON", (c: string) => `{"slack": {"SLACK_BOT_TOKEN": "${c}"`, /not valid JSON/],
  ])("never reach the error for malformed credentials: %s", (_case, raw, message) => {
    const secret = canary("malformed");
    let thrown: unknown;
    try {
      StackCredentials.parse(raw(secret));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toMatch(message);
    expect(`${(thrown as Error).message}${(thrown as Error).stack}${inspect(thrown, { depth: 20 })}`).not.toContain(secret);
  });
});
