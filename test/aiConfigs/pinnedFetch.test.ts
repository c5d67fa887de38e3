/**
 * The fetch used for user-chosen base URLs: it connects only to the address its own lookup
 * checked (DNS rebinding) and follows no redirect (SSRF through a 30x). A local server counts
 * what reaches it; hostnames under `.example.test` resolve only through the test's resolver, so
 * a connection proves the checked address was the one used.
 */
import { expect } from "chai";
import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import type { Resolver } from "../../functions/src/aiConfigs/baseUrl.js";

const toLoopback: Resolver = async () => [{ address: "127.0.0.1", family: 4 }];

async function failureOf(promise: Promise<Response>): Promise<string> {
  try {
    const response = await promise;
    return `answered HTTP ${response.status}`;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return cause?.message ?? (error as Error).message;
  }
}

describe("aiConfig: pinned fetch for user-chosen base URLs", () => {
  let server: Server;
  let port = 0;
  const seen: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      seen.push(req.url ?? "");
      if (req.url === "/v1/redirect") {
        res.writeHead(302, { location: "/internal/secret" });
        res.end();
        return;
      }
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(`answer ${req.url}`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen.length = 0;
  });

  const load = () => import("../../functions/src/aiConfigs/pinnedFetch.js");

  it("connects to the address its lookup checked, not to a fresh DNS answer", async () => {
    const { pinnedFetch } = await load();
    const fetch = await pinnedFetch({ allowLocalHttp: false, resolve: toLoopback, isAllowed: (address) => address === "127.0.0.1" });
    const response = await fetch(`http://models.example.test:${port}/v1/models`);
    expect(await response.text()).to.equal("answer /v1/models");
    expect(seen).to.deep.equal(["/v1/models"]);
  });

  it("refuses to connect when the name now resolves to a private address (DNS rebinding)", async () => {
    const { pinnedFetch } = await load();
    const fetch = await pinnedFetch({ allowLocalHttp: false, resolve: toLoopback });
    expect(await failureOf(fetch(`http://rebound.example.test:${port}/v1/chat/completions`, { method: "POST", body: "{}" }))).to.match(
      /not allowed/,
    );
    expect(seen).to.deep.equal([]);
  });

  it("refuses when any of the answers is private", async () => {
    const { pinnedFetch } = await load();
    const resolve: Resolver = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "::ffff:0:7f00:1", family: 6 },
    ];
    const fetch = await pinnedFetch({ allowLocalHttp: false, resolve });
    expect(await failureOf(fetch(`http://mixed.example.test:${port}/v1/models`))).to.match(/not allowed/);
  });

  it("does not follow a redirect, so the internal target is never requested", async () => {
    const { pinnedFetch } = await load();
    const fetch = await pinnedFetch({ allowLocalHttp: false, resolve: toLoopback, isAllowed: () => true });
    expect(await failureOf(fetch(`http://models.example.test:${port}/v1/redirect`))).to.match(/redirect/);
    expect(seen).to.deep.equal(["/v1/redirect"]);
  });

  it("lets localhost reach loopback only in the emulator", async () => {
    const { pinnedFetch } = await load();
    const emulatorFetch = await pinnedFetch({ allowLocalHttp: true, resolve: toLoopback });
    expect(await (await emulatorFetch(`http://localhost:${port}/v1/local`)).text()).to.equal("answer /v1/local");
    const productionFetch = await pinnedFetch({ allowLocalHttp: false, resolve: toLoopback });
    expect(await failureOf(productionFetch(`http://localhost:${port}/v1/local`))).to.match(/not allowed/);
    expect(seen).to.deep.equal(["/v1/local"]);
  });
});
