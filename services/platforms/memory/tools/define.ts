import { defineTool } from "../../../runtime/contract.js";
import type { MemoryApi } from "../api.js";

export const defineMemoryTool = defineTool<MemoryApi>();

/** Every memory tool only reads our own store: nothing changes, nothing outside is reached. */
export const READ_ONLY_CLOSED_WORLD = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;
