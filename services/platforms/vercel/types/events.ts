/**
 * Vercel webhook bodies (vercel.com/docs/webhooks/webhooks-api), parsed only after the signature
 * check passed: `{ id, type, createdAt, region, payload }`, `id` identifying the event, `createdAt`
 * in epoch ms. Deployment events carry ids, the deployment's URL and project name, and dashboard
 * links.
 */
import { z } from "zod";
import { nullAsAbsent } from "../../../runtime/http/absent.js";

const optionalString = nullAsAbsent(z.string());
const idObject = z
  .object({ id: nullAsAbsent(z.string()) })
  .nullish()
  .transform((value) => value ?? undefined);

export const deploymentPayloadSchema = z.object({
  team: idObject,
  user: idObject,
  deployment: z.object({
    id: z.string(),
    url: optionalString,
    name: optionalString,
    meta: nullAsAbsent(z.record(z.string(), z.string())),
  }),
  links: z
    .object({ deployment: optionalString, project: optionalString })
    .nullish()
    .transform((value) => value ?? undefined),
  target: optionalString,
  project: idObject,
  plan: optionalString,
  regions: nullAsAbsent(z.array(z.string())),
});
export type DeploymentPayload = z.infer<typeof deploymentPayloadSchema>;

export const webhookBodySchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  createdAt: z.number(),
  region: optionalString,
  payload: z.record(z.string(), z.unknown()),
});
export type RawWebhookBody = z.infer<typeof webhookBodySchema>;
