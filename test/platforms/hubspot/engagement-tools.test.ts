import { describe, expect, it } from "vitest";
import { AssociationTypes } from "@hubspot/api-client";
import { ENGAGEMENT_ASSOCIATION_TYPE_IDS } from "../../../services/platforms/hubspot/types/objects.js";
import { createNote } from "../../../services/platforms/hubspot/tools/create-note.js";
import { createTask } from "../../../services/platforms/hubspot/tools/create-task.js";
import { listOwners } from "../../../services/platforms/hubspot/tools/list-owners.js";
import { listPipelines } from "../../../services/platforms/hubspot/tools/list-pipelines.js";
import { startedForEachTest } from "../../support/platform-harness.js";
import { type Harness, NOW, lastBody, startHarness } from "./harness.js";

let h: Harness;
startedForEachTest(startHarness, (started) => (h = started));

describe("engagement association type ids", () => {
  it("match the SDK's AssociationTypes enum", () => {
    expect(ENGAGEMENT_ASSOCIATION_TYPE_IDS).toEqual({
      notes: {
        contacts: AssociationTypes.noteToContact,
        companies: AssociationTypes.noteToCompany,
        deals: AssociationTypes.noteToDeal,
        tickets: AssociationTypes.noteToTicket,
      },
      tasks: {
        contacts: AssociationTypes.taskToContact,
        companies: AssociationTypes.taskToCompany,
        deals: AssociationTypes.taskToDeal,
        tickets: AssociationTypes.taskToTicket,
      },
    });
  });
});

describe("hubspot_create_note", () => {
  it("creates a note associated inline with the record, stamped now by default", async () => {
    const contact = h.fake.addObject("contacts", { firstname: "Ada" });
    const result = await h.call(createNote, { objectType: "contacts", objectId: contact.id, body: "Called: wants a demo", ownerId: "17" });
    expect(h.fake.requests.at(-1)?.path).toBe("/crm/v3/objects/notes");
    expect(lastBody(h.fake)).toEqual({
      properties: { hs_note_body: "Called: wants a demo", hs_timestamp: NOW.toISOString(), hubspot_owner_id: "17" },
      associations: [{ to: { id: contact.id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 202 }] }],
    });
    expect(result).toEqual({ id: expect.any(String), timestamp: NOW.toISOString(), associatedWith: { objectType: "contacts", id: contact.id } });
    expect(h.fake.associations).toContainEqual(expect.objectContaining({ fromType: "notes", fromId: result.id, toType: "contacts", toId: contact.id, typeId: 202 }));
  });
});

describe("hubspot_create_task", () => {
  it("creates a NOT_STARTED task with subject, due time, priority and the deal association", async () => {
    const deal = h.fake.addObject("deals", { dealname: "Renewal" });
    const result = await h.call(createTask, {
      objectType: "deals",
      objectId: deal.id,
      subject: "Send the renewal quote",
      dueAt: "2026-12-01T09:00:00Z",
      priority: "HIGH",
      taskType: "EMAIL",
    });
    expect(lastBody(h.fake)).toEqual({
      properties: {
        hs_task_subject: "Send the renewal quote",
        hs_timestamp: "2026-12-01T09:00:00Z",
        hs_task_status: "NOT_STARTED",
        hs_task_type: "EMAIL",
        hs_task_priority: "HIGH",
      },
      associations: [{ to: { id: deal.id }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 216 }] }],
    });
    expect(result).toMatchObject({ subject: "Send the renewal quote", dueAt: "2026-12-01T09:00:00Z", status: "NOT_STARTED" });
  });
});

describe("hubspot_list_owners", () => {
  it("pages through owners and filters by email", async () => {
    h.fake.owners = [
      { id: "1", email: "ada@acme.test", firstName: "Ada", lastName: "Lovelace", userId: 11, archived: false },
      { id: "2", email: "grace@acme.test", firstName: "Grace", lastName: "Hopper", userId: 12, archived: false },
      { id: "3", email: "old@acme.test", firstName: "Old", lastName: "Timer", userId: 13, archived: true },
    ];
    const first = await h.call(listOwners, { limit: 1 });
    expect(h.fake.requests.at(-1)?.query.get("archived")).toBe("false");
    expect(first.owners).toEqual([{ id: "1", name: "Ada Lovelace", email: "ada@acme.test", userId: 11, teams: ["Sales"] }]);
    expect(first.nextCursor).toBe("1");
    const second = await h.call(listOwners, { limit: 1, after: first.nextCursor });
    expect(second.owners.map((o) => o.id)).toEqual(["2"]);
    expect(second.nextCursor).toBeUndefined();

    const byEmail = await h.call(listOwners, { email: "grace@acme.test" });
    expect(h.fake.requests.at(-1)?.query.get("email")).toBe("grace@acme.test");
    expect(byEmail.owners.map((o) => o.name)).toEqual(["Grace Hopper"]);
  });
});

describe("hubspot_list_pipelines", () => {
  it("orders pipelines and stages, reads probability and closed flags, and hides archived ones", async () => {
    h.fake.pipelines.deals = [
      {
        id: "enterprise",
        label: "Enterprise",
        displayOrder: 1,
        archived: false,
        createdAt: "2025-01-01T00:00:00Z",
        updatedAt: "2025-01-01T00:00:00Z",
        stages: [{ id: "e1", label: "Qualified", displayOrder: 0, archived: false, metadata: { probability: "0.2", isClosed: "false" } }],
      },
      {
        id: "default",
        label: "Sales Pipeline",
        displayOrder: 0,
        archived: false,
        stages: [
          { id: "closedwon", label: "Closed won", displayOrder: 5, archived: false, metadata: { probability: "1.0", isClosed: "true" } },
          { id: "appointmentscheduled", label: "Appointment scheduled", displayOrder: 0, archived: false, metadata: { probability: "0.2", isClosed: "false" } },
          { id: "legacy", label: "Legacy", displayOrder: 3, archived: true, metadata: {} },
        ],
      },
      { id: "old", label: "Old", displayOrder: 2, archived: true, stages: [] },
    ];
    const { pipelines } = await h.call(listPipelines, { objectType: "deals" });
    expect(h.fake.requests.at(-1)?.path).toBe("/crm/v3/pipelines/deals");
    expect(pipelines).toEqual([
      {
        id: "default",
        label: "Sales Pipeline",
        stages: [
          { id: "appointmentscheduled", label: "Appointment scheduled", probability: 0.2, isClosed: false },
          { id: "closedwon", label: "Closed won", probability: 1, isClosed: true },
        ],
      },
      { id: "enterprise", label: "Enterprise", stages: [{ id: "e1", label: "Qualified", probability: 0.2, isClosed: false }] },
    ]);
  });

  it("reads ticket stage states", async () => {
    h.fake.pipelines.tickets = [
      {
        id: "0",
        label: "Support",
        displayOrder: 0,
        stages: [
          { id: "1", label: "New", displayOrder: 0, metadata: { ticketState: "OPEN" } },
          { id: "4", label: "Closed", displayOrder: 1, metadata: { ticketState: "CLOSED" } },
        ],
      },
    ];
    const { pipelines } = await h.call(listPipelines, { objectType: "tickets" });
    expect(pipelines[0]?.stages).toEqual([
      { id: "1", label: "New", isClosed: false },
      { id: "4", label: "Closed", isClosed: true },
    ]);
  });
});
