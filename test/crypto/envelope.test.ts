import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { openSecret, sealSecret, secretAad, type SecretOwner } from "../../functions/src/crypto/envelope.js";
import { KeyUnwrapError } from "../../functions/src/crypto/keyWrapper.js";
import { activeKeyWrapper, keyWrapperFor } from "../../functions/src/crypto/keyWrappers.js";
import { LocalKeyWrapper } from "../../functions/src/crypto/localKeyWrapper.js";
import { clearEmulatorData } from "../helpers/emulators.js";
import { useFunctionsEnv } from "../helpers/functionsEnv.js";

const alice: SecretOwner = { uid: "alice", purpose: "aiApiKey", provider: "OpenAI" };
const PLAINTEXT = "sk-test-envelope-0123456789abcdef";

async function expectUnwrapError(promise: Promise<unknown>): Promise<KeyUnwrapError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(KeyUnwrapError);
    return error as KeyUnwrapError;
  }
  return expect.fail("decryption should have failed");
}

describe("crypto: envelope encryption with the local key", () => {
  const wrapper = new LocalKeyWrapper(randomBytes(32));

  it("round-trips a secret and keeps no plaintext in the sealed record", async () => {
    const sealed = await sealSecret(wrapper, alice, PLAINTEXT);
    expect(sealed).to.include({ format: 1, algorithm: "AES-256-GCM", keyBackend: "local" });
    expect(sealed.keyVersion).to.match(/^local:[0-9a-f]{16}$/);
    const stored = JSON.stringify(sealed);
    expect(stored).not.to.contain(PLAINTEXT);
    expect(stored).not.to.contain(Buffer.from(PLAINTEXT).toString("base64"));
    expect(await openSecret(wrapper, alice, sealed)).to.equal(PLAINTEXT);
  });

  it("uses a fresh data key and IV for every encryption", async () => {
    const [a, b] = await Promise.all([sealSecret(wrapper, alice, PLAINTEXT), sealSecret(wrapper, alice, PLAINTEXT)]);
    expect(a.iv).not.to.equal(b.iv);
    expect(a.wrappedDataKey).not.to.equal(b.wrappedDataKey);
    expect(a.ciphertext).not.to.equal(b.ciphertext);
    expect(Buffer.from(a.iv, "base64")).to.have.length(12);
  });

  for (const [label, other] of [
    ["another user", { ...alice, uid: "bob" }],
    ["another provider", { ...alice, provider: "Groq" }],
    ["another purpose", { ...alice, purpose: "oauthTokens" }],
  ] as const) {
    it(`refuses to decrypt under ${label}'s additional authenticated data`, async () => {
      const sealed = await sealSecret(wrapper, alice, PLAINTEXT);
      await expectUnwrapError(openSecret(wrapper, other, sealed));
    });
  }

  it("binds owner, purpose and provider unambiguously", () => {
    const a = secretAad({ uid: "a:b", purpose: "aiApiKey", provider: "c" });
    const b = secretAad({ uid: "a", purpose: "aiApiKey", provider: "b:c" });
    expect(a.equals(b)).to.equal(false);
  });

  it("detects a tampered ciphertext", async () => {
    const sealed = await sealSecret(wrapper, alice, PLAINTEXT);
    const bytes = Buffer.from(sealed.ciphertext, "base64");
    bytes[0] ^= 1;
    await expectUnwrapError(openSecret(wrapper, alice, { ...sealed, ciphertext: bytes.toString("base64") }));
  });

  it("names the problem when a secret was written under another local key", async () => {
    const sealed = await sealSecret(new LocalKeyWrapper(randomBytes(32)), alice, PLAINTEXT);
    const error = await expectUnwrapError(openSecret(wrapper, alice, sealed));
    expect(error.message).to.contain("another local key");
  });

  it("refuses a local key that is not 32 bytes", () => {
    expect(() => new LocalKeyWrapper(randomBytes(16))).to.throw(/32 bytes/);
  });
});

describe("crypto: choosing the key backend", () => {
  useFunctionsEnv();
  let saved: NodeJS.ProcessEnv = {};
  before(() => {
    saved = { ...process.env };
  });
  // config/emulator may still point KMS at another suite's fake.
  beforeEach(clearEmulatorData);
  afterEach(() => {
    for (const name of ["FUNCTIONS_EMULATOR", "KMS_KEY_NAME", "LOCAL_ENCRYPTION_KEY"]) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it("refuses to store secrets in production when no KMS key is configured", async () => {
    delete process.env.FUNCTIONS_EMULATOR;
    delete process.env.KMS_KEY_NAME;
    process.env.LOCAL_ENCRYPTION_KEY = randomBytes(32).toString("base64");
    await expectDomainError(activeKeyWrapper(), "internal", /encryption is not configured/);
    await expectDomainError(keyWrapperFor("local"), "internal", /encryption is not configured/);
  });

  it("uses Cloud KMS in production when KMS_KEY_NAME is set", async () => {
    delete process.env.FUNCTIONS_EMULATOR;
    process.env.KMS_KEY_NAME = "projects/p/locations/global/keyRings/r/cryptoKeys/k";
    expect((await activeKeyWrapper()).backend).to.equal("kms");
  });

  it("uses the local key in the emulator when no KMS key is configured", async () => {
    process.env.FUNCTIONS_EMULATOR = "true";
    delete process.env.KMS_KEY_NAME;
    expect((await activeKeyWrapper()).backend).to.equal("local");
  });
});

async function expectDomainError(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect((error as { code?: string }).code).to.equal(code);
    expect((error as Error).message).to.match(message);
    return;
  }
  expect.fail(`expected a ${code} error`);
}
