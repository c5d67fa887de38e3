import { Timestamp, doc, serverTimestamp, setDoc, updateDoc, deleteDoc } from "firebase/firestore";
import { expectAllowed, expectDenied, seed, firestoreAs } from "../helpers/rules.js";
import { ALICE, TEAM } from "../helpers/cast.js";
import { describeCampaignCollection, forCreate, stored, type Data } from "./campaignRules.js";

const inMinutes = (minutes: number) => Timestamp.fromMillis(Date.now() + minutes * 60_000);

const post = (): Data => ({
  contentDraftId: "draft-1",
  platform: "LinkedIn",
  connectedAccountId: "account-1",
  content: "We are hiring!",
  scheduledAt: inMinutes(60),
  timezone: "Europe/Berlin",
  status: "scheduled",
});

describe("rules: teams/{teamId}/scheduledPosts", () => {
  describeCampaignCollection({
    name: "scheduledPosts",
    valid: post,
    validUpdate: { content: "We are still hiring!", scheduledAt: inMinutes(120) },
    required: ["platform", "scheduledAt", "timezone", "status"],
    wrongEnums: [
      ["status", "sent"],
      ["platform", "MySpace"],
    ],
    tooLong: [
      ["content", "c".repeat(10001)],
      ["timezone", `America/${"A".repeat(60)}`],
      ["connectedAccountId", "a".repeat(129)],
    ],
    wrongTypes: [
      ["scheduledAt", "2030-01-01T10:00:00Z"],
      ["scheduledAt", 1893492000000],
      ["timezone", 2],
    ],
  });

  describe("scheduling", () => {
    const ref = async (id = "p1") => doc(await firestoreAs(ALICE), `teams/${TEAM}/scheduledPosts/${id}`);
    const create = async (data: Data) => setDoc(await ref(), forCreate(data));
    const seedPost = (status: string) => seed({ [`teams/${TEAM}/scheduledPosts/p1`]: stored({ ...post(), status }) });

    it("accepts IANA timezone names of one to three parts", async () => {
      const db = await firestoreAs(ALICE);
      const zones = ["UTC", "America/New_York", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "America/Port-au-Prince"];
      // Legacy IANA names with digits or a hyphen in their first part.
      for (const timezone of [...zones, "EST5EDT", "GMT0", "W-SU", "GB-Eire"]) {
        await expectAllowed(
          setDoc(doc(db, `teams/${TEAM}/scheduledPosts/${timezone.replace(/\//g, "-")}`), forCreate({ ...post(), timezone })),
        );
      }
    });

    it("denies a timezone that is not an IANA name", async () => {
      await expectDenied(create({ ...post(), timezone: "+02:00" }));
      await expectDenied(create({ ...post(), timezone: "Europe Berlin" }));
      await expectDenied(create({ ...post(), timezone: "5EST" }));
      await expectDenied(create({ ...post(), timezone: "Europe/../Berlin" }));
      await expectDenied(create({ ...post(), timezone: "" }));
    });

    it("accepts a contentDraftId that is a document id, or empty, on create and on update", async () => {
      await expectAllowed(setDoc(await ref("p-empty"), forCreate({ ...post(), contentDraftId: "" })));
      await expectAllowed(create({ ...post(), contentDraftId: "Draft_2.v1-x" }));
      await expectAllowed(updateDoc(await ref(), { contentDraftId: "draft-3", updatedAt: serverTimestamp() }));
    });

    // The publisher looks the draft up by this id: a path of several segments is no document id.
    for (const contentDraftId of ["a/b", "/a", "a/", ".", "..", "__x__", "line\n/b"]) {
      it(`denies the contentDraftId ${JSON.stringify(contentDraftId)}, which is not a single document id`, async () => {
        await expectDenied(create({ ...post(), contentDraftId }));
        await seedPost("scheduled");
        await expectDenied(updateDoc(await ref(), { contentDraftId, updatedAt: serverTimestamp() }));
      });
    }

    it("denies a new post scheduled in the past", async () => {
      await expectDenied(create({ ...post(), scheduledAt: inMinutes(-10) }));
    });

    it("denies a new post that is not `scheduled`", async () => {
      for (const status of ["published", "failed", "cancelled"]) await expectDenied(create({ ...post(), status }));
    });

    it("lets a member cancel a scheduled post", async () => {
      await seedPost("scheduled");
      await expectAllowed(updateDoc(await ref(), { status: "cancelled", updatedAt: serverTimestamp() }));
    });

    it("denies a client setting published or failed", async () => {
      await seedPost("scheduled");
      await expectDenied(updateDoc(await ref(), { status: "published", updatedAt: serverTimestamp() }));
      await expectDenied(updateDoc(await ref(), { status: "failed", updatedAt: serverTimestamp() }));
    });

    it("denies rescheduling into the past", async () => {
      await seedPost("scheduled");
      await expectDenied(updateDoc(await ref(), { scheduledAt: inMinutes(-10), updatedAt: serverTimestamp() }));
    });

    it("keeps a post editable when its time has passed but scheduledAt is unchanged", async () => {
      await seed({ [`teams/${TEAM}/scheduledPosts/p1`]: stored({ ...post(), scheduledAt: inMinutes(-5) }) });
      await expectAllowed(updateDoc(await ref(), { status: "cancelled", updatedAt: serverTimestamp() }));
    });

    for (const status of ["published", "failed", "cancelled"]) {
      it(`denies editing a ${status} post, but lets a member delete it`, async () => {
        await seedPost(status);
        await expectDenied(updateDoc(await ref(), { content: "edited", updatedAt: serverTimestamp() }));
        await expectDenied(updateDoc(await ref(), { status: "scheduled", updatedAt: serverTimestamp() }));
        await expectAllowed(deleteDoc(await ref()));
      });
    }

    it("leaves fields the server adds untouched by client edits", async () => {
      await seed({ [`teams/${TEAM}/scheduledPosts/p1`]: { ...stored(post()), lastAttemptAt: Timestamp.now() } });
      await expectAllowed(updateDoc(await ref(), { content: "edited", updatedAt: serverTimestamp() }));
      await expectDenied(updateDoc(await ref(), { lastAttemptAt: serverTimestamp(), updatedAt: serverTimestamp() }));
    });
  });
});
