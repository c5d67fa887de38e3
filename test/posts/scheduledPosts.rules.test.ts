import { Timestamp, deleteDoc, deleteField, doc, getDoc, serverTimestamp, setDoc, updateDoc } from "firebase/firestore";
import { expectAllowed, expectDenied, seed, firestoreAs } from "../helpers/rules.js";
import { ALICE, DAVE, TEAM } from "../helpers/cast.js";
import { forCreate, seedTeams, stored, type Data } from "../campaign/campaignRules.js";

const inMinutes = (minutes: number) => Timestamp.fromMillis(Date.now() + minutes * 60_000);

const post = (): Data => ({
  platform: "X",
  connectedAccountId: "x-acct-1",
  content: "Launch",
  scheduledAt: inMinutes(60),
  timezone: "UTC",
  status: "scheduled",
});

const serverFields = {
  publishedAt: Timestamp.now(),
  platformPostId: "1234",
  permalink: "https://x.com/i/web/status/1234",
  failure: { reason: "platform-error", message: "X had an error", retryable: true },
  lease: { id: "lease", expiresAt: inMinutes(5), by: "task:schedule" },
  retryAt: inMinutes(2),
  rateLimitedAttempts: 1,
};

describe("rules: scheduledPosts and the publisher's server fields (publishing)", () => {
  const ref = async (uid: string | null = ALICE) => doc(await firestoreAs(uid), `teams/${TEAM}/scheduledPosts/p1`);
  const seedPost = (data: Data) => seed({ [`teams/${TEAM}/scheduledPosts/p1`]: stored(data) });

  beforeEach(async () => {
    await seedTeams();
    // The rules check the post's account against the team's connected accounts (docs/connections.md).
    await seed({ [`teams/${TEAM}/connectedAccounts/x-acct-1`]: { platform: "X" } });
  });

  it("denies creating a post as publishing, published or failed", async () => {
    for (const status of ["publishing", "published", "failed"]) await expectDenied(setDoc(await ref(), forCreate({ ...post(), status })));
    await expectAllowed(setDoc(await ref(), forCreate(post())));
  });

  for (const [field, value] of Object.entries(serverFields)) {
    it(`denies a member writing the server field ${field}, on create and on update`, async () => {
      await expectDenied(setDoc(await ref(), forCreate({ ...post(), [field]: value })));
      await seedPost(post());
      await expectDenied(updateDoc(await ref(), { [field]: value, updatedAt: serverTimestamp() }));
    });
  }

  it("denies a member setting a scheduled post to publishing", async () => {
    await seedPost(post());
    await expectDenied(updateDoc(await ref(), { status: "publishing", updatedAt: serverTimestamp() }));
  });

  it("lets members read a publishing post, and denies editing, cancelling or rescheduling it", async () => {
    await seedPost({ ...post(), status: "publishing", lease: serverFields.lease });
    await expectAllowed(getDoc(await ref()));
    await expectDenied(updateDoc(await ref(), { content: "edited", updatedAt: serverTimestamp() }));
    await expectDenied(updateDoc(await ref(), { status: "cancelled", updatedAt: serverTimestamp() }));
    await expectDenied(updateDoc(await ref(), { scheduledAt: inMinutes(90), updatedAt: serverTimestamp() }));
    await expectDenied(updateDoc(await ref(), { lease: deleteField(), updatedAt: serverTimestamp() }));
  });

  it("denies a non-member reading or deleting a publishing post", async () => {
    await seedPost({ ...post(), status: "publishing", lease: serverFields.lease });
    await expectDenied(getDoc(await ref(DAVE)));
    await expectDenied(deleteDoc(await ref(DAVE)));
  });

  it("keeps the publisher's fields of a rate-limited post (back to scheduled) out of a member's edits", async () => {
    await seedPost({ ...post(), retryAt: serverFields.retryAt, rateLimitedAttempts: 1 });
    await expectAllowed(updateDoc(await ref(), { content: "edited while waiting", updatedAt: serverTimestamp() }));
    await expectDenied(updateDoc(await ref(), { retryAt: deleteField(), updatedAt: serverTimestamp() }));
    await expectDenied(updateDoc(await ref(), { rateLimitedAttempts: 0, updatedAt: serverTimestamp() }));
  });

  it("denies a member clearing the failure of a failed post or setting it back to scheduled (posts-retry does that)", async () => {
    await seedPost({ ...post(), status: "failed", failure: serverFields.failure });
    await expectDenied(updateDoc(await ref(), { failure: deleteField(), updatedAt: serverTimestamp() }));
    await expectDenied(updateDoc(await ref(), { status: "scheduled", updatedAt: serverTimestamp() }));
    await expectAllowed(deleteDoc(await ref()));
  });
});
