/**
 * What our Gong tools and memory records hand out: small, named for a reader. The `to*` functions
 * map parsed Gong responses (types/raw.ts) onto these shapes; empty fields are left out.
 */
import { z } from "zod";
import type { RawCallData, RawCallMetaData, RawParty } from "./raw.js";

export const callOutput = z.object({
  id: z.string(),
  title: z.string(),
  url: z.string().optional().describe("the call's page in Gong"),
  started: z.string().optional().describe("ISO 8601"),
  scheduled: z.string().optional(),
  durationMinutes: z.number().optional(),
  direction: z.string().optional().describe("Inbound, Outbound, Conference or Unknown"),
  scope: z.string().optional().describe("Internal, External or Unknown"),
  system: z.string().optional().describe("where it was recorded, e.g. Zoom"),
  primaryUserId: z.string().optional().describe("Gong user id of the host"),
  workspaceId: z.string().optional(),
  language: z.string().optional(),
  purpose: z.string().optional(),
});
export type GongCall = z.infer<typeof callOutput>;

export const participantOutput = z.object({
  name: z.string().optional(),
  email: z.string().optional(),
  title: z.string().optional(),
  affiliation: z.string().optional().describe("Internal (our company), External or Unknown"),
  speakerId: z.string().optional(),
  userId: z.string().optional(),
});
export type GongParticipant = z.infer<typeof participantOutput>;

export const callDetailsOutput = callOutput.extend({
  participants: z.array(participantOutput),
  brief: z.string().optional().describe("Gong's AI summary of the call"),
  keyPoints: z.array(z.string()).optional(),
  outcome: z.string().optional(),
  topics: z.array(z.object({ name: z.string(), minutes: z.number() })).optional(),
  trackers: z.array(z.object({ name: z.string(), count: z.number() })).optional(),
  highlights: z.array(z.string()).optional(),
  crm: z
    .array(z.object({ system: z.string(), objectType: z.string(), objectId: z.string(), name: z.string().optional() }))
    .optional()
    .describe("CRM records linked to the call (accounts, opportunities)"),
});
export type GongCallDetails = z.infer<typeof callDetailsOutput>;

const minutes = (seconds: number) => Math.round((seconds / 60) * 10) / 10;

export function toCall(raw: RawCallMetaData): GongCall {
  return {
    id: raw.id,
    title: raw.title ?? "(untitled call)",
    ...(raw.url !== undefined && { url: raw.url }),
    ...(raw.started !== undefined && { started: raw.started }),
    ...(raw.scheduled !== undefined && { scheduled: raw.scheduled }),
    ...(raw.duration !== undefined && { durationMinutes: minutes(raw.duration) }),
    ...(raw.direction !== undefined && { direction: raw.direction }),
    ...(raw.scope !== undefined && { scope: raw.scope }),
    ...(raw.system !== undefined && { system: raw.system }),
    ...(raw.primaryUserId !== undefined && { primaryUserId: raw.primaryUserId }),
    ...(raw.workspaceId !== undefined && { workspaceId: raw.workspaceId }),
    ...(raw.language !== undefined && { language: raw.language }),
    ...(raw.purpose !== undefined && { purpose: raw.purpose }),
  };
}

export function toParticipant(raw: RawParty): GongParticipant {
  return {
    ...(raw.name !== undefined && { name: raw.name }),
    ...(raw.emailAddress !== undefined && { email: raw.emailAddress }),
    ...(raw.title !== undefined && { title: raw.title }),
    ...(raw.affiliation !== undefined && { affiliation: raw.affiliation }),
    ...(raw.speakerId !== undefined && { speakerId: raw.speakerId }),
    ...(raw.userId !== undefined && { userId: raw.userId }),
  };
}

const present = <T>(values: readonly (T | undefined)[]): T[] => values.filter((v): v is T => v !== undefined && v !== "");
const nonEmpty = <T>(values: T[]): T[] | undefined => (values.length > 0 ? values : undefined);

export function toCallDetails(raw: RawCallData): GongCallDetails {
  const content = raw.content ?? undefined;
  const keyPoints = nonEmpty(present((content?.keyPoints ?? []).map((k) => k.text)));
  const topics = nonEmpty(
    (content?.topics ?? [])
      .filter((t) => t.name && (t.duration ?? 0) > 0)
      .map((t) => ({ name: t.name ?? "", minutes: minutes(t.duration ?? 0) })),
  );
  const trackers = nonEmpty(
    (content?.trackers ?? [])
      .filter((t) => t.name && (t.count ?? 0) > 0)
      .map((t) => ({ name: t.name ?? "", count: t.count ?? 0 })),
  );
  const highlights = nonEmpty(
    present((content?.highlights ?? []).flatMap((section) => (section.items ?? []).map((item) => item.text))),
  );
  const crm = nonEmpty(
    (raw.context ?? []).flatMap((ctx) =>
      (ctx.objects ?? [])
        .filter((o) => o.objectType && o.objectId)
        .map((o) => {
          const name = o.fields?.find((f) => f.name === "Name")?.value;
          return {
            system: ctx.system ?? "CRM",
            objectType: o.objectType ?? "",
            objectId: o.objectId ?? "",
            ...(typeof name === "string" && { name }),
          };
        }),
    ),
  );
  const outcome = content?.callOutcome?.name;
  return {
    ...toCall(raw.metaData),
    participants: (raw.parties ?? []).map(toParticipant),
    ...(content?.brief && { brief: content.brief }),
    ...(keyPoints && { keyPoints }),
    ...(outcome && { outcome }),
    ...(topics && { topics }),
    ...(trackers && { trackers }),
    ...(highlights && { highlights }),
    ...(crm && { crm }),
  };
}
