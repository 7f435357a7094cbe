import type { ToolDefinition } from "../../../runtime/contract.js";
import type { ApolloApi } from "../api/index.js";
import { addContactsToSequence } from "./add-contacts-to-sequence.js";
import { createAccount } from "./create-account.js";
import { createContact } from "./create-contact.js";
import { enrichOrganization } from "./enrich-organization.js";
import { getUsage } from "./get-usage.js";
import { listEmailAccounts } from "./list-email-accounts.js";
import { listSequences } from "./list-sequences.js";
import { matchPeople } from "./match-people.js";
import { searchAccounts } from "./search-accounts.js";
import { searchContacts } from "./search-contacts.js";
import { searchOrganizations } from "./search-organizations.js";
import { searchPeople } from "./search-people.js";
import { updateAccount } from "./update-account.js";
import { updateContact } from "./update-contact.js";

export const tools: readonly ToolDefinition<ApolloApi>[] = [
  searchPeople,
  searchOrganizations,
  matchPeople,
  enrichOrganization,
  searchContacts,
  createContact,
  updateContact,
  searchAccounts,
  createAccount,
  updateAccount,
  listSequences,
  addContactsToSequence,
  listEmailAccounts,
  getUsage,
];
