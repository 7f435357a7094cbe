/** Input pieces the Figma tools share. */
import { z } from "zod";

/**
 * A file key, or a Figma file URL (figma.com/design/<key>/..., /file/<key>/..., /board/<key>/...,
 * branches included) from which the key is taken.
 */
export const fileKeySchema = z
  .string()
  .min(1)
  .transform((value) => {
    const match = /figma\.com\/(?:design|file|board|proto|slides)\/([A-Za-z0-9]+)(?:\/branch\/([A-Za-z0-9]+))?/.exec(value);
    return match ? (match[2] ?? match[1] ?? value) : value.trim();
  })
  .pipe(z.string().regex(/^[A-Za-z0-9]+$/, "a Figma file key (letters and digits) or a Figma file URL"))
  .describe("the file key (from figma.com/design/<key>/...) or the file's URL");

/** A node id as Figma writes it ("12:34"), or as it appears in URLs ("12-34"). */
export const nodeIdSchema = z
  .string()
  .regex(/^I?\d+[:-]\d+(;\d+[:-]\d+)*$/, 'a node id such as "12:34" (URLs write it "12-34")')
  .transform((value) => value.replace(/-/g, ":"))
  .describe('node id, e.g. "12:34" (the node-id in a Figma URL, "12-34", works too)');

export const TIER1_NOTE = "Costs one Tier 1 call (Figma allows only 10-20 a minute per user; the server paces its calls).";
export const TIER2_NOTE = "One Tier 2 call (25-100 a minute per user).";
