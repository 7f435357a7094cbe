/**
 * The running local fleet's address book: `<data dir>/fleet-run.json`, written by `npm start` once
 * its servers are started and removed when it stops. It holds the memory server's ingest URL and the
 * ingest token generated for this run, so other commands on this machine (the sync CLI) can store
 * into the same memory server without anyone copying a token. The file is created with mode 0600 (it
 * holds a credential) and replaced atomically; a file left by a fleet that was killed is recognised
 * by its process id no longer running.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { REPO_ROOT } from "../fleet/load.js";

export const RUN_FILE_NAME = "fleet-run.json";

const runFileSchema = z.object({
  pid: z.number().int().positive(),
  startedAt: z.string(),
  gatewayUrl: z.string(),
  memory: z.object({ url: z.url(), ingestToken: z.string().min(1) }).optional(),
});

export type FleetRunInfo = z.infer<typeof runFileSchema>;

/** The local fleet's data directory: FLEET_DATA_DIR, else `.data` in the repository (npm start's default). */
export function localDataDir(env: NodeJS.ProcessEnv): string {
  const configured = env.FLEET_DATA_DIR?.trim();
  return path.resolve(configured ? configured : path.join(REPO_ROOT, ".data"));
}

export function runFilePath(dataDir: string): string {
  return path.join(dataDir, RUN_FILE_NAME);
}

export function writeRunFile(dataDir: string, info: FleetRunInfo): string {
  mkdirSync(dataDir, { recursive: true });
  const file = runFilePath(dataDir);
  // a fresh file (flag wx) gets mode 0600 from the start; renaming it over an older one keeps that mode
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  renameSync(temporary, file);
  return file;
}

/** Removes the file if this process wrote it (a newer fleet's file is left alone). */
export function removeRunFile(dataDir: string, pid = process.pid): void {
  const file = runFilePath(dataDir);
  try {
    const current = runFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (current.success && current.data.pid !== pid) return;
  } catch {
    return; // absent or unreadable: nothing of ours to remove
  }
  rmSync(file, { force: true });
}

export type RunFileLookup =
  | { readonly found: true; readonly file: string; readonly info: FleetRunInfo }
  | { readonly found: false; readonly file: string; readonly reason: string };

/** The running local fleet's details, or why there are none (no file, a dead fleet's file, a bad file). */
export function readRunFile(dataDir: string): RunFileLookup {
  const file = runFilePath(dataDir);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { found: false, file, reason: `no local fleet is running (${file} does not exist)` };
    return { found: false, file, reason: `${file} cannot be read: ${(error as Error).message}` };
  }
  let parsed;
  try {
    parsed = runFileSchema.safeParse(JSON.parse(text));
  } catch {
    return { found: false, file, reason: `${file} is not valid JSON` };
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { found: false, file, reason: `${file} is invalid at ${issue.path.join(".") || "(top level)"}: ${issue.message}` };
  }
  if (!isRunning(parsed.data.pid)) {
    return { found: false, file, reason: `${file} was left by a local fleet (pid ${parsed.data.pid}) that is no longer running` };
  }
  return { found: true, file, info: parsed.data };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
