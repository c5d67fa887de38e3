/**
 * A counting proxy in front of the Firestore emulator. Every Firestore client of a benchmark
 * run talks gRPC (HTTP/2) to it — the JS SDK of the bench's clients, and the functions' Admin
 * SDK (scripts/bench.mjs sets PIXA_FIRESTORE_PROXY, which common/firebase.ts honours in the
 * emulator only) — and it forwards each stream unchanged while it decodes the messages with
 * Firestore's own protos and counts what Firestore bills:
 *
 * - reads: a document a lookup (`GetDocument`, `BatchGetDocuments`) found or missed, a document
 *   a query returned (`RunQuery`, `ListDocuments`), a document a listener received
 *   (`Listen`, once per target it landed in), one per 1,000 counted entries of an aggregation,
 *   and the one-read minimum of a query or listener target that returned nothing;
 * - writes and deletes: the writes of a `Commit`, `BatchWrite` or `Write` stream that succeeded.
 *
 * What it cannot see: reads made by security rules (`get()`/`exists()`), which happen inside
 * the emulator (see rulesLookups.ts), and the repeat rule reads a live listener pays in
 * production when a document its rules read changes (the emulator does not re-run them).
 */
import http2 from "node:http2";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { loadSync, type MethodDefinition } from "@grpc/proto-loader";

export interface FirestoreCounts {
  reads: number;
  writes: number;
  deletes: number;
}

type Message = Record<string, unknown>;
type Decoder = (buffer: Buffer) => Message;

const SERVICE = "google.firestore.v1.Firestore";
const OK = "0";

function loadMethods(): Map<string, { request: Decoder; response: Decoder }> {
  const require = createRequire(__filename);
  const firestorePackage = dirname(require.resolve("@google-cloud/firestore/package.json"));
  const protos = join(firestorePackage, "build", "protos");
  const definition = loadSync(join(protos, "google", "firestore", "v1", "firestore.proto"), {
    includeDirs: [protos],
    keepCase: false,
    longs: Number,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  const service = definition[SERVICE] as unknown as Record<string, MethodDefinition<unknown, unknown>>;
  const methods = new Map<string, { request: Decoder; response: Decoder }>();
  for (const [name, method] of Object.entries(service)) {
    methods.set(name, {
      request: (buffer) => method.requestDeserialize(buffer) as Message,
      response: (buffer) => method.responseDeserialize(buffer) as Message,
    });
  }
  return methods;
}

/** Splits a gRPC byte stream into its length-prefixed messages. */
class FrameReader {
  private buffer = Buffer.alloc(0);
  constructor(private readonly onMessage: (message: Buffer) => void) {}
  push(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 5) {
      const length = this.buffer.readUInt32BE(1);
      if (this.buffer.length < 5 + length) return;
      this.onMessage(this.buffer.subarray(5, 5 + length));
      this.buffer = this.buffer.subarray(5 + length);
    }
  }
}

/** Counts one Write message of a commit: a delete, or a set/update/transform. */
function writeKind(write: Message): "writes" | "deletes" {
  return write.delete !== undefined ? "deletes" : "writes";
}

/** What one RPC stream adds to the counts; `finish` gets the gRPC status. */
interface StreamCounter {
  request(message: Message): void;
  response(message: Message): void;
  finish(status: string): void;
}

export class FirestoreCounter {
  private readonly totals: FirestoreCounts = { reads: 0, writes: 0, deletes: 0 };
  private readonly methods = loadMethods();
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  private undecoded = 0;
  private resent = 0;

  private upstreamSession: http2.ClientHttp2Session | null = null;

  private constructor(
    private readonly server: http2.Http2Server,
    private readonly target: string,
    readonly port: number,
  ) {}

  /** The HTTP/2 session to the emulator, opened again if the emulator closed the last one. */
  private get upstream(): http2.ClientHttp2Session {
    if (!this.upstreamSession || this.upstreamSession.closed || this.upstreamSession.destroyed) {
      const session = http2.connect(`http://${this.target}`);
      session.on("error", () => undefined);
      this.upstreamSession = session;
    }
    return this.upstreamSession;
  }

  /** Starts the proxy on `port` (0: any free port) in front of the emulator at `target` (`host:port`). */
  static async start(target: string, port = 0): Promise<FirestoreCounter> {
    const server = http2.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    const counter = new FirestoreCounter(server, target, typeof address === "object" && address ? address.port : port);
    server.on("session", (session) => {
      counter.sessions.add(session);
      session.on("close", () => counter.sessions.delete(session));
      session.on("error", () => undefined);
    });
    server.on("stream", (stream, headers) => counter.forward(stream, headers));
    return counter;
  }

  /** The counts so far (a copy). */
  counts(): FirestoreCounts {
    return { ...this.totals };
  }

  /** Unchanged documents the emulator sent a listener target again (not billed, not counted as reads). */
  get resentDocuments(): number {
    return this.resent;
  }

  /** Messages the proxy forwarded but could not decode (should stay 0). */
  get undecodedMessages(): number {
    return this.undecoded;
  }

  /** Stops listening and drops every open stream (the functions' workers keep theirs open). */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const session of this.sessions) session.destroy();
    this.upstreamSession?.destroy();
    await closed;
  }

  private counterFor(method: string): StreamCounter {
    const totals = this.totals;
    const add = (key: keyof FirestoreCounts, n = 1) => (totals[key] += n);
    switch (method) {
      case "GetDocument":
        return { request() {}, response: () => add("reads"), finish: (status) => status === "5" && add("reads") };
      case "BatchGetDocuments":
        return { request() {}, response: (m) => (m.found || m.missing) && add("reads"), finish() {} };
      case "RunQuery":
      case "ListDocuments": {
        let documents = 0;
        return {
          request() {},
          response: (m) => {
            const found = method === "RunQuery" ? (m.document ? 1 : 0) : ((m.documents as unknown[] | undefined)?.length ?? 0);
            documents += found;
            add("reads", found);
          },
          finish: (status) => status === OK && documents === 0 && add("reads"),
        };
      }
      case "RunAggregationQuery":
        return {
          request() {},
          response: (m) => {
            const fields = (m.result as { aggregateFields?: Record<string, { integerValue?: number }> } | undefined)?.aggregateFields;
            if (!fields) return;
            const entries = Math.max(0, ...Object.values(fields).map((value) => Number(value.integerValue ?? 0)));
            add("reads", Math.max(1, Math.ceil(entries / 1000)));
          },
          finish() {},
        };
      case "Listen": {
        const received = new Map<number, number>();
        // The version of each document a target last delivered: production bills a listener for
        // documents added to or changed in its results, while the emulator may send a target's
        // unchanged documents again; those are counted apart, not as reads.
        const delivered = new Map<number, Map<string, string>>();
        const forget = (name: string, targets: number[] | undefined) => {
          for (const target of targets ?? [...delivered.keys()]) delivered.get(target)?.delete(name);
        };
        return {
          request: (m) => {
            const target = (m.addTarget as { targetId?: number } | undefined)?.targetId;
            if (target !== undefined) {
              received.set(target, 0);
              delivered.set(target, new Map());
            }
          },
          response: (m) => {
            const change = m.documentChange as
              | {
                  targetIds?: number[];
                  removedTargetIds?: number[];
                  document?: { name?: string; updateTime?: { seconds?: number; nanos?: number } };
                }
              | undefined;
            if (change) {
              const name = change.document?.name ?? "";
              const version = `${change.document?.updateTime?.seconds ?? 0}.${change.document?.updateTime?.nanos ?? 0}`;
              for (const target of change.targetIds ?? []) {
                received.set(target, (received.get(target) ?? 0) + 1);
                const versions = delivered.get(target) ?? new Map<string, string>();
                delivered.set(target, versions);
                if (versions.get(name) === version) {
                  this.resent += 1;
                  continue;
                }
                versions.set(name, version);
                add("reads");
              }
              forget(name, change.removedTargetIds ?? []);
            }
            const deleted = (m.documentDelete ?? m.documentRemove) as { document?: string; removedTargetIds?: number[] } | undefined;
            if (deleted?.document) forget(deleted.document, deleted.removedTargetIds);
            const targetChange = m.targetChange as { targetChangeType?: string; targetIds?: number[] } | undefined;
            if (targetChange?.targetChangeType === "CURRENT") {
              for (const target of targetChange.targetIds ?? []) {
                if (received.get(target) === 0) add("reads");
                received.set(target, -1);
              }
            }
          },
          finish() {},
        };
      }
      case "Commit": {
        let writes: Message[] = [];
        return {
          request: (m) => (writes = (m.writes as Message[] | undefined) ?? []),
          response: () => writes.forEach((write) => add(writeKind(write))),
          finish() {},
        };
      }
      case "BatchWrite": {
        let writes: Message[] = [];
        return {
          request: (m) => (writes = (m.writes as Message[] | undefined) ?? []),
          response: (m) => {
            const statuses = (m.status as Array<{ code?: number }> | undefined) ?? [];
            writes.forEach((write, i) => (statuses[i]?.code ?? 0) === 0 && add(writeKind(write)));
          },
          finish() {},
        };
      }
      case "Write": {
        const pending: Message[][] = [];
        return {
          request: (m) => {
            const writes = (m.writes as Message[] | undefined) ?? [];
            if (writes.length) pending.push(writes);
          },
          response: (m) => {
            if (!((m.writeResults as unknown[] | undefined)?.length ?? 0)) return;
            for (const write of pending.shift() ?? []) add(writeKind(write));
          },
          finish() {},
        };
      }
      default:
        return { request() {}, response() {}, finish() {} };
    }
  }

  private decoder(method: string, direction: "request" | "response"): (buffer: Buffer) => Message | null {
    const decode = this.methods.get(method)?.[direction];
    return (buffer) => {
      if (!decode) return null;
      try {
        return decode(buffer);
      } catch {
        this.undecoded += 1;
        return null;
      }
    };
  }

  private forward(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
    const path = String(headers[":path"] ?? "");
    const method = path.startsWith(`/${SERVICE}/`) ? path.slice(SERVICE.length + 2) : "";
    const counter = this.counterFor(method);
    const decodeRequest = this.decoder(method, "request");
    const decodeResponse = this.decoder(method, "response");
    const outgoing: http2.OutgoingHttpHeaders = {};
    for (const [key, value] of Object.entries(headers)) {
      if (key === ":path" || key === ":method" || !key.startsWith(":")) outgoing[key] = value;
    }
    const call = this.upstream.request(outgoing);
    const requests = new FrameReader((buffer) => {
      const message = decodeRequest(buffer);
      if (message) counter.request(message);
    });
    const responses = new FrameReader((buffer) => {
      const message = decodeResponse(buffer);
      if (message) counter.response(message);
    });
    let trailers: http2.IncomingHttpHeaders = {};

    stream.on("data", (chunk: Buffer) => {
      requests.push(chunk);
      call.write(chunk);
    });
    stream.on("end", () => call.end());
    stream.on("close", () => {
      if (!call.closed) call.close(http2.constants.NGHTTP2_CANCEL);
    });
    stream.on("error", () => undefined);
    stream.on("wantTrailers", () => {
      counter.finish(String(trailers["grpc-status"] ?? OK));
      const out: http2.OutgoingHttpHeaders = {};
      for (const [key, value] of Object.entries(trailers)) if (!key.startsWith(":")) out[key] = value;
      stream.sendTrailers(out);
    });

    call.on("response", (responseHeaders, flags) => {
      const out: http2.OutgoingHttpHeaders = {};
      for (const [key, value] of Object.entries(responseHeaders)) if (key === ":status" || !key.startsWith(":")) out[key] = value;
      const trailersOnly = (flags & http2.constants.NGHTTP2_FLAG_END_STREAM) !== 0 || responseHeaders["grpc-status"] !== undefined;
      if (trailersOnly) {
        counter.finish(String(responseHeaders["grpc-status"] ?? OK));
        if (!stream.closed) stream.respond(out, { endStream: true });
        return;
      }
      if (!stream.closed) stream.respond(out, { waitForTrailers: true });
    });
    call.on("data", (chunk: Buffer) => {
      responses.push(chunk);
      if (!stream.closed) stream.write(chunk);
    });
    call.on("trailers", (received) => (trailers = received));
    call.on("end", () => {
      if (!stream.closed && stream.headersSent && !stream.writableEnded) stream.end();
    });
    call.on("error", () => {
      if (!stream.closed) stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
    });
    call.on("close", () => {
      if (!stream.closed && !stream.headersSent) stream.close(call.rstCode ?? http2.constants.NGHTTP2_CANCEL);
    });
  }
}
