import {
  Timestamp,
  doc,
  getDoc,
  serverTimestamp,
  setDoc,
  updateDoc,
  deleteDoc,
  deleteField,
  collection,
  getDocs,
} from "firebase/firestore";
import { ALICE, SEED_TIME } from "../helpers/cast.js";
import { clearAndSeed, expectAllowed, expectDenied, firestoreAs, seed } from "../helpers/rules.js";

const profile = () => ({
  name: "Alice",
  email: "alice@example.test",
  walletAddress: null,
  role: "free",
  teamIds: ["team-a"],
  defaultTeamId: "team-a",
  activeAiProvider: null,
  createdAt: SEED_TIME,
  updatedAt: SEED_TIME,
});

describe("rules: users/{uid}", () => {
  beforeEach(() => clearAndSeed({ "users/alice": profile(), "users/bob": { ...profile(), name: "Bob", email: "bob@example.test" } }));

  const alice = () => firestoreAs(ALICE);

  it("lets a user read their own profile", async () => {
    await expectAllowed(getDoc(doc(await alice(), "users/alice")));
  });

  it("denies reading another user's profile", async () => {
    await expectDenied(getDoc(doc(await alice(), "users/bob")));
  });

  it("denies a signed-out reader", async () => {
    await expectDenied(getDoc(doc(await firestoreAs(null), "users/alice")));
  });

  it("denies listing profiles", async () => {
    await expectDenied(getDocs(collection(await alice(), "users")));
  });

  it("lets the owner update name and walletAddress", async () => {
    await expectAllowed(updateDoc(doc(await alice(), "users/alice"), { name: "Alice B.", walletAddress: "0xabc" }));
  });

  it("lets the owner clear walletAddress and stamp updatedAt with the server time", async () => {
    await expectAllowed(updateDoc(doc(await alice(), "users/alice"), { walletAddress: null, updatedAt: serverTimestamp() }));
  });

  it("denies a client-chosen updatedAt", async () => {
    await expectDenied(updateDoc(doc(await alice(), "users/alice"), { name: "A", updatedAt: Timestamp.fromDate(new Date("2020-01-01")) }));
  });

  it("denies updating another user's profile", async () => {
    await expectDenied(updateDoc(doc(await alice(), "users/bob"), { name: "Hacked" }));
  });

  for (const [field, value] of [
    ["role", "admin"],
    ["teamIds", ["someone-elses-team"]],
    ["defaultTeamId", "other"],
    ["email", "new@example.test"],
    ["activeAiProvider", "OpenAI"],
    ["createdAt", Timestamp.now()],
    ["usage", 0],
    ["aiUsageCount", 0],
  ] as const) {
    it(`denies changing the server-only field ${field}`, async () => {
      await expectDenied(updateDoc(doc(await alice(), "users/alice"), { [field]: value }));
    });
  }

  for (const [label, value] of [
    ["an empty name", ""],
    ["a name over 100 characters", "x".repeat(101)],
    ["a number as name", 42],
    ["a null name", null],
  ] as const) {
    it(`denies ${label}`, async () => {
      await expectDenied(updateDoc(doc(await alice(), "users/alice"), { name: value }));
    });
  }

  for (const [label, value] of [
    ["a line break (mail header injection)", "Alice\r\nBcc: victim@example.test"],
    ["a line feed", "Alice\nSecurity team"],
    ["a NUL", "Alice\u0000"],
    ["a tab", "Alice\tB"],
    ["a right-to-left override", "Alice \u202Egnp.exe"],
    ["a left-to-right mark", "Alice\u200E"],
    ["a bidi isolate", "\u2067Alice\u2069"],
    ["a zero-width space", "Ali\u200Bce"],
    ["a zero-width joiner", "Ali\u200Dce"],
    ["a word joiner", "Ali\u2060ce"],
    ["a byte-order mark", "Ali\uFEFFce"],
    ["a soft hyphen", "Ali\u00ADce"],
    ["a line separator", "Alice\u2028B"],
    ["a Hangul filler", "\u3164"],
    ["a tag character", "Alice\u{E0041}"],
    ["a DEL", "Alice\u007F"],
    ["a C1 control", "Alice\u0085"],
    ["leading whitespace", " Alice"],
    ["trailing whitespace", "Alice "],
  ] as const) {
    it(`denies a name with ${label}`, async () => {
      await expectDenied(updateDoc(doc(await alice(), "users/alice"), { name: value }));
    });
  }

  it("accepts names in any script, with accents, apostrophes and emoji", async () => {
    for (const name of ["Zoë O'Brien", "Ørjan Åsheim", "محمد", "李小龍", "Anna 🚀", "Jean-Luc Picard"]) {
      await expectAllowed(updateDoc(doc(await alice(), "users/alice"), { name }));
    }
  });

  for (const [label, value] of [
    ["a walletAddress over 128 characters", "w".repeat(129)],
    ["a number as walletAddress", 123],
    ["a list as walletAddress", ["0x1"]],
  ] as const) {
    it(`denies ${label}`, async () => {
      await expectDenied(updateDoc(doc(await alice(), "users/alice"), { walletAddress: value }));
    });
  }

  it("accepts a walletAddress of exactly 128 characters and a name of exactly 100", async () => {
    await expectAllowed(updateDoc(doc(await alice(), "users/alice"), { name: "n".repeat(100), walletAddress: "w".repeat(128) }));
  });

  // Issue 10.2: a removed field made every typed server read of the profile throw.
  for (const field of ["walletAddress", "name", "updatedAt"]) {
    it(`denies removing ${field} with deleteField()`, async () => {
      await expectDenied(updateDoc(doc(await alice(), "users/alice"), { [field]: deleteField() }));
    });
  }

  it("lets the owner clear walletAddress with null instead", async () => {
    await expectAllowed(updateDoc(doc(await alice(), "users/alice"), { walletAddress: null }));
  });

  it("denies every client access to account deletions and the reconciler's state", async () => {
    await seed({ "userDeletions/alice": { teamIds: [], pendingSteps: ["teams"], attempts: 1 }, "system/userReconciler": { cursor: null } });
    const db = await alice();
    await expectDenied(getDoc(doc(db, "userDeletions/alice")));
    await expectDenied(deleteDoc(doc(db, "userDeletions/alice")));
    await expectDenied(setDoc(doc(db, "userDeletions/bob"), { teamIds: [], pendingSteps: [], attempts: 0 }));
    await expectDenied(getDoc(doc(db, "system/userReconciler")));
    await expectDenied(setDoc(doc(db, "system/userReconciler"), { cursor: "zzz" }));
  });

  it("denies creating a profile from a client", async () => {
    const db = await firestoreAs("carol");
    await expectDenied(setDoc(doc(db, "users/carol"), { ...profile(), name: "Carol" }));
  });

  it("denies deleting a profile from a client", async () => {
    await expectDenied(deleteDoc(doc(await alice(), "users/alice")));
  });
});
