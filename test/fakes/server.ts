/** A local HTTP server on a free port, for the fakes of outside services. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sleep } from "../../functions/src/common/time.js";

export interface FakeServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Starts `handler` on `port` of 127.0.0.1 (0: a free port). */
export async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>, port = 0): Promise<FakeServer> {
  const server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } });
      else res.end();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Behaviour shared by the fakes: scripted failures, latency and what clients sent. */
export class FakeControls<Call> {
  readonly calls: Call[] = [];
  /** Latency before every answer. */
  delayMs = 0;
  /** Delay between two streamed chunks. */
  chunkDelayMs = 0;
  /** Streams whose client went away before the last chunk. */
  abortedStreams = 0;
  /** Streams that ran to the end. */
  completedStreams = 0;
  /** Requests whose client hung up before the answer was complete (an abort or a timeout). */
  disconnectedRequests = 0;
  private failures: Array<{ status: number; message: string }> = [];
  private holds: Array<Promise<void>> = [];
  private releases: Array<() => void> = [];

  /** The next `count` calls fail with HTTP `status`. */
  failNext(count = 1, status = 500, message = "The fake provider failed on purpose."): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, message });
  }

  /** Counts `res` in disconnectedRequests if its client goes away before the answer ends. */
  trackDisconnect(res: ServerResponse): void {
    res.on("close", () => {
      if (!res.writableFinished) this.disconnectedRequests += 1;
    });
  }

  /**
   * Holds the answers to the next `count` calls until the returned function is called, so that a
   * test keeps a call running for exactly as long as it needs instead of waiting out a delay.
   */
  holdNext(count = 1): () => void {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    for (let i = 0; i < count; i++) this.holds.push(gate);
    this.releases.push(release);
    return release;
  }

  /** Awaited by a fake before it answers a call: `delayMs`, then the call's hold, if any. */
  async beforeAnswer(): Promise<void> {
    if (this.delayMs) await sleep(this.delayMs);
    const hold = this.holds.shift();
    if (hold) await hold;
  }

  takeFailure(): { status: number; message: string } | undefined {
    return this.failures.shift();
  }

  resetControls(): void {
    this.calls.length = 0;
    this.delayMs = 0;
    this.chunkDelayMs = 0;
    this.abortedStreams = 0;
    this.completedStreams = 0;
    this.disconnectedRequests = 0;
    this.failures = [];
    for (const release of this.releases) release();
    this.holds = [];
    this.releases = [];
  }
}

/** Writes SSE events, pausing `delayMs` between them; counts a client that leaves early. */
export async function streamEvents(
  res: ServerResponse,
  events: string[],
  delayMs: number,
  controls: { abortedStreams: number; completedStreams: number },
  separator = "\n\n",
): Promise<void> {
  let closed = false;
  res.on("close", () => {
    closed = true;
  });
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  for (const event of events) {
    if (closed) break;
    res.write(`data: ${event}${separator}`);
    if (delayMs) await sleep(delayMs);
  }
  if (closed) {
    controls.abortedStreams += 1;
    return;
  }
  controls.completedStreams += 1;
  res.end();
}
