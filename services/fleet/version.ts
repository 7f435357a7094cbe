/**
 * The fleet's release, package.json `version`: the `app.kubernetes.io/version` label of every object
 * the Pulumi program declares. Read once from the repository's package.json, so the label and the
 * release can never disagree.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./load.js";

export const FLEET_VERSION = readVersion(path.join(REPO_ROOT, "package.json"));

function readVersion(file: string): string {
  const { version } = JSON.parse(readFileSync(file, "utf8")) as { version?: unknown };
  // a label value: at most 63 characters of [A-Za-z0-9._-], alphanumeric at both ends
  if (typeof version !== "string" || !/^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/.test(version)) {
    throw new Error(`${file}: "version" must be a label-safe version such as 1.2.3, got ${JSON.stringify(version)}`);
  }
  return version;
}
