/** chat.postMessage / chat.update / reactions.add: the write side */
import { UpstreamError } from "../../../runtime/contract.js";
import { chatPostMessageResponse, chatUpdateResponse, reactionsAddResponse } from "../types/raw.js";
import type { ChatPostMessageArguments, ChatUpdateArguments, ReactionsAddArguments } from "@slack/web-api";
import type { SlackCall } from "./call.js";

export interface PostMessageParams {
  readonly channel: string;
  readonly text: string;
  readonly threadTs?: string;
  /** also show a thread reply in the channel */
  readonly replyBroadcast?: boolean;
}

export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
}

export interface ChatApi {
  postMessage(params: PostMessageParams): Promise<PostedMessage>;
  update(params: { channel: string; ts: string; text: string }): Promise<PostedMessage>;
  /** adds an emoji reaction; reacting twice is not an error (already_reacted counts as done) */
  addReaction(params: { channel: string; ts: string; name: string }): Promise<{ alreadyReacted: boolean }>;
}

export function createChatApi(call: SlackCall): ChatApi {
  return {
    async postMessage({ channel, text, threadTs, replyBroadcast }) {
      const args =
        threadTs === undefined
          ? ({ channel, text } satisfies ChatPostMessageArguments)
          : ({ channel, text, thread_ts: threadTs, reply_broadcast: replyBroadcast ?? false } satisfies ChatPostMessageArguments);
      const response = await call.write("chat.postMessage", args, chatPostMessageResponse);
      return { channel: response.channel, ts: response.ts };
    },
    async update({ channel, ts, text }) {
      const args = { channel, ts, text } satisfies ChatUpdateArguments;
      const response = await call.write("chat.update", args, chatUpdateResponse);
      return { channel: response.channel, ts: response.ts };
    },
    async addReaction({ channel, ts, name }) {
      try {
        const args = { channel, timestamp: ts, name } satisfies ReactionsAddArguments;
        await call.write("reactions.add", args, reactionsAddResponse);
        return { alreadyReacted: false };
      } catch (error) {
        if (error instanceof UpstreamError && error.detail === "error=already_reacted") return { alreadyReacted: true };
        throw error;
      }
    },
  };
}
