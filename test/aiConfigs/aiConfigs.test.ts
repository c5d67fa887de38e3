import { expect } from "chai";
import { collection, doc, getDoc, getDocs } from "firebase/firestore";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { readUserApiKey } from "../../functions/src/aiConfigs/apiKeys.js";
import { adminAuth, adminDb, eventually } from "../helpers/admin.js";
import { closeClients, newClient, signUp, type Client } from "../helpers/clients.js";
import { clearEmulatorData } from "../helpers/emulators.js";
import { readEmulatorLogs } from "../helpers/emulatorLogs.js";
import { exportAllDocuments } from "../helpers/exportDocuments.js";
import { useFunctionsEnv } from "../helpers/functionsEnv.js";
import { startFakeKms, type FakeKms } from "../fakes/kms.js";
import { expectCallError } from "../helpers/callables.js";
import { callables, isRetryLaterError, retryAfterMs, type RequestOf } from "../../client/src/index.js";
import type { AiConfigList, AiProviderId, saveInput } from "../../functions/src/models/aiConfigs.js";

type SaveConfigs = RequestOf<typeof saveInput>["configs"];

const KMS_KEY = "projects/demo-pixasocial/locations/global/keyRings/pixasocial/cryptoKeys/user-secrets";
const ROOT = join(__dirname, "..", "..");

/** Every plaintext key the suite sends; the last test checks that none was ever stored or logged. */
const sentKeys = new Set<string>();
function newApiKey(label: string): string {
  const key = `sk-test-${label}-${randomBytes(16).toString("hex")}`;
  sentKeys.add(key);
  return key;
}

/** Where each sent key was found in Firestore (paths), collected after every test. */
const leaks: string[] = [];
let exportedDocuments = 0;

function containsKey(text: string): string | undefined {
  return [...sentKeys].find((key) => text.includes(key) || text.includes(Buffer.from(key).toString("base64")));
}

const save = (client: Client, configs: SaveConfigs) => callables(client.functions).aiConfigs.save({ configs });
/** For configs the schema refuses (the typed `save` would not compile them): sent untyped by name. */
const saveUntyped = (client: Client, configs: unknown[]) => client.call<AiConfigList>("aiConfigs-save", { configs });
const list = (client: Client) => callables(client.functions).aiConfigs.list({});
const configOf = (result: AiConfigList, providerId: AiProviderId) => result.configs.find((c) => c.providerId === providerId);

async function storedState(uid: string): Promise<string> {
  const [configs, secrets] = await Promise.all([
    adminDb().collection(`users/${uid}/aiConfigs`).get(),
    adminDb().collection("secrets").where("uid", "==", uid).get(),
  ]);
  return JSON.stringify([configs.docs.map((d) => [d.id, d.data()]), secrets.docs.map((d) => [d.id, d.data()])]);
}

describe("aiConfigs: provider configuration with encrypted keys", () => {
  useFunctionsEnv();
  beforeEach(clearEmulatorData);
  afterEach(async () => {
    await closeClients();
    const documents = await exportAllDocuments();
    exportedDocuments += documents.length;
    for (const { path, json } of documents) if (containsKey(json)) leaks.push(path);
  });

  describe("with the local key that stands in for KMS", () => {
    it("saves a key, lists hasApiKey without the key, lets the AI proxy decrypt it, and removes it with apiKey: null", async () => {
      const alice = await signUp();
      const key = newApiKey("openai");
      const saved = await save(alice, [{ providerId: "OpenAI", apiKey: key, models: { text: ["gpt-4.1"] } }]);
      expect(JSON.stringify(saved)).not.to.contain(key);
      expect(configOf(saved, "OpenAI")).to.deep.include({
        providerId: "OpenAI",
        isEnabled: true,
        hasApiKey: true,
        baseURL: null,
        models: { text: ["gpt-4.1"], image: ["gpt-image-1"], chat: ["gpt-4.1-mini"] },
      });

      const listed = await list(alice);
      expect(JSON.stringify(listed)).not.to.contain(key);
      expect(configOf(listed, "OpenAI")?.hasApiKey).to.equal(true);
      expect(configOf(listed, "Groq")).to.deep.include({ hasApiKey: false, isEnabled: false, updatedAt: null });
      expect(Date.parse(configOf(listed, "OpenAI")?.updatedAt ?? "")).to.be.closeTo(Date.now(), 60_000);

      // What the owner's SDK can read: the config, with a boolean and never a key.
      const own = await getDoc(doc(alice.db, `users/${alice.uid}/aiConfigs/OpenAI`));
      expect(Object.keys(own.data() ?? {}).sort()).to.deep.equal([
        "baseURL",
        "hasApiKey",
        "isEnabled",
        "models",
        "providerId",
        "updatedAt",
      ]);

      const secret = (await adminDb().collection("secrets").where("uid", "==", alice.uid).get()).docs;
      expect(secret).to.have.length(1);
      expect(secret[0].data()).to.include({ purpose: "aiApiKey", provider: "OpenAI", keyBackend: "local", algorithm: "AES-256-GCM" });

      expect(await readUserApiKey(alice.uid, "OpenAI")).to.equal(key);
      expect(await readUserApiKey(alice.uid, "Groq")).to.equal(null);

      const kept = await save(alice, [{ providerId: "OpenAI", isEnabled: false }]);
      expect(configOf(kept, "OpenAI")).to.deep.include({ isEnabled: false, hasApiKey: true });
      expect(await readUserApiKey(alice.uid, "OpenAI")).to.equal(key);

      const removed = await save(alice, [{ providerId: "OpenAI", apiKey: null }]);
      expect(configOf(removed, "OpenAI")?.hasApiKey).to.equal(false);
      expect(await readUserApiKey(alice.uid, "OpenAI")).to.equal(null);
      expect((await adminDb().collection("secrets").where("uid", "==", alice.uid).get()).size).to.equal(0);
    });

    it("replaces a stored key when a new one is saved", async () => {
      const alice = await signUp();
      await save(alice, [{ providerId: "Groq", apiKey: newApiKey("groq-old") }]);
      const fresh = newApiKey("groq-new");
      await save(alice, [{ providerId: "Groq", apiKey: fresh }]);
      expect(await readUserApiKey(alice.uid, "Groq")).to.equal(fresh);
    });

    it("keeps each user's keys apart", async () => {
      const [alice, bob] = await Promise.all([signUp(), signUp()]);
      const aliceKey = newApiKey("alice");
      await save(alice, [{ providerId: "Mistral", apiKey: aliceKey }]);
      expect(configOf(await list(bob), "Mistral")?.hasApiKey).to.equal(false);
      expect(await readUserApiKey(bob.uid, "Mistral")).to.equal(null);
      try {
        await getDocs(collection(bob.db, `users/${alice.uid}/aiConfigs`));
        expect.fail("bob must not read alice's configs");
      } catch (error) {
        expect((error as { code?: string }).code).to.equal("permission-denied");
      }
    });

    it("lists every provider with catalog defaults, Mock included in the emulator", async () => {
      const alice = await signUp();
      const listed = await list(alice);
      expect(listed.activeProvider).to.equal(null);
      expect(listed.configs.map((c) => c.providerId)).to.deep.equal([
        "Gemini",
        "OpenAI",
        "OpenRouter",
        "Groq",
        "DeepSeek",
        "Mistral",
        "Ollama",
        "Mock",
      ]);
      expect(configOf(listed, "Mock")?.models.text).to.deep.equal(["mock-text"]);
    });

    it("deletes the user's encrypted keys when the account is deleted", async () => {
      const alice = await signUp();
      await save(alice, [
        { providerId: "OpenAI", apiKey: newApiKey("del-1") },
        { providerId: "DeepSeek", apiKey: newApiKey("del-2") },
      ]);
      expect((await adminDb().collection("secrets").where("uid", "==", alice.uid).get()).size).to.equal(2);
      await adminAuth().deleteUser(alice.uid);
      await eventually("secret deletion", async () => (await adminDb().collection("secrets").where("uid", "==", alice.uid).get()).empty);
      await eventually("profile deletion", async () => !(await adminDb().doc(`users/${alice.uid}`).get()).exists);
    });
  });

  describe("through Cloud KMS (the real client against a local fake)", () => {
    let kms: FakeKms;
    before(async () => {
      kms = await startFakeKms();
      kms.createKey(KMS_KEY);
    });
    after(async () => kms.stop());
    beforeEach(async () => {
      kms.setOutage(false);
      await adminDb().doc("config/emulator").set({ kmsEndpoint: kms.address, kmsKeyName: KMS_KEY });
    });

    it("wraps the data key with KMS and records the key version", async () => {
      const alice = await signUp();
      const key = newApiKey("kms");
      await save(alice, [{ providerId: "OpenAI", apiKey: key }]);
      const secret = (await adminDb().collection("secrets").where("uid", "==", alice.uid).get()).docs[0].data();
      expect(secret.keyBackend).to.equal("kms");
      expect(secret.keyVersion).to.match(new RegExp(`^${KMS_KEY}/cryptoKeyVersions/\\d+$`));
      expect(await readUserApiKey(alice.uid, "OpenAI")).to.equal(key);
    });

    it("still decrypts a key written under version 1 after the primary version becomes 2", async () => {
      const alice = await signUp();
      const first = newApiKey("v1");
      await save(alice, [{ providerId: "OpenAI", apiKey: first }]);
      const original = (await adminDb().collection("secrets").where("uid", "==", alice.uid).get()).docs[0].data();
      const version = kms.rotate(KMS_KEY);
      const second = newApiKey("v2");
      await save(alice, [{ providerId: "Groq", apiKey: second }]);
      const byProvider = Object.fromEntries(
        (await adminDb().collection("secrets").where("uid", "==", alice.uid).get()).docs.map((d) => [
          d.get("provider"),
          d.get("keyVersion"),
        ]),
      );
      expect(byProvider.OpenAI).to.equal(original.keyVersion);
      expect(byProvider.Groq).to.equal(`${KMS_KEY}/cryptoKeyVersions/${version}`);
      expect(byProvider.OpenAI).not.to.equal(byProvider.Groq);
      expect(await readUserApiKey(alice.uid, "OpenAI")).to.equal(first);
      expect(await readUserApiKey(alice.uid, "Groq")).to.equal(second);
    });

    it("refuses to decrypt a key moved to another user (their AAD does not match)", async () => {
      const [alice, bob] = await Promise.all([signUp(), signUp()]);
      await save(alice, [{ providerId: "OpenAI", apiKey: newApiKey("moved") }]);
      const stolen = (await adminDb().collection("secrets").where("uid", "==", alice.uid).get()).docs[0].data();
      await adminDb()
        .doc(`secrets/${bob.uid}:aiApiKey:OpenAI`)
        .set({ ...stolen, uid: bob.uid });
      const decrypts = kms.calls.length;
      try {
        await readUserApiKey(bob.uid, "OpenAI");
        expect.fail("another user's ciphertext must not decrypt");
      } catch (error) {
        expect((error as { code?: string }).code).to.equal("failed-precondition");
      }
      expect(kms.calls.slice(decrypts).map((c) => c.method)).to.deep.equal(["Decrypt"]);
    });

    it("answers a KMS outage with unavailable and stores nothing", async () => {
      const alice = await signUp();
      kms.setOutage(true);
      await expectCallError(
        save(alice, [{ providerId: "OpenAI", apiKey: newApiKey("outage") }]),
        "unavailable",
        /encryption service is unavailable/,
      );
      expect(await storedState(alice.uid)).to.equal("[[],[]]");
      kms.setOutage(false);
      expect(configOf(await list(alice), "OpenAI")?.hasApiKey).to.equal(false);
    });
  });

  describe("input validation", () => {
    let alice: Client & { uid: string };
    let initial: string;
    beforeEach(async () => {
      alice = await signUp();
      await save(alice, [{ providerId: "OpenAI", apiKey: newApiKey("existing"), models: { text: ["gpt-4.1"] } }]);
      initial = await storedState(alice.uid);
    });

    for (const [label, configs, field] of [
      ["an unknown provider", [{ providerId: "Claude", apiKey: "sk-test-unknown-provider" }], /configs\.0\.providerId/],
      ["a key that is too long", [{ providerId: "OpenAI", apiKey: `sk-${"a".repeat(600)}` }], /configs\.0\.apiKey/],
      ["a key with spaces", [{ providerId: "OpenAI", apiKey: "sk-test with spaces" }], /configs\.0\.apiKey/],
      ["models that are not strings", [{ providerId: "OpenAI", models: { text: [1, 2] } }], /configs\.0\.models\.text/],
      ["more than 20 configs", Array.from({ length: 21 }, () => ({ providerId: "Groq" })), /configs/],
      ["the same provider twice", [{ providerId: "Groq" }, { providerId: "Groq", isEnabled: false }], /configs/],
      ["an unknown field", [{ providerId: "OpenAI", secret: "x" }], /secret/],
      [
        "a valid config next to a bad baseURL",
        [
          { providerId: "Groq", apiKey: "sk-test-valid-groq" },
          { providerId: "Ollama", baseURL: "https://10.0.0.5/v1" },
        ],
        /configs\.1\.baseURL/,
      ],
    ] as const) {
      it(`refuses ${label} with invalid-argument and changes nothing`, async () => {
        await expectCallError(saveUntyped(alice, configs as unknown as unknown[]), "invalid-argument", field);
        expect(await storedState(alice.uid)).to.equal(initial);
      });
    }

    it("refuses an empty request", async () => {
      await expectCallError(alice.call("aiConfigs-save", {}), "invalid-argument", /configs/);
    });

    it("refuses a signed-out caller", async () => {
      await expectCallError(save(newClient(), [{ providerId: "OpenAI" }]), "unauthenticated");
      await expectCallError(list(newClient()), "unauthenticated");
    });
  });

  describe("rate limit (each key is one Cloud KMS Encrypt)", () => {
    const keyProviders: AiProviderId[] = ["OpenAI", "Gemini", "OpenRouter", "Groq", "DeepSeek", "Mistral", "Ollama"];
    const withKeys = (label: string, count = keyProviders.length) =>
      keyProviders.slice(0, count).map((providerId) => ({ providerId, apiKey: newApiKey(`${label}-${providerId}`) }));

    it("refuses a save past 20 keys an hour with resource-exhausted, before encrypting or writing anything", async () => {
      const alice = await signUp();
      await save(alice, withKeys("one"));
      await save(alice, withKeys("two"));
      const before = await storedState(alice.uid);
      const error = await expectCallError(save(alice, withKeys("three")), "resource-exhausted", /at most 20 an hour/);
      expect((error as { details?: unknown }).details).to.deep.equal({ reason: "ai-config-save-rate-limit", limitPerHour: 20 });
      expect(isRetryLaterError(error), "isRetryLaterError").to.equal(true);
      expect(retryAfterMs(error), "the error says no retry time").to.equal(undefined);
      expect(await storedState(alice.uid)).to.equal(before);

      await save(alice, withKeys("four", 6));
      await expectCallError(save(alice, [{ providerId: "Groq", isEnabled: false }]), "resource-exhausted");
      const bob = await signUp();
      await save(bob, withKeys("bob"));
    });

    it("does not count a save refused for bad input", async () => {
      const alice = await signUp();
      for (let i = 0; i < 25; i++)
        await expectCallError(save(alice, [{ providerId: "Ollama", baseURL: "https://10.0.0.5/v1" }]), "invalid-argument");
      await save(alice, withKeys("after-bad-input"));
    });
  });

  describe("baseURL and server-side request forgery", () => {
    for (const url of [
      "http://api.example.com/v1",
      "https://10.0.0.5/v1",
      "https://127.0.0.1/v1",
      "https://[::1]/v1",
      "https://169.254.169.254/latest/meta-data",
      "https://metadata.google.internal/computeMetadata/v1",
      "https://localhost/v1",
    ]) {
      it(`refuses ${url}`, async () => {
        const alice = await signUp();
        await expectCallError(save(alice, [{ providerId: "OpenRouter", baseURL: url }]), "invalid-argument", /baseURL/);
        expect(await storedState(alice.uid)).to.equal("[[],[]]");
      });
    }

    it("allows http://127.0.0.1 for a local model in the emulator, and null goes back to the default", async () => {
      const alice = await signUp();
      const saved = await save(alice, [{ providerId: "Ollama", baseURL: "http://127.0.0.1:11434/v1" }]);
      expect(configOf(saved, "Ollama")?.baseURL).to.equal("http://127.0.0.1:11434/v1");
      const reset = await save(alice, [{ providerId: "Ollama", baseURL: null }]);
      expect(configOf(reset, "Ollama")?.baseURL).to.equal(null);
    });

    it("accepts a provider's own default base URL without resolving it", async () => {
      const alice = await signUp();
      const saved = await save(alice, [{ providerId: "Groq", baseURL: "https://api.groq.com/openai/v1" }]);
      expect(configOf(saved, "Groq")?.baseURL).to.equal("https://api.groq.com/openai/v1");
    });
  });

  describe("active provider", () => {
    it("records the active provider on the profile and lists it", async () => {
      const alice = await signUp();
      const { aiConfigs } = callables(alice.functions);
      expect(await aiConfigs.setActive({ activeProvider: "Groq" })).to.deep.equal({});
      expect((await adminDb().doc(`users/${alice.uid}`).get()).get("activeAiProvider")).to.equal("Groq");
      expect((await list(alice)).activeProvider).to.equal("Groq");
      await aiConfigs.setActive({ activeProvider: null });
      expect((await list(alice)).activeProvider).to.equal(null);
    });

    it("accepts Mock in the emulator", async () => {
      const alice = await signUp();
      await callables(alice.functions).aiConfigs.setActive({ activeProvider: "Mock" });
      expect((await adminDb().doc(`users/${alice.uid}`).get()).get("activeAiProvider")).to.equal("Mock");
    });

    it("refuses an unknown provider and a signed-out caller", async () => {
      const alice = await signUp();
      await expectCallError(alice.call("aiConfigs-setActive", { activeProvider: "Claude" }), "invalid-argument", /activeProvider/);
      await expectCallError(alice.call("aiConfigs-setActive", {}), "invalid-argument", /activeProvider/);
      await expectCallError(callables(newClient().functions).aiConfigs.setActive({ activeProvider: "Groq" }), "unauthenticated");
      expect((await adminDb().doc(`users/${alice.uid}`).get()).get("activeAiProvider")).to.equal(null);
    });
  });

  // Mocha runs nested suites in order, so this one runs last: every earlier test's documents
  // were exported in afterEach, before the next beforeEach cleared them.
  describe("after every other test of the suite", () => {
    it("never stored a plaintext key in any Firestore document, nor wrote one to the function logs", async () => {
      expect(sentKeys.size).to.be.greaterThan(5);
      const sample = [...sentKeys][0];
      expect(containsKey(`{"k":"${Buffer.from(sample).toString("base64")}"}`), "the scan recognises an encoded key").to.equal(sample);
      expect(exportedDocuments, "documents exported during the suite").to.be.greaterThan(20);
      expect(leaks, "documents holding a plaintext key").to.deep.equal([]);

      const logs = await readEmulatorLogs();
      expect(
        logs.some((entry) => entry.includes("aiConfigs.saved")),
        "the functions' own log lines are in the captured logs",
      ).to.equal(true);
      expect(
        logs.filter((entry) => containsKey(entry)),
        "log entries holding a plaintext key",
      ).to.deep.equal([]);

      const debugLog = join(ROOT, "firebase-debug.log");
      if (existsSync(debugLog)) expect(containsKey(readFileSync(debugLog, "utf8")), "firebase-debug.log").to.equal(undefined);
    });
  });
});
