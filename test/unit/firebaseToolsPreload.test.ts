import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

type Middleware = (
  openApiDoc: object,
  options?: Record<string, unknown>,
) => Promise<(req: IncomingMessage, res: ServerResponse, next: () => void) => void>;

// The preload the harness gives firebase-tools (scripts/lib/firebase-tools-preload.cjs).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const preload = require(join(__dirname, "..", "..", "scripts", "lib", "firebase-tools-preload.cjs")) as {
  withLazyValidators(middleware: Middleware): Middleware & { lazyValidators?: boolean };
  firebaseToolsExegesisExpress(): { middleware: Middleware & { lazyValidators?: boolean } } | null;
  keepConnectionsLonger(http?: { createServer: (...args: unknown[]) => { keepAliveTimeout: number } }): void;
  KEEP_ALIVE_MS: number;
};

/** A one-operation API whose request body must carry a string `email`. */
const api = {
  openapi: "3.0.0",
  info: { title: "t", version: "1" },
  paths: {
    "/signUp": {
      post: {
        "x-exegesis-controller": "c",
        operationId: "signUp",
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { type: "object", required: ["email"], properties: { email: { type: "string" } }, additionalProperties: false },
            },
          },
        },
        responses: { "200": { description: "ok" } },
      },
    },
  },
};

describe("unit: the firebase-tools preload (Auth emulator validators compiled on first use)", () => {
  it("finds firebase-tools' own exegesis-express and wraps its middleware", () => {
    const exegesisExpress = preload.firebaseToolsExegesisExpress();
    expect(exegesisExpress, "firebase-tools no longer resolves exegesis-express: see the preload").to.not.equal(null);
    expect(exegesisExpress?.middleware.lazyValidators).to.equal(true);
  });

  it("adds lazyCompileValidationSchemas to the options, and lets the caller's own value win", async () => {
    const seen: Array<Record<string, unknown> | undefined> = [];
    const wrapped = preload.withLazyValidators(async (_doc, options) => {
      seen.push(options);
      return () => undefined;
    });
    await wrapped(api, { controllers: {} });
    await wrapped(api, { lazyCompileValidationSchemas: false });
    expect(seen).to.deep.equal([{ lazyCompileValidationSchemas: true, controllers: {} }, { lazyCompileValidationSchemas: false }]);
  });

  it("still refuses a request body its schema does not allow, and serves a valid one", async () => {
    const exegesisExpress = preload.firebaseToolsExegesisExpress();
    const handle = await exegesisExpress!.middleware(api, {
      controllers: { c: { signUp: () => ({ ok: true }) } },
    });
    const server = createServer((req, res) =>
      handle(req, res, () => {
        res.statusCode = 404;
        res.end();
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/signUp`;
    const post = (body: unknown) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    try {
      expect((await post({ email: 42 })).status).to.equal(400);
      expect((await post({ email: "a@example.test", admin: true })).status).to.equal(400);
      const ok = await post({ email: "a@example.test" });
      expect(ok.status).to.equal(200);
      expect(await ok.json()).to.deep.equal({ ok: true });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("gives the servers created afterwards a keep-alive longer than Node's and undici's clients keep an idle socket", function () {
    expect(preload.KEEP_ALIVE_MS).to.be.greaterThan(5_000);
    const created: Array<{ keepAliveTimeout: number; args: unknown[] }> = [];
    const http = {
      createServer: (...args: unknown[]) => {
        const server = { keepAliveTimeout: 5_000, args };
        created.push(server);
        return server;
      },
    };
    preload.keepConnectionsLonger(http);
    preload.keepConnectionsLonger(http);
    const app = () => {};
    // The way firebase-tools' express-based emulators call it, with the module read at call time.
    const server = (0, http.createServer)(app);
    expect(created).to.have.length(1);
    expect(server.keepAliveTimeout).to.equal(preload.KEEP_ALIVE_MS);
    expect(created[0].args).to.deep.equal([app]);
  });

  it("applies to node:http under PIXA_LONG_KEEP_ALIVE=1 and not without it", function () {
    const script = `require(${JSON.stringify(join(__dirname, "..", "..", "scripts", "lib", "firebase-tools-preload.cjs"))});
      console.log(require("node:http").createServer().keepAliveTimeout);`;
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...env } });
    const on = run({ PIXA_LONG_KEEP_ALIVE: "1" });
    expect(on.status, on.stderr).to.equal(0);
    expect(Number(on.stdout.trim())).to.equal(preload.KEEP_ALIVE_MS);
    const off = run({});
    expect(off.status, off.stderr).to.equal(0);
    expect(Number(off.stdout.trim())).to.equal(5_000);
  });
});
