import { Timestamp, collection, deleteDoc, doc, getDoc, getDocs, serverTimestamp, setDoc, updateDoc } from "firebase/firestore";
import { ALICE, DAVE, ERIN, OTHER_TEAM, TEAM } from "../helpers/cast.js";
import { forCreate, seedTeams, stored, type Data } from "../campaign/campaignRules.js";
import { expectAllowed, expectDenied, seed, firestoreAs } from "../helpers/rules.js";

const account = (platform: string, connectedBy = ALICE): Data => ({
  platform,
  platformAccountId: `${platform}-1`,
  kind: "profile",
  displayName: `${platform} account`,
  profileImageUrl: null,
  scopes: ["a"],
  connectedBy,
  connectedAt: Timestamp.now(),
  health: "ok",
});

const post = (connectedAccountId: string | undefined, platform = "X"): Data => ({
  platform,
  ...(connectedAccountId && { connectedAccountId }),
  scheduledAt: Timestamp.fromMillis(Date.now() + 3_600_000),
  timezone: "UTC",
  status: "scheduled",
});

describe("rules: teams/{teamId}/connectedAccounts and the connection flow's server-only documents", () => {
  beforeEach(async () => {
    await seedTeams();
    await seed({
      [`teams/${TEAM}/connectedAccounts/x-acc`]: account("X"),
      [`teams/${TEAM}/connectedAccounts/li-acc`]: account("LinkedIn"),
      [`teams/${OTHER_TEAM}/connectedAccounts/erin-x`]: account("X", ERIN),
      "connectionStates/hash": {
        uid: ALICE,
        teamId: TEAM,
        platform: "X",
        codeVerifier: "v",
        redirectUri: "r",
        expiresAt: Timestamp.now(),
        createdAt: Timestamp.now(),
      },
      "pendingConnections/p1": {
        uid: ALICE,
        teamId: TEAM,
        platform: "X",
        targets: [],
        grant: {},
        expiresAt: Timestamp.now(),
        createdAt: Timestamp.now(),
      },
      [`accountTokenStates/${TEAM}:x-acc`]: { teamId: TEAM, accountId: "x-acc", connectedBy: ALICE },
    });
  });

  it("lets a member read and list the team's accounts", async () => {
    const db = await firestoreAs(ALICE);
    await expectAllowed(getDoc(doc(db, `teams/${TEAM}/connectedAccounts/x-acc`)));
    await expectAllowed(getDocs(collection(db, `teams/${TEAM}/connectedAccounts`)));
  });

  it("denies a non-member, a member of another team and a signed-out caller", async () => {
    for (const uid of [ERIN, DAVE, null]) {
      await expectDenied(getDoc(doc(await firestoreAs(uid), `teams/${TEAM}/connectedAccounts/x-acc`)));
      await expectDenied(getDocs(collection(await firestoreAs(uid), `teams/${TEAM}/connectedAccounts`)));
    }
  });

  it("denies every client write, even the connector's", async () => {
    const db = await firestoreAs(ALICE);
    await expectDenied(setDoc(doc(db, `teams/${TEAM}/connectedAccounts/new`), account("X")));
    await expectDenied(updateDoc(doc(db, `teams/${TEAM}/connectedAccounts/x-acc`), { health: "ok", displayName: "renamed" }));
    await expectDenied(deleteDoc(doc(db, `teams/${TEAM}/connectedAccounts/x-acc`)));
  });

  it("denies everyone the states, pending grants and refresh states, even the member they belong to", async () => {
    const db = await firestoreAs(ALICE);
    for (const path of ["connectionStates/hash", "pendingConnections/p1", `accountTokenStates/${TEAM}:x-acc`]) {
      await expectDenied(getDoc(doc(db, path)));
      await expectDenied(setDoc(doc(db, path), { uid: ALICE }));
      await expectDenied(deleteDoc(doc(db, path)));
    }
    await expectDenied(getDocs(collection(db, "pendingConnections")));
  });

  describe("scheduledPosts.connectedAccountId", () => {
    const postRef = async (id = "p1") => doc(await firestoreAs(ALICE), `teams/${TEAM}/scheduledPosts/${id}`);

    it("accepts an account of the same team and the post's platform, or none", async () => {
      await expectAllowed(setDoc(await postRef("a"), forCreate(post("x-acc"))));
      await expectAllowed(setDoc(await postRef("b"), forCreate(post(undefined))));
    });

    it("denies an account of another platform, of another team, or that does not exist", async () => {
      await expectDenied(setDoc(await postRef(), forCreate(post("li-acc"))));
      await expectDenied(setDoc(await postRef(), forCreate(post("erin-x"))));
      await expectDenied(setDoc(await postRef(), forCreate(post("missing"))));
    });

    it("denies switching a post to a mismatched account or platform, and still lets it be cancelled after its account went", async () => {
      await seed({ [`teams/${TEAM}/scheduledPosts/p1`]: stored(post("x-acc")) });
      await expectDenied(updateDoc(await postRef(), { connectedAccountId: "li-acc", updatedAt: serverTimestamp() }));
      await expectDenied(updateDoc(await postRef(), { platform: "LinkedIn", updatedAt: serverTimestamp() }));
      await expectAllowed(updateDoc(await postRef(), { platform: "LinkedIn", connectedAccountId: "li-acc", updatedAt: serverTimestamp() }));
      await seed({ [`teams/${TEAM}/scheduledPosts/p2`]: stored(post("gone-acc")) });
      await expectAllowed(updateDoc(await postRef("p2"), { status: "cancelled", updatedAt: serverTimestamp() }));
    });
  });
});
