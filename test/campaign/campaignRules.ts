/**
 * The rules cases every campaign collection shares (issue 4, "Must show"): a member's valid
 * create, read, list, update and delete; and the denials for a non-member, a member of another
 * team, a signed-out caller, a spoofed createdBy, client timestamps, unknown fields, wrong
 * types, enums and lengths, and changed createdBy/createdAt. Each collection's spec calls
 * `describeCampaignCollection` and adds its own cases.
 */
import {
  Timestamp,
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  limit,
  orderBy,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
} from "firebase/firestore";
import { ALICE, DAVE, ERIN, OTHER_TEAM, SEED_TIME, TEAM, castTeams } from "../helpers/cast.js";
import { clearAndSeed, expectAllowed, expectDenied, firestoreAs, seed } from "../helpers/rules.js";

export type Data = Record<string, unknown>;

/** Clears Firestore and seeds the cast's two teams. */
export async function seedTeams(): Promise<void> {
  await clearAndSeed({
    ...castTeams(),
    // The connected account the scheduledPosts fixtures name (rules check it exists with the post's platform).
    [`teams/${TEAM}/connectedAccounts/account-1`]: {
      platform: "LinkedIn",
      platformAccountId: "urn:li:person:1",
      kind: "profile",
      displayName: "A",
      connectedBy: ALICE,
    },
  });
}

/** What a client sends on create: the fields plus createdBy and server timestamps. */
export function forCreate(fields: Data, uid = ALICE): Data {
  return { ...fields, createdBy: uid, createdAt: serverTimestamp(), updatedAt: serverTimestamp() };
}

/** A stored document as an earlier create left it. */
export function stored(fields: Data, uid = ALICE): Data {
  return { ...fields, createdBy: uid, createdAt: SEED_TIME, updatedAt: SEED_TIME };
}

export interface CampaignCollectionSpec {
  /** Collection id under `teams/{teamId}/`. */
  name: string;
  /** A valid document's own fields (no createdBy/createdAt/updatedAt). */
  valid: () => Data;
  /** A valid change of the stored document (without updatedAt). */
  validUpdate: Data;
  /** Required fields: each one missing must be denied. */
  required: string[];
  /** [field, value] pairs with a wrong enum value. */
  wrongEnums: Array<[string, unknown]>;
  /** [field, value] pairs one character (or item) over a limit. */
  tooLong: Array<[string, unknown]>;
  /** [field, value] pairs of the wrong type. */
  wrongTypes: Array<[string, unknown]>;
}

/** The shared allowed/denied cases of one campaign collection. */
export function describeCampaignCollection(spec: CampaignCollectionSpec): void {
  const path = (id: string, team = TEAM) => `teams/${team}/${spec.name}/${id}`;
  const create = async (uid: string | null, data: Data, team = TEAM) => setDoc(doc(await firestoreAs(uid), path("new", team)), data);
  const update = async (uid: string | null, data: Data) => updateDoc(doc(await firestoreAs(uid), path("existing")), data);

  beforeEach(async () => {
    await seedTeams();
    await seed({ [path("existing")]: stored(spec.valid()), [path("existing", OTHER_TEAM)]: stored(spec.valid(), ERIN) });
  });

  describe("a team member", () => {
    it("creates a valid document stamped with their uid and the server time", async () => {
      await expectAllowed(create(ALICE, forCreate(spec.valid())));
    });

    it("reads a document", async () => {
      await expectAllowed(getDoc(doc(await firestoreAs(ALICE), path("existing"))));
    });

    it("lists the team's documents newest first", async () => {
      const db = await firestoreAs(ALICE);
      await expectAllowed(getDocs(query(collection(db, `teams/${TEAM}/${spec.name}`), orderBy("createdAt", "desc"), limit(20))));
    });

    it("updates a document and stamps updatedAt with the server time", async () => {
      await expectAllowed(update(ALICE, { ...spec.validUpdate, updatedAt: serverTimestamp() }));
    });

    it("deletes a document", async () => {
      await expectAllowed(deleteDoc(doc(await firestoreAs(ALICE), path("existing"))));
    });
  });

  describe("denied", () => {
    it("for a non-member: create, read, list, update and delete", async () => {
      const db = await firestoreAs(DAVE);
      await expectDenied(create(DAVE, forCreate(spec.valid(), DAVE)));
      await expectDenied(getDoc(doc(db, path("existing"))));
      await expectDenied(getDocs(collection(db, `teams/${TEAM}/${spec.name}`)));
      await expectDenied(update(DAVE, { ...spec.validUpdate, updatedAt: serverTimestamp() }));
      await expectDenied(deleteDoc(doc(db, path("existing"))));
    });

    it("for a member of another team: create, read, update and delete", async () => {
      const db = await firestoreAs(ERIN);
      await expectDenied(create(ERIN, forCreate(spec.valid(), ERIN)));
      await expectDenied(getDoc(doc(db, path("existing"))));
      await expectDenied(update(ERIN, { ...spec.validUpdate, updatedAt: serverTimestamp() }));
      await expectDenied(deleteDoc(doc(db, path("existing"))));
    });

    it("for a member writing into another team's collection", async () => {
      await expectDenied(create(ALICE, forCreate(spec.valid()), OTHER_TEAM));
      await expectDenied(getDoc(doc(await firestoreAs(ALICE), path("existing", OTHER_TEAM))));
    });

    it("for a signed-out caller: create and read", async () => {
      await expectDenied(create(null, forCreate(spec.valid(), ALICE)));
      await expectDenied(getDoc(doc(await firestoreAs(null), path("existing"))));
    });

    it("for a spoofed createdBy", async () => {
      await expectDenied(create(ALICE, forCreate(spec.valid(), ERIN)));
    });

    it("for a client-chosen createdAt or updatedAt on create", async () => {
      await expectDenied(create(ALICE, { ...forCreate(spec.valid()), createdAt: Timestamp.now() }));
      await expectDenied(create(ALICE, { ...forCreate(spec.valid()), updatedAt: Timestamp.now() }));
    });

    it("for a create without the server stamps", async () => {
      await expectDenied(create(ALICE, { ...spec.valid(), createdBy: ALICE }));
    });

    it("for an unknown field on create and on update", async () => {
      await expectDenied(create(ALICE, { ...forCreate(spec.valid()), isAdmin: true }));
      await expectDenied(update(ALICE, { isAdmin: true, updatedAt: serverTimestamp() }));
    });

    for (const field of spec.required) {
      it(`for a create without the required ${field}`, async () => {
        const data = forCreate(spec.valid());
        delete data[field];
        await expectDenied(create(ALICE, data));
      });
    }

    for (const [field, value] of spec.wrongEnums) {
      it(`for the wrong enum value ${JSON.stringify(value)} in ${field}, on create and on update`, async () => {
        await expectDenied(create(ALICE, forCreate({ ...spec.valid(), [field]: value })));
        await expectDenied(update(ALICE, { [field]: value, updatedAt: serverTimestamp() }));
      });
    }

    for (const [field, value] of spec.tooLong) {
      it(`for a too long ${field}, on create and on update`, async () => {
        await expectDenied(create(ALICE, forCreate({ ...spec.valid(), [field]: value })));
        await expectDenied(update(ALICE, { [field]: value, updatedAt: serverTimestamp() }));
      });
    }

    for (const [field, value] of spec.wrongTypes) {
      it(`for a ${field} of the wrong type (${JSON.stringify(value)})`, async () => {
        await expectDenied(create(ALICE, forCreate({ ...spec.valid(), [field]: value })));
      });
    }

    it("for an update that changes createdBy", async () => {
      await expectDenied(update(ALICE, { ...spec.validUpdate, createdBy: ERIN, updatedAt: serverTimestamp() }));
    });

    it("for an update that changes createdAt", async () => {
      await expectDenied(update(ALICE, { ...spec.validUpdate, createdAt: serverTimestamp(), updatedAt: serverTimestamp() }));
    });

    it("for an update without a server-stamped updatedAt", async () => {
      await expectDenied(update(ALICE, spec.validUpdate));
      await expectDenied(update(ALICE, { ...spec.validUpdate, updatedAt: Timestamp.now() }));
    });
  });
}
