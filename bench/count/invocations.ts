/**
 * Function invocations, counted from the functions emulator's own log lines ("Beginning
 * execution of ..." / "Finished ...") as the Logging emulator streams them: one WebSocket kept
 * open for the whole benchmark, so every invocation is seen once.
 */
import WebSocket from "ws";
import { emulators, type HostPort } from "../../test/helpers/emulators.js";

const BEGIN = /Beginning execution of \\?"(?:[a-z0-9]+-[a-z0-9]+\d-)?([A-Za-z0-9_-]+?)\\?"/;
const FINISH = /Finished \\?"(?:[a-z0-9]+-[a-z0-9]+\d-)?([A-Za-z0-9_-]+?)\\?" in/;

export class InvocationCounter {
  private readonly begun = new Map<string, number>();
  private finished = 0;
  private started = 0;
  private lastEntryAt = Date.now();

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => this.entry(data.toString()));
  }

  /** Connects to the Logging emulator; the history it replays first is skipped. */
  static async start(): Promise<InvocationCounter> {
    const hub = emulators.hub();
    const running = (await (await fetch(`http://${hub.host}:${hub.port}/emulators`)).json()) as Record<string, HostPort>;
    if (!running.logging) throw new Error("The Logging emulator is not running: function invocations cannot be counted.");
    const socket = new WebSocket(`ws://${running.logging.host}:${running.logging.port}`);
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const counter = new InvocationCounter(socket);
    await counter.quiet(750);
    counter.begun.clear();
    counter.started = counter.finished = 0;
    return counter;
  }

  private entry(text: string): void {
    this.lastEntryAt = Date.now();
    const begin = BEGIN.exec(text);
    if (begin) {
      this.begun.set(begin[1], (this.begun.get(begin[1]) ?? 0) + 1);
      this.started += 1;
      return;
    }
    if (FINISH.test(text)) this.finished += 1;
  }

  /** Invocations per function so far (a copy). */
  counts(): Map<string, number> {
    return new Map(this.begun);
  }

  /** Functions started that have not finished yet. */
  get running(): number {
    return this.started - this.finished;
  }

  /** Resolves once no log entry has arrived for `ms`. */
  async quiet(ms: number): Promise<void> {
    while (Date.now() - this.lastEntryAt < ms) await new Promise((resolve) => setTimeout(resolve, 100));
  }

  close(): void {
    this.socket.close();
  }
}
