import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** The KEY=value lines of a .env file (comments and blank lines skipped). */
function envFile(path: string): Record<string, string> {
  const entries = read(path)
    .split("\n")
    .filter((line) => line.trim() && !line.trimStart().startsWith("#"))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]);
  return Object.fromEntries(entries);
}

describe("unit: the deploy manifest for the invitation mail", () => {
  const firebaseJson = JSON.parse(read("firebase.json")) as { extensions?: Record<string, string> };

  it("declares the Trigger Email extension in firebase.json, at a fixed version", () => {
    expect(firebaseJson.extensions?.["firestore-send-email"]).to.match(/^firebase\/firestore-send-email@\d+\.\d+\.\d+$/);
  });

  it("points it at the mail outbox teams-invite writes, with the SMTP password as a Secret Manager secret", () => {
    const env = envFile("extensions/firestore-send-email.env");
    expect(env.MAIL_COLLECTION).to.equal("mail");
    expect(read("functions/src/common/collections/mail.ts")).to.contain('typedCollection("mail", mailSchema)');
    expect(env.SMTP_PASSWORD).to.match(/^projects\/\$\{param:PROJECT_ID\}\/secrets\/[\w-]+\/versions\/latest$/);
    // The connection URI holds no password (user@host only).
    expect(env.SMTP_CONNECTION_URI).to.match(/^smtps?:\/\/[^:/]*@[^:@/]+:\d+$/);
    expect(env.TTL_EXPIRE_TYPE).to.not.equal("never");
  });

  it("keeps the Extensions emulator out of the offline emulator runs", () => {
    const emulators = /EMULATORS = "([^"]+)"/.exec(read("scripts/lib/emulators.mjs"))?.[1].split(",");
    expect(emulators).to.include.members(["auth", "firestore", "functions", "storage"]);
    expect(emulators).to.not.include("extensions");
  });
});

/**
 * Every deployed function, as the entry point listed them before each group loaded its
 * functions lazily (common/lazyGroup.ts). Renaming or dropping one is a breaking change for the
 * frontend (CONTRACT.md) and for deployed triggers: change this list only on purpose (the two
 * deletion page tasks were added with the chunked deletions of issue #16, the member cleanup
 * trigger when a failed member cleanup became retried).
 */
const DEPLOYED_FUNCTIONS = [
  "identity-onUserCreated",
  "identity-onUserDeleted",
  "identity-ensureProfile",
  "identity-reconcileUsers",
  "aiConfigs-list",
  "aiConfigs-save",
  "aiConfigs-setActive",
  "teams-create",
  "teams-update",
  "teams-invite",
  "teams-revokeInvitation",
  "teams-removeMember",
  "teams-setRole",
  "teams-leave",
  "teams-transferOwnership",
  "teams-syncMemberNames",
  "teams-deleteTeamPage",
  "teams-onMemberCleanupQueued",
  "invitations-get",
  "invitations-accept",
  "invitations-decline",
  "library-onFileFinalized",
  "library-onFileDeleted",
  "library-onMemberRemoved",
  "library-onTokenRotationStep",
  "library-deleteAsset",
  "chat-onChannelDeleted",
  "chat-onMessageDeleted",
  "chat-deleteChannelPage",
  "ai-generateText",
  "ai-generateJson",
  "ai-generateImage",
  "ai-streamText",
  "ai-simulateFeedback",
  "ai-generateAuditPlan",
  "ai-resetMonthlyUsage",
  "ai-resetUsagePage",
  "ai-sweepReservations",
  "connections-start",
  "connections-callback",
  "connections-getPending",
  "connections-complete",
  "connections-disconnect",
  "connections-refreshTokensSchedule",
  "connections-onRevocationQueued",
  "posts-onPostWritten",
  "posts-publishTask",
  "posts-sweep",
  "posts-publishNow",
  "posts-retry",
];

interface Manifest {
  endpoints: Record<
    string,
    {
      entryPoint: string;
      platform: string;
      /** A list for 1st-gen functions, one string (possibly a list expression) for 2nd gen. */
      region?: string | string[];
      timeoutSeconds?: number | null;
      eventTrigger?: { eventType: string; retry: boolean };
      secretEnvironmentVariables?: Array<{ key: string }>;
    }
  >;
  params: Array<{ name: string }>;
}

/** How the manifest names the REGION param of common/params.ts (firebase-tools resolves it at deploy). */
const REGION_PARAM = "{{ params.REGION }}";

/** The manifest firebase-tools reads at deploy and emulator start, made by firebase-functions' own discovery. */
function discoveredManifest(): Manifest {
  const dir = mkdtempSync(join(tmpdir(), "pixa-manifest-"));
  try {
    const output = join(dir, "functions.json");
    execFileSync(process.execPath, [join(ROOT, "functions/node_modules/firebase-functions/lib/bin/firebase-functions.js"), "."], {
      cwd: join(ROOT, "functions"),
      env: {
        ...process.env,
        FUNCTIONS_MANIFEST_OUTPUT_PATH: output,
        GCLOUD_PROJECT: "demo-pixasocial",
        FIREBASE_CONFIG: JSON.stringify({ projectId: "demo-pixasocial", storageBucket: "demo-pixasocial.appspot.com" }),
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    return JSON.parse(readFileSync(output, "utf8")) as Manifest;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("unit: the functions' deploy manifest", () => {
  let manifest: Manifest;
  before(() => {
    manifest = discoveredManifest();
  });

  it("lists every function under its deployed name, with the entry point the runtime reads", () => {
    expect(Object.keys(manifest.endpoints)).to.have.members(DEPLOYED_FUNCTIONS);
    expect(Object.keys(manifest.endpoints)).to.have.length(DEPLOYED_FUNCTIONS.length);
    for (const [name, endpoint] of Object.entries(manifest.endpoints)) expect(endpoint.entryPoint, name).to.equal(name.replace("-", "."));
  });

  it("deploys the Auth triggers as 1st-gen events, retried on failure, with 300 s to run, in the REGION param's region", () => {
    const authTriggers = Object.fromEntries(
      ["identity-onUserCreated", "identity-onUserDeleted"].map((name) => {
        const { platform, region, timeoutSeconds, eventTrigger } = manifest.endpoints[name];
        return [name, { platform, region, timeoutSeconds, eventType: eventTrigger?.eventType, retry: eventTrigger?.retry }];
      }),
    );
    expect(authTriggers).to.deep.equal({
      "identity-onUserCreated": {
        platform: "gcfv1",
        region: [REGION_PARAM],
        timeoutSeconds: 300,
        eventType: "providers/firebase.auth/eventTypes/user.create",
        retry: true,
      },
      "identity-onUserDeleted": {
        platform: "gcfv1",
        region: [REGION_PARAM],
        timeoutSeconds: 300,
        eventType: "providers/firebase.auth/eventTypes/user.delete",
        retry: true,
      },
    });
  });

  it("deploys every function, 1st gen included, to the region of the REGION param", () => {
    const inRegionParam = (region: string | string[] | undefined) => [region].flat().join() === REGION_PARAM;
    const elsewhere = Object.entries(manifest.endpoints)
      .filter(([, { region }]) => !inRegionParam(region))
      .map(([name, { region }]) => `${name}: ${JSON.stringify(region)}`);
    expect(elsewhere).to.deep.equal([]);
  });

  it("attaches the secrets to the functions that use them, and to no other", () => {
    const withSecrets = Object.entries(manifest.endpoints)
      .filter(([, endpoint]) => endpoint.secretEnvironmentVariables?.length)
      .map(([name, endpoint]) => [name, endpoint.secretEnvironmentVariables?.map((secret) => secret.key).sort()]);
    const ai = ["GEMINI_API_KEY", "OPENAI_API_KEY"];
    const platforms = ["FACEBOOK", "INSTAGRAM", "LINKEDIN", "PINTEREST", "THREADS", "TIKTOK", "X", "YOUTUBE"].map(
      (p) => `${p}_CLIENT_SECRET`,
    );
    expect(Object.fromEntries(withSecrets)).to.deep.equal({
      "ai-generateText": ai,
      "ai-generateJson": ai,
      "ai-generateImage": ai,
      "ai-streamText": ai,
      "ai-simulateFeedback": ai,
      "ai-generateAuditPlan": ai,
      "connections-callback": platforms,
      "connections-disconnect": platforms,
      "connections-refreshTokensSchedule": platforms,
      "connections-onRevocationQueued": platforms,
      "posts-publishTask": platforms,
      "posts-publishNow": platforms,
    });
  });

  it("declares every param of common/params.ts", () => {
    const declared = [...read("functions/src/common/params.ts").matchAll(/(?:define\w+|clientId|clientSecret)\("([A-Z0-9_]+)"/g)].map(
      (m) => m[1],
    );
    expect(declared.length).to.be.greaterThan(30);
    expect(manifest.params.map((param) => param.name)).to.have.members(declared);
  });
});
