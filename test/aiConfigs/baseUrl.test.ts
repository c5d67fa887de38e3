import { expect } from "chai";
import { assertSafeBaseUrl, isBlockedAddress, type Resolver } from "../../functions/src/aiConfigs/baseUrl.js";

const production = { allowLocalHttp: false };
const emulator = { allowLocalHttp: true };

/** A resolver with fixed answers, for hostnames whose real DNS this machine cannot reach. */
function fixedDns(answers: Record<string, string[]>): Resolver {
  return async (hostname) => {
    const addresses = answers[hostname];
    if (!addresses) throw new Error(`ENOTFOUND ${hostname}`);
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
}

async function expectRefused(url: string, policy: Parameters<typeof assertSafeBaseUrl>[1], reason: RegExp): Promise<void> {
  try {
    await assertSafeBaseUrl(url, policy);
  } catch (error) {
    expect((error as { code?: string }).code, url).to.equal("invalid-argument");
    expect((error as Error).message, url)
      .to.match(/baseURL/)
      .and.to.match(reason);
    return;
  }
  expect.fail(`${url} should have been refused`);
}

describe("aiConfig: baseURL guard against server-side request forgery", () => {
  for (const [url, reason] of [
    ["http://api.example.com/v1", /https/],
    ["https://10.0.0.5/v1", /private/],
    ["https://127.0.0.1/v1", /private/],
    ["https://[::1]/v1", /private/],
    ["https://169.254.169.254/latest/meta-data", /private/],
    ["https://[fe80::1]/", /private/],
    ["https://[fd00:ec2::254]/", /private/],
    ["https://[::ffff:169.254.169.254]/", /private/],
    ["https://[::ffff:a00:5]/", /private/],
    ["https://2130706433/", /private/], // 127.0.0.1 written as one number
    ["https://0x7f.1/", /private/], // 127.0.0.1 in hex shorthand
    ["https://192.168.1.10:8443/", /private/],
    ["https://172.20.0.1/", /private/],
    ["https://100.64.0.1/", /private/],
    ["https://0.0.0.0/", /private/],
    ["https://[::7f00:1]/", /private/], // IPv4-compatible ::/96 (127.0.0.1)
    ["https://[::a00:5]/", /private/], // IPv4-compatible ::/96 (10.0.0.5)
    ["https://[::ffff:0:7f00:1]/", /private/], // ::ffff:0:0/96 (SIIT, 127.0.0.1)
    ["https://[64:ff9b::a9fe:a9fe]/", /private/], // NAT64 64:ff9b::/96 (169.254.169.254)
    ["https://[64:ff9b:1::a00:1]/", /private/], // local-use NAT64 64:ff9b:1::/48
    ["https://[2001::a00:1]/", /private/], // Teredo 2001::/32
    ["https://[2002:a00:1::1]/", /private/], // 6to4 2002::/16 (10.0.0.1)
    ["https://[100::1]/", /private/], // discard 100::/64
    ["https://[3fff::1]/", /private/], // documentation 3fff::/20
    ["https://metadata.google.internal/computeMetadata/v1", /metadata/],
    ["https://metadata.google.internal./", /metadata/],
    ["https://user:pass@api.example.com/", /credentials/],
    ["ftp://api.example.com/", /https/],
    ["not a url", /valid URL/],
  ] as const) {
    it(`refuses ${url} in production`, async () => {
      await expectRefused(url, production, reason);
    });
  }

  it("refuses a hostname that resolves to a private address", async () => {
    await expectRefused(
      "https://intranet.example.test/v1",
      { ...production, resolve: fixedDns({ "intranet.example.test": ["10.1.2.3"] }) },
      /resolves to a private/,
    );
  });

  it("refuses a hostname when any of its addresses is private", async () => {
    const resolve = fixedDns({ "mixed.example.test": ["93.184.216.34", "fd12::1"] });
    await expectRefused("https://mixed.example.test/v1", { ...production, resolve }, /resolves to a private/);
  });

  it("refuses localhost through real DNS resolution", async () => {
    await expectRefused("https://localhost/v1", production, /resolves to a private/);
  });

  it("refuses a hostname that does not resolve", async () => {
    await expectRefused("https://nowhere.example.test/v1", { ...production, resolve: fixedDns({}) }, /could not be resolved/);
  });

  it("accepts an https URL whose host resolves only to public addresses", async () => {
    const resolve = fixedDns({ "api.example.test": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"] });
    expect(await assertSafeBaseUrl("https://api.example.test/v1", { ...production, resolve })).to.equal("https://api.example.test/v1");
  });

  it("accepts a public IP literal", async () => {
    expect(await assertSafeBaseUrl("https://93.184.216.34/v1", production)).to.equal("https://93.184.216.34/v1");
  });

  it("allows plain http to 127.0.0.1, localhost and [::1] in the emulator only", async () => {
    for (const url of ["http://127.0.0.1:11434/v1", "http://localhost:11434/v1", "http://[::1]:11434/v1"]) {
      expect(await assertSafeBaseUrl(url, emulator)).to.equal(url);
      await expectRefused(url, production, /https/);
    }
  });

  it("keeps refusing https to loopback and private hosts in the emulator", async () => {
    await expectRefused("https://127.0.0.1/v1", emulator, /private/);
    await expectRefused("http://10.0.0.5/v1", emulator, /https/);
  });

  it("names the field it was given", async () => {
    await expectRefused("http://x.test", { ...production, field: "configs.2.baseURL" }, /configs\.2\.baseURL/);
  });

  it("classifies addresses", () => {
    expect(isBlockedAddress("8.8.8.8")).to.equal(false);
    expect(isBlockedAddress("2001:4860:4860::8888")).to.equal(false);
    expect(isBlockedAddress("172.31.255.255")).to.equal(true);
    expect(isBlockedAddress("172.32.0.1")).to.equal(false);
    expect(isBlockedAddress("not-an-ip")).to.equal(true);
    expect(isBlockedAddress("::ffff:8.8.8.8")).to.equal(false); // IPv4-mapped: judged as 8.8.8.8
    expect(isBlockedAddress("::ffff:127.0.0.1")).to.equal(true);
    expect(isBlockedAddress("::8.8.8.8")).to.equal(true); // IPv4-compatible: deprecated, never connected to
    expect(isBlockedAddress("4000::1")).to.equal(true); // outside 2000::/3: not assigned as unicast
    expect(isBlockedAddress("255.255.255.255")).to.equal(true);
  });
});
