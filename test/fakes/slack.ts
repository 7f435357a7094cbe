/**
 * A Slack Web API on loopback, declared on the fake toolkit (test/support/loopback.ts): a small
 * workspace (channels, members, messages, users) served with Slack's documented response shapes.
 * Read methods answer GET with query arguments, write methods answer POST with a JSON body (Slack
 * accepts both; anything else is answered 404 and listed in `unexpected()`). Tokens are checked per request the way Slack does it: HTTP 200 with
 * `{ ok: false, error: "invalid_auth" }`; search.messages wants the user token and answers a bot
 * token with `not_allowed_token_type`. Pagination uses `response_metadata.next_cursor`.
 * `historyPageCap` emulates the 15-message cap Slack puts on apps outside the Marketplace.
 */
import { type DeclaredFake, type FakeAnswer, type FakeRequest, type RecordedCall, recordedCall, startDeclared } from "../support/loopback.js";
import { type Fault, statusFaultAnswer } from "./upstream.js";

/** a request as the Slack tests read it: path and query together, the status it was answered */
export type RecordedRequest = RecordedCall;

export interface FakeSlackChannel {
  readonly id: string;
  readonly name: string;
  readonly isPrivate?: boolean;
  readonly isArchived?: boolean;
  readonly isMember: boolean;
  readonly topic?: string;
}

export interface FakeSlackMessage {
  ts: string;
  user?: string;
  text: string;
  thread_ts?: string;
  subtype?: string;
  reactions?: { name: string; users: string[]; count: number }[];
  edited?: { user: string; ts: string };
}

export interface FakeSlackUser {
  readonly id: string;
  readonly name: string;
  readonly realName: string;
  readonly email: string;
  readonly title?: string;
  readonly isBot?: boolean;
}

export interface SlackFakeOptions {
  readonly botToken: string;
  readonly userToken?: string;
  readonly botUserId?: string;
  readonly channels?: readonly FakeSlackChannel[];
  readonly users?: readonly FakeSlackUser[];
  /** channel id → messages (any order) */
  readonly messages?: Readonly<Record<string, readonly FakeSlackMessage[]>>;
  /** most messages one conversations.history call returns (Slack: 15 for non-Marketplace apps) */
  readonly historyPageCap?: number;
}

const READ_METHODS = [
  "conversations.list",
  "conversations.info",
  "conversations.history",
  "conversations.replies",
  "search.messages",
  "users.lookupByEmail",
  "users.info",
] as const;
const WRITE_METHODS = ["chat.postMessage", "chat.update", "reactions.add"] as const;

type Args = Record<string, unknown>;

export class SlackFake {
  readonly botUserId: string;
  readonly channels: FakeSlackChannel[];
  readonly users: FakeSlackUser[];
  readonly messages = new Map<string, FakeSlackMessage[]>();
  private clock = 1_712_000_000;

  private constructor(
    private readonly http: DeclaredFake,
    private readonly options: SlackFakeOptions,
  ) {
    this.botUserId = options.botUserId ?? "UBOT0001";
    this.channels = [...(options.channels ?? [])];
    this.users = [...(options.users ?? [])];
    for (const [channel, messages] of Object.entries(options.messages ?? {})) {
      this.messages.set(channel, messages.map((m) => ({ ...m })));
    }
  }

  static async start(options: SlackFakeOptions): Promise<SlackFake> {
    return startDeclared<SlackFake>(
      (self) => ({
        errorBody: (rejection) => ({ ok: false, error: rejection.code }),
        unknownRouteCode: "unknown_method",
        routes: [
          ...READ_METHODS.map((method) => ({ method: "GET", path: `/api/${method}`, handle: (r: FakeRequest) => self().answer(method, recordedCall(r), "query") })),
          ...WRITE_METHODS.map((method) => ({ method: "POST", path: `/api/${method}`, handle: (r: FakeRequest) => self().answer(method, recordedCall(r), "json") })),
        ],
      }),
      (http) => new SlackFake(http, options),
    );
  }

  /** the fake's origin */
  get url(): string {
    return this.http.url;
  }

  /** the Web API base URL, as the platform definition's baseUrl would be */
  get apiUrl(): string {
    return `${this.http.url}/api`;
  }

  get requests(): readonly RecordedRequest[] {
    return this.http.requests.map(recordedCall);
  }

  /** requests to a method, in order */
  calls(method: string): RecordedRequest[] {
    return this.requests.filter((r) => r.url.split("?")[0] === `/api/${method}`);
  }

  /** requests to a path or with an HTTP method Slack does not have: a test asserts there are none */
  unexpected(): string[] {
    return this.http.unexpected;
  }

  /** Answers the next calls of a Web API method with these statuses. */
  fail(method: string, ...faults: Fault[]): this {
    for (const fault of faults) this.http.failNext(statusFaultAnswer(fault), `/api/${method}`);
    return this;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private answer(method: string, request: RecordedRequest, encoding: "query" | "json"): FakeAnswer {
    const args = encoding === "query" ? queryArgs(request.url) : parseJsonBody(request);
    if (args === undefined) return slackError("invalid_json");
    if (encoding === "json" && !String(request.headers["content-type"] ?? "").startsWith("application/json")) {
      return slackError("invalid_form_data");
    }
    const token = String(request.headers.authorization ?? "").replace(/^Bearer /, "");
    if (method === "search.messages") {
      if (token === this.options.botToken) return slackError("not_allowed_token_type");
      if (token !== this.options.userToken) return slackError("invalid_auth");
    } else if (token !== this.options.botToken) {
      return slackError(token === "" ? "not_authed" : "invalid_auth");
    }
    switch (method) {
      case "conversations.list":
        return this.conversationsList(args);
      case "conversations.info":
        return this.withChannel(args, (channel) => ok({ channel: channelJson(channel) }));
      case "conversations.history":
        return this.withChannel(args, (channel) => this.history(channel, args));
      case "conversations.replies":
        return this.withChannel(args, (channel) => this.replies(channel, args));
      case "search.messages":
        return this.search(args);
      case "users.lookupByEmail": {
        const user = this.users.find((u) => u.email === args.email);
        return user === undefined ? slackError("users_not_found") : ok({ user: userJson(user) });
      }
      case "users.info": {
        const user = this.users.find((u) => u.id === args.user);
        return user === undefined ? slackError("user_not_found") : ok({ user: userJson(user) });
      }
      case "chat.postMessage":
        return this.withChannel(args, (channel) => this.post(channel, args));
      case "chat.update":
        return this.withChannel(args, (channel) => this.update(channel, args));
      case "reactions.add":
        return this.withChannel(args, (channel) => this.react(channel, args));
      default:
        return { status: 404, body: "unknown method" };
    }
  }

  private withChannel(args: Args, answer: (channel: FakeSlackChannel) => FakeAnswer): FakeAnswer {
    const channel = this.channels.find((c) => c.id === args.channel);
    if (channel === undefined) return slackError("channel_not_found");
    return answer(channel);
  }

  private conversationsList(args: Args): FakeAnswer {
    const types = String(args.types ?? "public_channel").split(",");
    const excludeArchived = args.exclude_archived === "true";
    const matching = this.channels.filter(
      (c) => types.includes(c.isPrivate ? "private_channel" : "public_channel") && !(excludeArchived && c.isArchived),
    );
    const { page, nextCursor } = paginate(matching, args);
    return ok({ channels: page.map(channelJson), response_metadata: { next_cursor: nextCursor } });
  }

  private history(channel: FakeSlackChannel, args: Args): FakeAnswer {
    if (!channel.isMember) return slackError("not_in_channel");
    const oldest = Number(args.oldest ?? 0);
    const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
    const inclusive = args.inclusive === "true";
    const topLevel = (this.messages.get(channel.id) ?? [])
      .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.subtype === "thread_broadcast")
      .filter((m) => {
        const ts = Number(m.ts);
        return inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
      })
      .sort((a, b) => Number(b.ts) - Number(a.ts));
    const limit = Math.min(Number(args.limit ?? 100), this.options.historyPageCap ?? Number.POSITIVE_INFINITY);
    const { page, nextCursor } = paginate(topLevel, { ...args, limit });
    return ok({ messages: page.map(messageJson), has_more: nextCursor !== "", response_metadata: { next_cursor: nextCursor } });
  }

  private replies(channel: FakeSlackChannel, args: Args): FakeAnswer {
    const thread = (this.messages.get(channel.id) ?? [])
      .filter((m) => m.ts === args.ts || m.thread_ts === args.ts)
      .sort((a, b) => Number(a.ts) - Number(b.ts));
    if (thread.length === 0) return slackError("thread_not_found");
    const { page, nextCursor } = paginate(thread, args);
    return ok({ messages: page.map(messageJson), has_more: nextCursor !== "", response_metadata: { next_cursor: nextCursor } });
  }

  private search(args: Args): FakeAnswer {
    const query = String(args.query ?? "").toLowerCase();
    const matches = [...this.messages.entries()].flatMap(([channelId, messages]) =>
      messages
        .filter((m) => m.text.toLowerCase().includes(query))
        .map((m) => {
          const channel = this.channels.find((c) => c.id === channelId);
          return {
            iid: `${channelId}-${m.ts}`,
            type: "message",
            ts: m.ts,
            text: m.text,
            user: m.user,
            username: this.users.find((u) => u.id === m.user)?.name,
            permalink: `https://fake.slack.com/archives/${channelId}/p${m.ts.replace(".", "")}`,
            channel: { id: channelId, name: channel?.name, is_private: channel?.isPrivate ?? false },
          };
        }),
    );
    const count = Number(args.count ?? 20);
    const page = Number(args.page ?? 1);
    const pages = Math.max(1, Math.ceil(matches.length / count));
    return ok({
      query: args.query,
      messages: {
        total: matches.length,
        matches: matches.slice((page - 1) * count, page * count),
        paging: { count, total: matches.length, page, pages },
        pagination: { total_count: matches.length, page, per_page: count, page_count: pages },
      },
    });
  }

  private nextTs(): string {
    this.clock += 1;
    return `${this.clock}.000100`;
  }

  private post(channel: FakeSlackChannel, args: Args): FakeAnswer {
    if (!channel.isMember) return slackError("not_in_channel");
    if (typeof args.text !== "string" || args.text === "") return slackError("no_text");
    const message: FakeSlackMessage = {
      ts: this.nextTs(),
      user: this.botUserId,
      text: args.text,
      ...(typeof args.thread_ts === "string" && { thread_ts: args.thread_ts }),
    };
    this.messages.set(channel.id, [...(this.messages.get(channel.id) ?? []), message]);
    return ok({ channel: channel.id, ts: message.ts, message: messageJson(message) });
  }

  private update(channel: FakeSlackChannel, args: Args): FakeAnswer {
    const message = this.messages.get(channel.id)?.find((m) => m.ts === args.ts);
    if (message === undefined) return slackError("message_not_found");
    if (message.user !== this.botUserId) return slackError("cant_update_message");
    message.text = String(args.text);
    message.edited = { user: this.botUserId, ts: this.nextTs() };
    return ok({ channel: channel.id, ts: message.ts, text: message.text });
  }

  private react(channel: FakeSlackChannel, args: Args): FakeAnswer {
    const message = this.messages.get(channel.id)?.find((m) => m.ts === args.timestamp);
    if (message === undefined) return slackError("message_not_found");
    const name = String(args.name);
    if (!/^[a-z0-9_+-]+$/.test(name)) return slackError("invalid_name");
    message.reactions ??= [];
    const reaction = message.reactions.find((r) => r.name === name);
    if (reaction?.users.includes(this.botUserId)) return slackError("already_reacted");
    if (reaction === undefined) message.reactions.push({ name, users: [this.botUserId], count: 1 });
    else {
      reaction.users.push(this.botUserId);
      reaction.count += 1;
    }
    return ok({});
  }
}

function ok(body: Record<string, unknown>): FakeAnswer {
  return { body: { ok: true, ...body } };
}

function slackError(error: string): FakeAnswer {
  return { body: { ok: false, error } };
}

function queryArgs(url: string): Args {
  return Object.fromEntries(new URL(url, "http://fake").searchParams.entries());
}

function parseJsonBody(request: RecordedRequest): Args | undefined {
  try {
    const parsed: unknown = JSON.parse(request.body);
    return parsed !== null && typeof parsed === "object" ? (parsed as Args) : undefined;
  } catch {
    return undefined;
  }
}

/** offset cursors, opaque to the client; Slack's next_cursor is "" on the last page */
function paginate<T>(items: readonly T[], args: Args): { page: T[]; nextCursor: string } {
  const limit = Number(args.limit ?? 100);
  const offset = typeof args.cursor === "string" && args.cursor !== "" ? Number(Buffer.from(args.cursor, "base64").toString().split(":")[1]) : 0;
  const page = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? Buffer.from(`offset:${offset + limit}`).toString("base64") : "";
  return { page, nextCursor: next };
}

function channelJson(c: FakeSlackChannel) {
  return {
    id: c.id,
    name: c.name,
    is_channel: !c.isPrivate,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: c.isPrivate ?? false,
    is_archived: c.isArchived ?? false,
    is_member: c.isMember,
    created: 1_700_000_000,
    num_members: 12,
    topic: { value: c.topic ?? "", creator: "", last_set: 0 },
    purpose: { value: "", creator: "", last_set: 0 },
  };
}

function messageJson(m: FakeSlackMessage) {
  return {
    type: "message",
    ts: m.ts,
    text: m.text,
    ...(m.user !== undefined && { user: m.user }),
    ...(m.subtype !== undefined && { subtype: m.subtype }),
    ...(m.thread_ts !== undefined && { thread_ts: m.thread_ts }),
    ...(m.edited !== undefined && { edited: m.edited }),
    ...(m.reactions !== undefined && { reactions: m.reactions }),
  };
}

function userJson(u: FakeSlackUser) {
  return {
    id: u.id,
    team_id: "T0001",
    name: u.name,
    deleted: false,
    real_name: u.realName,
    tz: "Europe/Berlin",
    is_admin: false,
    is_bot: u.isBot ?? false,
    profile: { real_name: u.realName, display_name: u.name, email: u.email, title: u.title ?? "" },
  };
}
