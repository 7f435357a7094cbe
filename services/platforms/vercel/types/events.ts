/**
 * Vercel webhook bodies (vercel.com/docs/webhooks/webhooks-api), parsed only after the signature
 * check passed: `{ id, type, createdAt, region, payload }`, `id` identifying the event, `createdAt`
 * in epoch ms. Deployment events carry ids, the deployment's URL and project name, and dashboard
 * links.
 */
import { z } from "zod";

const optionalString = z.string().nullish().transform((value) => value ?? undefined);
const idObject = z
  .object({ id: z.string().nullish().transform((value) => value ?? undefined) })
  .nullish()
  .transform((value) => value ?? undefined);

export const deploymentPayloadSchema = z.object({
  team: idObject,
  user: idObject,
  deployment: z.object({
    id: z.string(),
    url: optionalString,
    name: optionalString,
    meta: z.record(z.string(), z.string()).nullish().transform((value) => value ?? undefined),
  }),
  links: z
    .object({ deployment: optionalString, project: optionalString })
    .nullish()
    .transform((value) => value ?? undefined),
  target: optionalString,
  project: idObject,
  plan: optionalString,
  regions: z.array(z.string()).nullish().transform((value) => value ?? undefined),
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
