/**
 * Just enough of a Dockerfile interpreter to run images/Dockerfile's stages outside Docker: the
 * artifact test follows the file itself (COPY, RUN, ENV, ARG, WORKDIR, CMD), so a change to the
 * build steps is tested without anyone updating the test.
 */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export interface Stage {
  readonly name: string;
  readonly instructions: readonly Instruction[];
}

export function parseDockerfile(text: string): { readonly globalArgs: Record<string, string>; readonly stages: readonly Stage[] } {
  const logical: string[] = [];
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (pending === "" && (line === "" || line.startsWith("#"))) continue;
    if (line.startsWith("#")) continue;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = "";
  }
  const globalArgs: Record<string, string> = {};
  const stages: { name: string; instructions: Instruction[] }[] = [];
  for (const line of logical) {
    const space = line.search(/\s/);
    const keyword = line.slice(0, space).toUpperCase();
    const args = line.slice(space + 1).trim();
    if (keyword === "FROM") {
      const named = /\s+AS\s+(\S+)$/i.exec(args);
      stages.push({ name: named?.[1] ?? String(stages.length), instructions: [] });
    } else if (stages.length === 0) {
      if (keyword === "ARG") Object.assign(globalArgs, parseAssignments(args));
    } else {
      stages.at(-1)!.instructions.push({ keyword, args });
    }
  }
  return { globalArgs, stages };
}

/** `A=1 B="two words"` (ENV, ARG) */
export function parseAssignments(args: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const match of args.matchAll(/(\w+)(?:=("([^"]*)"|\S*))?/g)) {
    result[match[1]!] = match[3] ?? match[2] ?? "";
  }
  return result;
}

export function substitute(text: string, variables: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => variables[braced ?? bare ?? ""] ?? whole);
}
