/**
 * Proof that the Storage emulator enforces rules for real. Offline, the emulator evaluates
 * storage rules with tools/storage-rules-runtime (an adapter over the rules engine of the
 * gcloud Firestore emulator); online, with Firebase's downloaded runtime. Every rule here is
 * checked both ways, so an allow-all or deny-all runtime fails this file. The rules are
 * test-only; the project's storage.rules are loaded back afterwards.
 */
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestContext,
  type RulesTestEnvironment,
} from "@firebase/rules-unit-testing";
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const PROJECT_ID = "demo-pixasocial";
const ROOT = join(__dirname, "..", "..");

const TEST_RULES = `
rules_version = '2';
service firebase.storage {
  match /b/{bucket}/o {
    function isSignedIn() {
      return request.auth != null;
    }
    function isOwner(uid) {
      return isSignedIn() && request.auth.uid == uid;
    }
    function isTeamMember(teamId) {
      return isSignedIn()
        && firestore.exists(/databases/(default)/documents/teams/$(teamId)/members/$(request.auth.uid));
    }
    function isTeamAdmin(teamId) {
      return isSignedIn()
        && firestore.get(/databases/(default)/documents/teams/$(teamId)/members/$(request.auth.uid)).data.role in ['owner', 'admin'];
    }

    match /avatars/{uid}/{fileName} {
      allow read: if isOwner(uid);
      allow create: if isOwner(uid)
        && request.resource.size <= 1024
        && request.resource.contentType.matches('image/(png|jpeg)');
    }

    match /teams/{teamId}/{allPaths=**} {
      allow read: if isTeamMember(teamId);
    }

    match /teams/{teamId}/library/{assetId}/{fileName} {
      allow create: if isTeamMember(teamId);
      allow delete: if isTeamAdmin(teamId);
    }

    match /teams/{teamId}/public/{fileName} {
      allow read: if true;
    }
  }
}
`;

interface HostPort {
  host: string;
  port: number;
}

function emulatorHost(variable: string): HostPort {
  const value = process.env[variable];
  if (!value) throw new Error(`${variable} is not set: run the tests with \`npm test\`, which starts the emulators.`);
  const index = value.lastIndexOf(":");
  return { host: value.slice(0, index), port: Number(value.slice(index + 1)) };
}

/** Loads a rules text into the Storage emulator the way the rules-unit-testing SDK does. */
async function putStorageRules(storage: HostPort, content: string): Promise<Response> {
  return fetch(`http://${storage.host}:${storage.port}/internal/setRules`, {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ rules: { files: [{ name: "storage.rules", content }] } }),
  });
}

function bytes(size: number): Uint8Array {
  return new Uint8Array(size).fill(7);
}

async function upload(context: RulesTestContext, path: string, size: number, contentType: string): Promise<void> {
  await context.storage().ref(path).put(bytes(size), { contentType });
}

describe("Storage rules runtime: the Storage emulator enforces storage rules", () => {
  let testEnv: RulesTestEnvironment;
  let storageHost: HostPort;

  before(async () => {
    storageHost = emulatorHost("FIREBASE_STORAGE_EMULATOR_HOST");
    testEnv = await initializeTestEnvironment({
      projectId: PROJECT_ID,
      storage: { ...storageHost, rules: TEST_RULES },
      firestore: emulatorHost("FIRESTORE_EMULATOR_HOST"),
    });
  });

  beforeEach(async () => {
    await testEnv.clearStorage();
    await testEnv.clearFirestore();
  });

  after(async () => {
    // Put the project's rules back for the rest of the suite. Whether they compile is for the
    // spec of storage.rules to say; an uncompiled ruleset leaves the emulator denying all.
    await putStorageRules(storageHost, readFileSync(join(ROOT, "storage.rules"), "utf8"));
    await testEnv.cleanup();
  });

  async function seedFile(path: string): Promise<void> {
    await testEnv.withSecurityRulesDisabled((context) => upload(context, path, 16, "image/png"));
  }

  async function seedMember(teamId: string, uid: string, role: string): Promise<void> {
    await testEnv.withSecurityRulesDisabled(async (context) => {
      await context.firestore().doc(`teams/${teamId}/members/${uid}`).set({ role });
    });
  }

  describe("request.auth, request.resource and path wildcards", () => {
    it("lets a user upload a small PNG as their own avatar", async () => {
      await assertSucceeds(upload(testEnv.authenticatedContext("alice"), "avatars/alice/me.png", 512, "image/png"));
    });

    it("refuses an avatar upload into another user's folder", async () => {
      await assertFails(upload(testEnv.authenticatedContext("bob"), "avatars/alice/me.png", 512, "image/png"));
    });

    it("refuses an avatar upload without sign-in", async () => {
      await assertFails(upload(testEnv.unauthenticatedContext(), "avatars/alice/me.png", 512, "image/png"));
    });

    it("refuses an avatar that is not an image", async () => {
      await assertFails(upload(testEnv.authenticatedContext("alice"), "avatars/alice/me.txt", 512, "text/plain"));
    });

    it("refuses an avatar over the size limit", async () => {
      await assertFails(upload(testEnv.authenticatedContext("alice"), "avatars/alice/me.png", 2048, "image/png"));
    });

    it("lets a user read their own avatar and refuses everyone else", async () => {
      await seedFile("avatars/alice/me.png");
      const metadata = await assertSucceeds(testEnv.authenticatedContext("alice").storage().ref("avatars/alice/me.png").getMetadata());
      expect(metadata.size).to.equal(16);
      await assertFails(testEnv.authenticatedContext("bob").storage().ref("avatars/alice/me.png").getMetadata());
      await assertFails(testEnv.unauthenticatedContext().storage().ref("avatars/alice/me.png").getMetadata());
    });
  });

  describe("cross-service rules: firestore.exists() and firestore.get()", () => {
    it("lets a user upload to a team library only once their membership document exists", async () => {
      const bob = testEnv.authenticatedContext("bob");
      await assertFails(upload(bob, "teams/team1/library/asset1/logo.png", 64, "image/png"));
      await seedMember("team1", "bob", "member");
      await assertSucceeds(upload(bob, "teams/team1/library/asset1/logo.png", 64, "image/png"));
      await assertFails(upload(bob, "teams/team2/library/asset1/logo.png", 64, "image/png"));
    });

    it("lets a team member list the team library and refuses an outsider", async () => {
      await seedMember("team1", "bob", "member");
      await seedFile("teams/team1/library/asset1/logo.png");
      const listing = await assertSucceeds(testEnv.authenticatedContext("bob").storage().ref("teams/team1/library/asset1").listAll());
      expect(listing.items.map((item) => item.name)).to.deep.equal(["logo.png"]);
      await assertFails(testEnv.authenticatedContext("carol").storage().ref("teams/team1/library/asset1").listAll());
    });

    it("lets only a team owner or admin delete a library file, reading the role with firestore.get()", async () => {
      await seedMember("team1", "alice", "owner");
      await seedMember("team1", "bob", "member");
      await seedFile("teams/team1/library/asset1/logo.png");
      await assertFails(testEnv.authenticatedContext("bob").storage().ref("teams/team1/library/asset1/logo.png").delete());
      await assertFails(testEnv.authenticatedContext("carol").storage().ref("teams/team1/library/asset1/logo.png").delete());
      await assertSucceeds(testEnv.authenticatedContext("alice").storage().ref("teams/team1/library/asset1/logo.png").delete());
    });

    it("grants a read that one rule allows while another rule still waits for its Firestore lookup", async () => {
      await seedFile("teams/team1/public/banner.png");
      await seedFile("teams/team1/library/asset1/logo.png");
      await assertSucceeds(testEnv.authenticatedContext("carol").storage().ref("teams/team1/public/banner.png").getMetadata());
      await assertFails(testEnv.authenticatedContext("carol").storage().ref("teams/team1/library/asset1/logo.png").getMetadata());
    });
  });

  describe("loading rules", () => {
    it("refuses rules that do not compile", async () => {
      try {
        const response = await putStorageRules(
          storageHost,
          "rules_version = '2'; service firebase.storage { match /b/{bucket}/o { allow read: if ; } }",
        );
        expect(response.status).to.equal(400);
      } finally {
        const reloaded = await putStorageRules(storageHost, TEST_RULES);
        expect(reloaded.status).to.equal(200);
      }
    });
  });
});
