import { describe, expect, it } from "vitest";
import { addComment } from "../../../services/platforms/asana/tools/add-comment.js";
import { getTask } from "../../../services/platforms/asana/tools/get-task.js";
import { listWorkspaces } from "../../../services/platforms/asana/tools/list-workspaces.js";
import { closedAfterEachTest, upstreamErrorOf } from "../../support/platform-harness.js";
import { startHarness } from "./harness.js";

const startChecked = closedAfterEachTest(startHarness);
const tooMany = { status: 429, headers: { "retry-after": "3" }, body: { errors: [{ message: "You have made too many requests recently. Please, be chill." }] } };

describe("Asana errors", () => {
  it("waits out a 429's Retry-After in the runtime client, then answers", async () => {
    const h = await startChecked();
    h.fake.failNext(tooMany);
    const result = await h.call(listWorkspaces, {});
    expect(result.workspaces).toHaveLength(1);
    expect(h.fake.requests.map((r) => r.status)).toEqual([429, 200]);
    expect(Math.max(...h.waits)).toBeGreaterThanOrEqual(3_000);
  });

  it("reports a rejected token as a 401 that names no secret", async () => {
    const h = await startChecked({ ASANA_ACCESS_TOKEN: "2/wrong/token:revoked" });
    const error = await upstreamErrorOf(h.call(listWorkspaces, {}));
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(error.safeMessage).not.toContain("revoked");
    expect(h.fake.requests[0]?.headers.authorization).toBe("Bearer 2/wrong/token:revoked");
  });

  it("reports an unknown task as a 404 with the path's ids masked", async () => {
    const h = await startChecked();
    const error = await upstreamErrorOf(h.call(getTask, { task: "1299999999999999", subtasks: 0, stories: 0 }));
    expect(error).toMatchObject({ status: 404, retryable: false, safeMessage: "Asana answered 404 Not Found for GET /api/1.0/tasks/{id}" });
  });

  it("does not retry a comment after a 500: it may have been posted", async () => {
    const h = await startChecked();
    h.fake.failNext({ status: 500, body: { errors: [{ message: "Server Error", phrase: "6 sad squid snuggle softly" }] } });
    const error = await upstreamErrorOf(h.call(addComment, { task: h.ws.tasks.copy, text: "Once only" }));
    expect(error.status).toBe(500);
    expect(h.fake.requests).toHaveLength(1);
  });

  it("turns a response that is not Asana's shape into a typed error, not a crash", async () => {
    const h = await startChecked();
    h.fake.failNext({ status: 200, body: { data: [{ gid: 42 }] } });
    const error = await upstreamErrorOf(h.call(listWorkspaces, {}));
    expect(error.retryable).toBe(false);
    expect(h.fake.requests).toHaveLength(1);
  });
});
