import { expect } from "chai";
import { readFileSync } from "node:fs";
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
    expect(read("functions/src/common/collections.ts")).to.contain('typedCollection("mail", mailSchema)');
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
