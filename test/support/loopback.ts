/**
 * Every fake in the tests is a real HTTP server on 127.0.0.1, on an ephemeral port so parallel
 * test files never collide. This is the one place that starts and stops them: closing also ends
 * idle keep-alive connections, which would otherwise hold `server.close()` open.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface LoopbackListener {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function listenOnLoopback(server: Server): Promise<LoopbackListener> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
