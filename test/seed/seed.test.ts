import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { contentDrafts, operators, personas, scheduledPosts } from "../../functions/src/common/collections/campaign.js";
import { channels, messages } from "../../functions/src/common/collections/chat.js";
import { users } from "../../functions/src/common/collections/identity.js";
import { memberRef, teamRef } from "../../functions/src/common/collections/teams.js";
import { clearEmulatorData } from "../helpers/emulators.js";

const ROOT = join(__dirname, "..", "..");

describe("seed: the demo data of npm start", () => {
  before(clearEmulatorData);
  after(clearEmulatorData);

  it("signs the demo users up and writes demo data in the shapes the backend reads", async () => {
    const run = spawnSync(process.execPath, [join(ROOT, "scripts", "seed.mjs")], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.contain("alice@demo.pixasocial.test");

    // The backend's own typed collections parse every document with its zod schema.
    const profiles = (await users().get()).docs.map((d) => d.data());
    expect(profiles.map((p) => p.email).sort()).to.deep.equal(["alice@demo.pixasocial.test", "bob@demo.pixasocial.test"]);
    const teamId = profiles.find((p) => p.email === "alice@demo.pixasocial.test")?.defaultTeamId as string;
    const team = (await teamRef(teamId).get()).data();
    expect(team?.memberIds).to.have.length(2);
    for (const uid of team?.memberIds ?? []) expect((await memberRef(teamId, uid).get()).data()?.role).to.be.oneOf(["owner", "member"]);

    for (const collection of [personas, operators, contentDrafts, scheduledPosts, channels]) {
      const snapshot = await collection(teamId).get();
      expect(snapshot.size, collection.name).to.be.greaterThan(0);
      snapshot.docs.forEach((d) => d.data());
    }
    const welcome = (await messages(teamId, "general").get()).docs.map((d) => d.data());
    expect(welcome).to.have.length(1);
  });
});
