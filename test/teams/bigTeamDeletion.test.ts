import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { getFunctions } from "firebase-admin/functions";
import { DELETION_PAGE_SIZE } from "../../functions/src/common/deletion.js";
import { adminAuth, adminBucket, adminDb, eventually, uploadCounted } from "../helpers/admin.js";
import { personalTeamId, signUp } from "../helpers/clients.js";
import { loggedEvents } from "../helpers/emulatorLogs.js";
import { discoverEmulators } from "../helpers/emulators.js";
import { useEmptyEmulators } from "../helpers/suite.js";
import { faultsLeft, injectFaults, runScheduled } from "../helpers/triggers.js";
import { tasksApp } from "../posts/support.js";

/** What one page of a team deletion logged (`teams.deletionPage`). */
interface PageLog {
  teamId: string;
  run: string;
  page: number;
  documents: number;
  files: number;
  done: boolean;
  retryCount: number;
}

async function pagesOf(teamId: string): Promise<PageLog[]> {
  const pages = (await loggedEvents("teams.deletionPage")) as unknown as PageLog[];
  return pages.filter((page) => page.teamId === teamId);
}

/** A team tree bigger than several pages: personas, drafts, operators, chat messages and files. */
const SEEDED = { personas: 1_200, contentDrafts: 900, operators: 400, messages: 100, files: 12 };
const SEEDED_DOCUMENTS = SEEDED.personas + SEEDED.contentDrafts + SEEDED.operators + SEEDED.messages;

async function seedBigTeam(teamId: string, ownerId: string): Promise<void> {
  const db = adminDb();
  const writer = db.bulkWriter();
  const seed = (collection: string, count: number, data: (i: number) => Record<string, unknown>) => {
    for (let i = 0; i < count; i += 1) void writer.set(db.doc(`teams/${teamId}/${collection}/doc-${i}`), data(i));
  };
  seed("personas", SEEDED.personas, (i) => ({
    name: `Persona ${i}`,
    demographics: "",
    psychographics: "",
    initialBeliefs: "",
    vulnerabilities: [],
  }));
  seed("contentDrafts", SEEDED.contentDrafts, (i) => ({ title: `Draft ${i}`, platformContents: {} }));
  seed("operators", SEEDED.operators, (i) => ({ name: `Operator ${i}`, type: "classical" }));
  void writer.set(db.doc(`teams/${teamId}/channels/general`), {
    name: "general",
    isDirectMessage: false,
    memberIds: [],
    createdBy: ownerId,
    createdAt: Timestamp.now(),
  });
  seed("channels/general/messages", SEEDED.messages, (i) => ({
    senderId: ownerId,
    senderName: "Owner",
    text: `message ${i}`,
    createdAt: Timestamp.now(),
  }));
  await writer.close();
  await uploadCounted(
    teamId,
    Array.from({ length: SEEDED.files }, (_, i) => ({
      path: `teams/${teamId}/chat/general/${ownerId}/file-${i}.txt`,
      content: `file ${i}`,
    })),
  );
}

/** Every document still below the team (any depth, orphans included) and every file in its folder. */
async function leftOf(teamId: string): Promise<{ collections: string[]; files: number }> {
  const collections = (await adminDb().doc(`teams/${teamId}`).listCollections()).map((collection) => collection.id);
  const [files] = await adminBucket().getFiles({ prefix: `teams/${teamId}/` });
  return { collections, files: files.length };
}

/** The pages were bounded, more than two, ended once, and deleted at least `documents` documents. */
function expectBoundedPages(pages: PageLog[], documents: number): void {
  expect(pages.length, "more than one page").to.be.greaterThan(2);
  for (const page of pages) expect(page.documents + page.files, `page ${page.page}`).to.be.at.most(DELETION_PAGE_SIZE);
  expect(pages.filter((page) => page.done).length, "one last page").to.be.at.least(1);
  expect(pages.reduce((sum, page) => sum + page.documents, 0)).to.be.at.least(documents);
}

describe("teams: deleting a big team in bounded, resumable pages (Cloud Tasks)", function () {
  // Thousands of documents through the task queue on a shared 2-core machine: minutes, not seconds.
  this.timeout(420_000);

  before(() => discoverEmulators(["tasks", "storage"]));
  useEmptyEmulators({ storage: true });

  it("deletes the team of an account that owned it alone, page by page, until nothing is left", async () => {
    const alice = await signUp();
    const teamId = await personalTeamId(alice);
    await seedBigTeam(teamId, alice.uid);

    await adminAuth().deleteUser(alice.uid);
    await eventually("alice's profile deletion", async () => !(await adminDb().doc(`users/${alice.uid}`).get()).exists, 120_000);
    // The account's deletion completes as soon as the team is marked: nobody is left in it.
    await eventually(
      "alice's deletion recorded complete",
      async () => (await adminDb().doc(`userDeletions/${alice.uid}`).get()).get("pendingSteps")?.length === 0,
      60_000,
    );
    expect((await adminDb().doc(`teams/${teamId}/members/${alice.uid}`).get()).exists, "membership gone at once").to.equal(false);
    const team = await adminDb().doc(`teams/${teamId}`).get();
    expect(!team.exists || team.get("deletingAt") instanceof Timestamp, "the team is marked until it is gone").to.equal(true);

    await eventually("the team deleted", async () => !(await adminDb().doc(`teams/${teamId}`).get()).exists, 360_000);
    expect(await leftOf(teamId)).to.deep.equal({ collections: [], files: 0 });
    const pages = await eventually("the last page logged", async () => {
      const logged = await pagesOf(teamId);
      return logged.some((page) => page.done) ? logged : null;
    });
    expectBoundedPages(pages, SEEDED_DOCUMENTS);
    expect(pages[0].page, "the first page runs in the account deletion").to.equal(0);
    expect(pages.reduce((sum, page) => sum + page.files, 0)).to.equal(SEEDED.files);
  });

  it("resumes a marked team whose job died, and finishes it after a page fails midway", async () => {
    const bob = await signUp();
    const teamId = "abandoned-team";
    const twoHoursAgo = Timestamp.fromMillis(Date.now() - 2 * 60 * 60_000);
    // A team marked for deletion whose job never ran (the process died after the mark), still
    // listed in a profile.
    await adminDb()
      .doc(`teams/${teamId}`)
      .set({ name: "Abandoned", ownerId: "gone-owner", memberIds: [], createdAt: twoHoursAgo, deletingAt: twoHoursAgo });
    await adminDb()
      .doc(`users/${bob.uid}`)
      .update({ teamIds: [await personalTeamId(bob), teamId] });
    await seedBigTeam(teamId, "gone-owner");
    // Page 2 dies after its deletes, before it records progress and enqueues page 3.
    await injectFaults({ "teams.deletionPage.2": 1 });

    await runScheduled("identity-reconcileUsers");
    await eventually("the team deleted", async () => !(await adminDb().doc(`teams/${teamId}`).get()).exists, 360_000);

    // The last page logs once it has also taken the team out of the profiles that list it.
    const pages = await eventually("the last page logged", async () => {
      const logged = await pagesOf(teamId);
      return logged.some((page) => page.done) ? logged : null;
    });
    expect(await leftOf(teamId)).to.deep.equal({ collections: [], files: 0 });
    expect((await adminDb().doc(`users/${bob.uid}`).get()).get("teamIds")).to.deep.equal([await personalTeamId(bob)]);
    expect(await faultsLeft("teams.deletionPage.2")).to.equal(0);
    // The failed attempt's deletes were done but not logged: one page fewer in the logged sum.
    expectBoundedPages(pages, SEEDED_DOCUMENTS - DELETION_PAGE_SIZE);
    expect(new Set(pages.map((page) => page.run)).size, "one run").to.equal(1);
    const retried = pages.filter((page) => page.retryCount > 0);
    expect(
      retried.map((page) => page.page),
      "only the failed page ran again",
    ).to.deep.equal([2]);
    expect(
      pages.map((page) => page.page).sort((a, b) => a - b),
      "every page once (the failed attempt logged nothing)",
    ).to.deep.equal(Array.from({ length: pages.length }, (_, i) => i));
  });

  it("drops a malformed page task and deletes nothing", async () => {
    const teamId = "kept-team";
    const now = Timestamp.now();
    await adminDb()
      .doc(`teams/${teamId}`)
      .set({ name: "Kept", ownerId: "someone", memberIds: ["someone"], createdAt: now });
    await adminDb().doc(`teams/${teamId}/personas/p1`).set({ name: "Pat" });
    const badBefore = (await loggedEvents("teams.deletionBadTask")).length;

    const queue = getFunctions(tasksApp()).taskQueue("locations/us-central1/functions/teams-deleteTeamPage");
    await queue.enqueue({ teamId, page: -1 });

    await eventually("the bad task logged", async () => (await loggedEvents("teams.deletionBadTask")).length > badBefore, 60_000);
    expect((await adminDb().doc(`teams/${teamId}`).get()).exists).to.equal(true);
    expect((await adminDb().doc(`teams/${teamId}/personas/p1`).get()).exists).to.equal(true);
    expect(await pagesOf(teamId)).to.deep.equal([]);
  });
});
