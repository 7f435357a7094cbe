import { describe, expect, it } from "vitest";
import { createComment } from "../../../services/platforms/linear/tools/create-comment.js";
import { createIssue } from "../../../services/platforms/linear/tools/create-issue.js";
import { getIssue } from "../../../services/platforms/linear/tools/get-issue.js";
import { searchIssues } from "../../../services/platforms/linear/tools/search-issues.js";
import { updateIssue } from "../../../services/platforms/linear/tools/update-issue.js";
import { startedForEachTest } from "../../support/platform-harness.js";
import { API_KEY, type Harness, lastOperation, startHarness } from "./harness.js";

let h: Harness;
startedForEachTest(startHarness, (started) => (h = started));

function seedIssues() {
  const { ws, fake } = h;
  const checkoutBug = fake.addIssue({ teamId: ws.eng, title: "Checkout button does nothing on Safari", description: "Clicking pay on Safari 18 does nothing.\n\nSteps: ...", priority: 2, stateId: ws.states.inProgress, assigneeId: ws.ada, projectId: ws.checkout, labelIds: [ws.labels.bug] });
  const docs = fake.addIssue({ teamId: ws.eng, title: "Document the payment API", priority: 4, stateId: ws.states.todo, assigneeId: ws.grace });
  const ops = fake.addIssue({ teamId: ws.ops, title: "Rotate the payment provider keys", stateId: ws.states.opsTodo });
  const archived = fake.addIssue({ teamId: ws.eng, title: "Old checkout experiment", stateId: ws.states.canceled, archivedAt: "2026-10-01T00:00:00.000Z" });
  return { checkoutBug, docs, ops, archived };
}

describe("linear_search_issues", () => {
  it("sends one Issues query with the filters translated to Linear's IssueFilter", async () => {
    seedIssues();
    const result = await h.call(searchIssues, { query: "safari", team: "eng", stateTypes: ["started"], assignee: "ada@acme.test", label: "bug", limit: 5 });
    const request = h.fake.requests.at(-1);
    expect(request?.headers.authorization).toBe(API_KEY);
    expect(lastOperation(h.fake)).toEqual({
      name: "Issues",
      variables: {
        filter: {
          searchableContent: { contains: "safari" },
          team: { key: { eqIgnoreCase: "eng" } },
          state: { type: { in: ["started"] } },
          assignee: { email: { eqIgnoreCase: "ada@acme.test" } },
          labels: { some: { name: { eqIgnoreCase: "bug" } } },
        },
        first: 5,
        includeArchived: false,
        orderBy: "updatedAt",
      },
    });
    expect(result.issues).toEqual([
      {
        id: expect.any(String),
        identifier: "ENG-1",
        title: "Checkout button does nothing on Safari",
        state: "In Progress",
        stateType: "started",
        priority: "High",
        team: "ENG",
        assignee: "Ada Lovelace",
        project: "Checkout revamp",
        labels: ["Bug"],
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        url: "https://linear.app/acme/issue/eng-1",
        description: "Clicking pay on Safari 18 does nothing.\n\nSteps: ...",
      },
    ]);
    expect(result.nextCursor).toBeUndefined();
  });

  it("pages newest activity first with endCursor, and leaves archived issues out unless asked", async () => {
    const seeded = seedIssues();
    const first = await h.call(searchIssues, { limit: 2 });
    expect(first.issues.map((i) => i.identifier)).toEqual(["OPS-1", "ENG-2"]);
    expect(first.nextCursor).toBeDefined();
    const second = await h.call(searchIssues, { limit: 2, after: first.nextCursor });
    expect(lastOperation(h.fake).variables.after).toBe(first.nextCursor);
    expect(second.issues.map((i) => i.identifier)).toEqual(["ENG-1"]);
    expect(second.nextCursor).toBeUndefined();

    const withArchived = await h.call(searchIssues, { includeArchived: true, query: "experiment" });
    expect(withArchived.issues).toMatchObject([{ identifier: h.fake.identifier(seeded.archived), archived: true, stateType: "canceled" }]);
  });

  it('finds the key owner\'s issues with assignee "me" and filters by priority and update time', async () => {
    seedIssues();
    const mine = await h.call(searchIssues, { assignee: "me", priority: 2, updatedAfter: "2026-01-01T00:00:00Z" });
    expect(lastOperation(h.fake).variables.filter).toEqual({
      assignee: { isMe: { eq: true } },
      priority: { eq: 2 },
      updatedAt: { gt: "2026-01-01T00:00:00Z" },
    });
    expect(mine.issues.map((i) => i.identifier)).toEqual(["ENG-1"]);
  });

  it("repeats the Issues query after a 502 from Linear (a query is a read) and answers", async () => {
    seedIssues();
    h.fake.failNext({ status: 502, body: "<html>bad gateway</html>" });
    const result = await h.call(searchIssues, { query: "safari" });
    expect(result.issues.map((i) => i.identifier)).toEqual(["ENG-1"]);
    expect(h.fake.requests.map((r) => [r.body.operationName, r.status])).toEqual([
      ["Issues", 502],
      ["Issues", 200],
    ]);
  });
});

describe("linear_get_issue", () => {
  it("returns the full issue with ids to act on and comments oldest first", async () => {
    const { checkoutBug } = seedIssues();
    h.fake.comments.push(
      { id: "c2", issueId: checkoutBug.id, body: "Reproduced on 18.1 too", userId: h.ws.grace, createdAt: "2026-11-02T10:00:00.000Z" },
      { id: "c1", issueId: checkoutBug.id, body: "Looking into it", userId: h.ws.ada, createdAt: "2026-11-02T09:00:00.000Z" },
    );
    const { issue } = await h.call(getIssue, { id: "eng-1" });
    expect(lastOperation(h.fake)).toEqual({ name: "Issue", variables: { id: "eng-1", comments: 20 } });
    expect(issue).toMatchObject({
      identifier: "ENG-1",
      stateId: h.ws.states.inProgress,
      teamId: h.ws.eng,
      assigneeId: h.ws.ada,
      projectId: h.ws.checkout,
      creator: "Ada Lovelace",
      comments: [
        { id: "c1", author: "Ada Lovelace", body: "Looking into it" },
        { id: "c2", author: "Grace Hopper", body: "Reproduced on 18.1 too" },
      ],
    });
  });

  it("maps Linear's entity-not-found error to a 400 UpstreamError with Linear's presentable message", async () => {
    const error = await h.call(getIssue, { id: "ENG-999" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "UpstreamError", status: 400, retryable: false, safeMessage: "Linear Issue: invalid input (Could not find referenced Issue.)" });
  });
});

describe("linear_create_issue", () => {
  it("creates in the given team with the optional fields as IssueCreateInput", async () => {
    const input = {
      teamId: h.ws.eng,
      title: "Retry failed card payments",
      description: "Use exponential backoff.",
      priority: 1,
      assigneeId: h.ws.grace,
      stateId: h.ws.states.todo,
      projectId: h.ws.checkout,
      labelIds: [h.ws.labels.feature],
      dueDate: "2026-12-01",
      estimate: 3,
    };
    const { issue } = await h.call(createIssue, input);
    // every field goes to Linear as given, and nothing else
    expect(lastOperation(h.fake)).toEqual({ name: "IssueCreate", variables: { input } });
    expect(issue).toMatchObject({ identifier: "ENG-1", state: "Todo", priority: "Urgent", assignee: "Grace Hopper", labels: ["Feature"], dueDate: "2026-12-01", estimate: 3 });
    expect(h.fake.issues).toHaveLength(1);
  });

  it("does not repeat the IssueCreate mutation after a 502 (Linear may have created the issue)", async () => {
    h.fake.failNext({ status: 502, body: "<html>bad gateway</html>" });
    const error = await h.call(createIssue, { teamId: h.ws.eng, title: "Only once" }).catch((caught: unknown) => caught);
    // not retryable for the agent either: the issue may exist already
    expect(error).toMatchObject({ name: "UpstreamError", status: 502, retryable: false, safeMessage: "Linear answered 502 for IssueCreate" });
    expect(h.fake.requests.map((r) => [r.body.operationName, r.status])).toEqual([["IssueCreate", 502]]);
  });

  it("refuses without a team when LINEAR_TEAM_ID is not set, before calling Linear", async () => {
    await expect(h.call(createIssue, { title: "No team" })).rejects.toMatchObject({ status: 400, safeMessage: expect.stringMatching(/LINEAR_TEAM_ID/) });
    expect(h.fake.requests).toHaveLength(0);
  });

  it("files in the LINEAR_TEAM_ID team when no team is given", async () => {
    // the fake's ids are deterministic, so the seeded Engineering team has the same id in a second fake
    const withDefault = await startHarness({ LINEAR_API_KEY: API_KEY, LINEAR_TEAM_ID: h.ws.eng });
    try {
      const { issue } = await withDefault.call(createIssue, { title: "Filed in the default team" });
      expect(lastOperation(withDefault.fake).variables.input).toEqual({ teamId: h.ws.eng, title: "Filed in the default team" });
      expect(issue.team).toBe("ENG");
      expect(withDefault.fake.unexpected).toEqual([]);
    } finally {
      await withDefault.close();
    }
  });
});

describe("linear_update_issue", () => {
  it("sends only the changed fields, null to unassign, and returns the issue as updated", async () => {
    const { checkoutBug } = seedIssues();
    const { issue } = await h.call(updateIssue, { id: "ENG-1", stateId: h.ws.states.done, assigneeId: null, priority: 3 });
    expect(lastOperation(h.fake)).toEqual({ name: "IssueUpdate", variables: { id: "ENG-1", input: { stateId: h.ws.states.done, assigneeId: null, priority: 3 } } });
    expect(issue).toMatchObject({ state: "Done", stateType: "completed", priority: "Medium", completedAt: expect.any(String) });
    expect(issue).not.toHaveProperty("assignee");
    expect(h.fake.issues.find((i) => i.id === checkoutBug.id)?.assigneeId).toBeNull();
  });

  it("refuses an update with nothing to change, and surfaces a state from another team as invalid input", async () => {
    seedIssues();
    await expect(h.call(updateIssue, { id: "ENG-1" })).rejects.toThrow(/at least one field/);
    const error = await h.call(updateIssue, { id: "ENG-1", stateId: h.ws.states.opsTodo }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400, safeMessage: "Linear IssueUpdate: invalid input (Could not find referenced workflow state.)" });
  });
});

describe("linear_create_comment", () => {
  it("comments on an issue by identifier", async () => {
    seedIssues();
    const comment = await h.call(createComment, { issueId: "ENG-2", body: "Draft is in the wiki." });
    expect(lastOperation(h.fake)).toEqual({ name: "CommentCreate", variables: { input: { issueId: "ENG-2", body: "Draft is in the wiki." } } });
    expect(comment).toMatchObject({ issue: "ENG-2", body: "Draft is in the wiki.", url: expect.stringContaining("linear.app") });
    expect(h.fake.comments).toHaveLength(1);
  });
});
