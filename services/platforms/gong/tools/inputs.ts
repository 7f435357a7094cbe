import { z } from "zod";

export const isoInstant = z.iso.datetime({ offset: true });
export const callId = z.string().regex(/^\d{1,20}$/, "a Gong call id: up to 20 digits");
export const cursor = z.string().optional().describe("nextCursor from a previous call");
