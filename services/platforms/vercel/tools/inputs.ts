/** Input pieces several Vercel tools share. */
import { z } from "zod";
import { UpstreamError } from "../../../runtime/contract.js";

export const limitInput = (defaultLimit: number, max = 100) => z.number().int().min(1).max(max).default(defaultLimit);

/** A project by id (prj_...) or name; tools that need one fall back to VERCEL_PROJECT_ID. */
export const projectInput = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .describe("project id (prj_...) or name; default: the server's configured project (VERCEL_PROJECT_ID)");

/** A deployment by id (dpl_...) or by its URL / hostname (acme-web-4fj2k.vercel.app). */
export const deploymentInput = z
  .string()
  .min(1)
  .max(300)
  .describe("deployment id (dpl_...) or its URL, e.g. acme-web-4fj2k.vercel.app");

/** `nextCursor` of a list answered newest first: pass it back as `until` for the next (older) page. */
export const untilInput = z.number().int().nonnegative().optional().describe("`nextCursor` of the previous page");

/** The id or hostname Vercel's paths take: a pasted https:// URL loses its scheme and path. */
export function deploymentRef(value: string): string {
  const trimmed = value.trim();
  if (!/^https?:\/\//i.test(trimmed)) return trimmed.replace(/\/.*$/, "");
  return new URL(trimmed).host;
}

/** The project a tool acts on: the input, else the configured default, else a clear error. */
export function projectOf(input: string | undefined, fallback: string | undefined): string {
  const project = input ?? fallback;
  if (project === undefined) {
    throw new UpstreamError("vercel", 400, false, "no project given and VERCEL_PROJECT_ID is not set: pass project (id or name, see vercel_list_projects)");
  }
  return project;
}

/** A list's next page, when Vercel says there is one. */
export const nextCursorOf = (next: number | string | null | undefined): number | undefined => (typeof next === "number" ? next : undefined);
