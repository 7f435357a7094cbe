/**
 * ESC environment names. Pulumi Cloud addresses an environment as `org/project/env`; stack files
 * and humans often leave out the organization (`project/env`, resolved in the stack's
 * organization) and environments created before ESC had projects live in the project "default"
 * (`env`). We never guess the organization from the token's user: a person's personal org and
 * the team org that owns the stack differ, and a wrong guess turns into a baffling 404. It comes
 * from the name itself, `--org`, or PULUMI_ORG.
 *
 * A name may pin a version, `project/env@42` or `project/env@stable` (a revision number or a
 * tag), as ESC imports allow.
 */

export interface EnvironmentRef {
  readonly org: string;
  readonly project: string;
  readonly env: string;
  /** revision number or tag; absent means the latest revision */
  readonly version?: string;
}

/** Projects of environments that predate ESC projects. */
export const LEGACY_PROJECT = "default";

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export class EnvironmentNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvironmentNameError";
  }
}

export function formatEnvironment(ref: EnvironmentRef): string {
  const name = `${ref.org}/${ref.project}/${ref.env}`;
  return ref.version === undefined ? name : `${name}@${ref.version}`;
}

/** Parses `org/project/env`, `project/env` or `env`; the short forms need a default organization. */
export function parseEnvironmentName(text: string, defaultOrg?: string): EnvironmentRef {
  const { name, version } = splitVersion(text.trim());
  const parts = name.split("/");
  const bad = parts.find((part) => !SEGMENT.test(part));
  if (parts.length > 3 || bad !== undefined || (version !== undefined && !SEGMENT.test(version))) {
    throw new EnvironmentNameError(
      `bad ESC environment name "${text.trim()}": expected org/project/env[@version] (letters, digits, ".", "_" or "-" in each part)`,
    );
  }
  const pinned = version === undefined ? {} : { version };
  if (parts.length === 3) {
    const [org, project, env] = parts as [string, string, string];
    return { org, project, env, ...pinned };
  }
  const org = defaultOrg?.trim();
  if (!org) {
    throw new EnvironmentNameError(
      `ESC environment "${name}" names no organization: write it as org/${parts.length === 2 ? name : `${LEGACY_PROJECT}/${name}`}, pass --org or set PULUMI_ORG`,
    );
  }
  if (!SEGMENT.test(org)) throw new EnvironmentNameError(`bad organization name "${org}"`);
  if (parts.length === 2) {
    const [project, env] = parts as [string, string];
    return { org, project, env, ...pinned };
  }
  return { org, project: LEGACY_PROJECT, env: parts[0] as string, ...pinned };
}

function splitVersion(text: string): { name: string; version?: string } {
  const at = text.lastIndexOf("@");
  return at < 0 ? { name: text } : { name: text.slice(0, at), version: text.slice(at + 1) };
}
