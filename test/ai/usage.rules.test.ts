import { Timestamp, collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from "firebase/firestore";
import { clearAndSeed, expectAllowed, expectDenied, seed, firestoreAs } from "../helpers/rules.js";

const usage = (used: number) => ({ used, limit: 50, period: "2026-11", updatedAt: Timestamp.fromDate(new Date("2026-11-02T00:00:00Z")) });

describe("rules: users/{uid}/usage/{period}", () => {
  beforeEach(() => clearAndSeed({ "users/alice/usage/2026-11": usage(3), "users/bob/usage/2026-11": usage(7) }));

  it("lets the owner read this month's usage", async () => {
    await expectAllowed(getDoc(doc(await firestoreAs("alice"), "users/alice/usage/2026-11")));
  });

  it("lets the owner list their usage history", async () => {
    await expectAllowed(getDocs(collection(await firestoreAs("alice"), "users/alice/usage")));
  });

  it("denies reading another user's usage", async () => {
    await expectDenied(getDoc(doc(await firestoreAs("alice"), "users/bob/usage/2026-11")));
  });

  it("denies listing another user's usage", async () => {
    await expectDenied(getDocs(collection(await firestoreAs("alice"), "users/bob/usage")));
  });

  it("denies a signed-out reader", async () => {
    await expectDenied(getDoc(doc(await firestoreAs(null), "users/alice/usage/2026-11")));
  });

  it("denies the owner resetting their own usage", async () => {
    await expectDenied(updateDoc(doc(await firestoreAs("alice"), "users/alice/usage/2026-11"), { used: 0 }));
  });

  it("denies the owner creating a usage document", async () => {
    await expectDenied(setDoc(doc(await firestoreAs("alice"), "users/alice/usage/2026-12"), usage(0)));
  });

  it("denies the owner deleting their usage", async () => {
    await expectDenied(deleteDoc(doc(await firestoreAs("alice"), "users/alice/usage/2026-11")));
  });

  it("keeps reservations, the rate window and the settings-save window server-only, even for the owner", async () => {
    await seed({
      "users/alice/aiRequests/r1": { status: "reserved", cost: 1 },
      "users/alice/aiState/rateWindow": { minute: "2026-11-02T00:00", count: 1, inFlight: { r1: 1 } },
      "users/alice/aiState/configSaves": { hour: "2026-11-02T00", count: 1 },
    });
    const alice = await firestoreAs("alice");
    await expectDenied(getDoc(doc(alice, "users/alice/aiRequests/r1")));
    await expectDenied(getDoc(doc(alice, "users/alice/aiState/rateWindow")));
    await expectDenied(getDoc(doc(alice, "users/alice/aiState/configSaves")));
    await expectDenied(setDoc(doc(alice, "users/alice/aiState/rateWindow"), { minute: "2026-11-02T00:00", count: 0, inFlight: {} }));
    await expectDenied(setDoc(doc(alice, "users/alice/aiState/configSaves"), { hour: "2026-11-02T00", count: 0 }));
  });
});
