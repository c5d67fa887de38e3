/**
 * What the AI provider fakes (Gemini, OpenAI) share: their server on a free port, the answers
 * a test scripts, and the reset between tests. Each fake speaks its own wire format in `handle`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { FakeControls, startServer, type FakeServer } from "./server.js";

export abstract class FakeAiProvider<Call> extends FakeControls<Call> {
  server!: FakeServer;
  /** The answer to calls that are not in JSON mode. */
  text = "";
  /** Answers to JSON-mode calls, in order; when empty, `defaultJson`. */
  jsonReplies: string[] = [];
  defaultJson = '{"ok":true}';
  /** What a streamed answer sends, one chunk at a time. */
  streamChunks: string[] = [];

  /** `provider` names the fake in its default answers ("Fake Gemini answer."). */
  protected constructor(private readonly provider: string) {
    super();
    this.setDefaultAnswers();
  }

  /** Starts a fake of this kind on a free port of 127.0.0.1. */
  static async start<Fake extends FakeAiProvider<unknown>>(this: new () => Fake): Promise<Fake> {
    const fake = new this();
    fake.server = await startServer((req, res) => fake.handle(req, res));
    return fake;
  }

  reset(): void {
    this.resetControls();
    this.setDefaultAnswers();
  }

  close(): Promise<void> {
    return this.server.close();
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  private setDefaultAnswers(): void {
    this.text = `Fake ${this.provider} answer.`;
    this.jsonReplies = [];
    this.streamChunks = ["Hello", " from", " fake", ` ${this.provider}.`];
  }
}
