import { expect } from "chai";
import { openSecret, sealSecret, secretAad, type SecretOwner } from "../../functions/src/crypto/envelope.js";
import { KeyUnwrapError } from "../../functions/src/crypto/keyWrapper.js";
import { KmsKeyWrapper } from "../../functions/src/crypto/kmsKeyWrapper.js";
import { startFakeKms, type FakeKms } from "../fakes/kms.js";

const KEY = "projects/demo-pixasocial/locations/global/keyRings/pixasocial/cryptoKeys/secrets";
const alice: SecretOwner = { uid: "alice", purpose: "aiApiKey", provider: "OpenAI" };
const bob: SecretOwner = { uid: "bob", purpose: "aiApiKey", provider: "OpenAI" };
const PLAINTEXT = "sk-test-kms-0123456789abcdef";

describe("crypto: Cloud KMS through the real client against a fake KMS", () => {
  let kms: FakeKms;
  let wrapper: KmsKeyWrapper;

  beforeEach(async () => {
    kms = await startFakeKms();
    kms.createKey(KEY);
    wrapper = new KmsKeyWrapper({ keyName: KEY, endpoint: { host: kms.host, port: kms.port } });
  });
  afterEach(async () => kms.stop());

  it("wraps the data key with KMS, records the key version and sends the AAD with checksums", async () => {
    const sealed = await sealSecret(wrapper, alice, PLAINTEXT);
    expect(sealed.keyBackend).to.equal("kms");
    expect(sealed.keyVersion).to.equal(`${KEY}/cryptoKeyVersions/1`);
    expect(await openSecret(wrapper, alice, sealed)).to.equal(PLAINTEXT);
    expect(kms.calls.map((c) => c.method)).to.deep.equal(["Encrypt", "Decrypt"]);
    expect(kms.calls[0].name).to.equal(KEY);
    expect(kms.calls[1].name).to.equal(KEY);
    for (const call of kms.calls) {
      expect(call.additionalAuthenticatedData.equals(secretAad(alice))).to.equal(true);
      expect(call.checksummed, `${call.method} carries CRC32C checksums`).to.equal(true);
    }
  });

  it("refuses to decrypt with another user's AAD (KMS rejects the unwrap)", async () => {
    const sealed = await sealSecret(wrapper, alice, PLAINTEXT);
    try {
      await openSecret(wrapper, bob, sealed);
      expect.fail("decryption should have failed");
    } catch (error) {
      expect(error).to.be.instanceOf(KeyUnwrapError);
    }
    expect(kms.calls.at(-1)?.method).to.equal("Decrypt");
  });

  it("still decrypts a secret written under version 1 after the primary becomes version 2", async () => {
    const old = await sealSecret(wrapper, alice, PLAINTEXT);
    expect(kms.rotate(KEY)).to.equal(2);
    const fresh = await sealSecret(wrapper, alice, `${PLAINTEXT}-new`);
    expect(old.keyVersion).to.equal(`${KEY}/cryptoKeyVersions/1`);
    expect(fresh.keyVersion).to.equal(`${KEY}/cryptoKeyVersions/2`);
    expect(await openSecret(wrapper, alice, old)).to.equal(PLAINTEXT);
    expect(await openSecret(wrapper, alice, fresh)).to.equal(`${PLAINTEXT}-new`);
  });

  it("opens a secret without knowing the current key name (unwrap uses the recorded version)", async () => {
    const sealed = await sealSecret(wrapper, alice, PLAINTEXT);
    const reader = new KmsKeyWrapper({ endpoint: { host: kms.host, port: kms.port } });
    expect(await openSecret(reader, alice, sealed)).to.equal(PLAINTEXT);
  });

  it("reports a KMS outage as a clear unavailable error, quickly", async () => {
    kms.setOutage(true);
    const started = Date.now();
    try {
      await sealSecret(wrapper, alice, PLAINTEXT);
      expect.fail("encryption should have failed");
    } catch (error) {
      expect((error as { code?: string }).code).to.equal("unavailable");
      expect((error as Error).message).to.match(/encryption service is unavailable/);
    }
    expect(Date.now() - started).to.be.lessThan(10_000);
  });

  it("refuses a response corrupted in transit (CRC32C) with unavailable", async () => {
    const sealed = await sealSecret(wrapper, alice, PLAINTEXT);
    kms.setCorruptResponses(true);
    for (const attempt of [sealSecret(wrapper, alice, PLAINTEXT), openSecret(wrapper, alice, sealed)]) {
      try {
        await attempt;
        expect.fail("a corrupted response must be refused");
      } catch (error) {
        expect((error as { code?: string }).code).to.equal("unavailable");
        expect((error as Error).message).to.match(/corrupted/);
      }
    }
  });

  it("reports an unknown KMS key as an internal error", async () => {
    const missing = new KmsKeyWrapper({ keyName: `${KEY}-missing`, endpoint: { host: kms.host, port: kms.port } });
    try {
      await sealSecret(missing, alice, PLAINTEXT);
      expect.fail("encryption should have failed");
    } catch (error) {
      expect((error as { code?: string }).code).to.equal("internal");
    }
  });

  it("refuses a malformed key name", () => {
    expect(() => new KmsKeyWrapper({ keyName: "my-key" })).to.throw(/KMS_KEY_NAME/);
  });
});
