/** The contact fields create and update take, in our names and Apollo's. */
import { z } from "zod";
import { defined } from "./shared.js";

export const contactFields = {
  firstName: z.string().min(1).max(100).optional(),
  lastName: z.string().min(1).max(100).optional(),
  email: z.string().email().optional(),
  title: z.string().min(1).max(200).optional(),
  organizationName: z.string().min(1).max(200).optional().describe("employer name"),
  accountId: z.string().min(1).optional().describe("the Apollo account (company) to attach the contact to"),
  websiteUrl: z.string().url().optional().describe("employer website"),
  location: z.string().min(1).max(200).optional().describe('where the person is, e.g. "Atlanta, United States"'),
  directPhone: z.string().min(3).max(40).optional(),
  mobilePhone: z.string().min(3).max(40).optional(),
  labelNames: z.array(z.string().min(1)).min(1).max(20).optional().describe("lists to add the contact to (created if missing)"),
};

type ContactFieldInput = { [K in keyof typeof contactFields]?: z.infer<(typeof contactFields)[K]> };

export function toApolloContactFields(input: ContactFieldInput): Record<string, string | readonly string[]> {
  return defined({
    first_name: input.firstName,
    last_name: input.lastName,
    email: input.email,
    title: input.title,
    organization_name: input.organizationName,
    account_id: input.accountId,
    website_url: input.websiteUrl,
    present_raw_address: input.location,
    direct_phone: input.directPhone,
    mobile_phone: input.mobilePhone,
    label_names: input.labelNames,
  }) as Record<string, string | readonly string[]>;
}

export const accountFields = {
  name: z.string().min(1).max(200).optional(),
  domain: z.string().min(3).max(253).regex(/^(?!https?:)[^\s/@]+\.[^\s/@]+$/, "a bare domain such as acme.com").optional(),
  phone: z.string().min(3).max(40).optional(),
  address: z.string().min(1).max(300).optional().describe("headquarters address"),
  ownerId: z.string().min(1).optional().describe("Apollo user id of the account owner"),
  stageId: z.string().min(1).optional().describe("account stage id"),
};

type AccountFieldInput = { [K in keyof typeof accountFields]?: z.infer<(typeof accountFields)[K]> };

export function toApolloAccountFields(input: AccountFieldInput): Record<string, string> {
  return defined({
    name: input.name,
    domain: input.domain,
    phone: input.phone,
    raw_address: input.address,
    owner_id: input.ownerId,
    account_stage_id: input.stageId,
  }) as Record<string, string>;
}
