/**
 * The fleet's platform names, and nothing else: what code needs that has to know every platform
 * without reading any platform's facts (the memory server's list of sources, the settings schema's
 * retention keys, the sync CLI's argument check). A server's bundle includes this module but no
 * other platform's facts, so editing one platform's facts.ts changes that server's image only;
 * this list changes only when a platform is added or removed.
 *
 * In the seed's order (its port matrix, the fleet endpoint on 9000 first), which the docs and
 * listings follow. catalog.ts gathers one facts file per name and checks at load that the two
 * lists agree (test/platforms/folder-shape.test.ts checks the folders).
 */
export const PLATFORM_NAMES = [
  "fleet_endpoint",
  "gong",
  "hubspot",
  "slack",
  "linear",
  "figma",
  "memory",
  "snowflake",
  "airbyte",
  "vercel",
  "lambda_labs",
  "portkey",
  "openrouter",
  "asana",
  "usergems",
  "apollo",
] as const;

export type PlatformName = (typeof PLATFORM_NAMES)[number];

const NAMES: ReadonlySet<string> = new Set(PLATFORM_NAMES);

export function isPlatformName(value: string): value is PlatformName {
  return NAMES.has(value);
}
