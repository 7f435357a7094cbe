/**
 * A client that never finishes its headers (slowloris) is answered 408 and disconnected by the
 * server's header timeout instead of holding a connection forever. Takes about as long as that
 * timeout (10 s); nothing here asserts a duration.
 */
import net from "node:net";
import { describe, expect, it } from "vitest";
import { startTestServer } from "./support.js";

describe("slow clients", () => {
  it("are answered 408 and disconnected when their headers never complete", async () => {
    const t = await startTestServer();
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        let received = "";
        const socket = net.connect(t.server.port, "127.0.0.1", () => socket.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n"));
        socket.on("data", (chunk: Buffer) => (received += chunk.toString("utf8")));
        socket.on("error", reject);
        socket.on("close", () => resolve(received));
      });
      expect(answer.split("\r\n")[0]).toBe("HTTP/1.1 408 Request Timeout");
    } finally {
      await t.stop();
    }
  });
});
