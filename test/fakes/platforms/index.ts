/**
 * One local server that fakes the eight social platforms, each under `/<slug>` (the functions
 * reach it through `config/emulator.platformsOrigin`, connections/endpoints.ts). The OAuth side
 * (authorize page, token, long-lived and refresh grants, profile, revoke) is in oauth.ts; other
 * sides (publishing) add route handlers with `fake.use(handler)` from their own files.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson, startServer, type FakeServer } from "../server.js";
import { OAuthFake } from "./oauth.js";

/** Handles a request and returns true, or returns false to let the next handler try. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export interface FakePlatforms extends FakeServer {
  oauth: OAuthFake;
  /** Adds a route handler (tried after the OAuth routes). */
  use(handler: RouteHandler): void;
}

/** Starts the fake platforms on `port` (0: a free one). */
export async function startFakePlatforms(port = 0): Promise<FakePlatforms> {
  const handlers: RouteHandler[] = [];
  let origin = "";
  const oauth = new OAuthFake(() => origin);
  handlers.push((req, res, url) => oauth.handle(req, res, url));
  const server = await startServer(async (req, res) => {
    const url = new URL(req.url ?? "/", origin);
    for (const handler of handlers) if (await handler(req, res, url)) return;
    sendJson(res, 404, { error: { message: `The fake platforms have no ${req.method} ${url.pathname}` } });
  }, port);
  origin = server.origin;
  return { ...server, oauth, use: (handler) => void handlers.push(handler) };
}
