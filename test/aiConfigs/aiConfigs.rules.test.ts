import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from "firebase/firestore";
import { SEED_TIME } from "../helpers/cast.js";
import { clearAndSeed, expectAllowed, expectDenied, firestoreAs } from "../helpers/rules.js";

const config = () => ({
  providerId: "OpenAI",
  isEnabled: true,
  models: { text: ["gpt-4.1-mini"], image: [], chat: ["gpt-4.1-mini"] },
  baseURL: null,
  hasApiKey: true,
  updatedAt: SEED_TIME,
});

describe("rules: users/{uid}/aiConfigs/{providerId}", () => {
  beforeEach(() => clearAndSeed({ "users/alice/aiConfigs/OpenAI": config(), "users/bob/aiConfigs/OpenAI": config() }));

  it("lets the owner read one of their configs", async () => {
    await expectAllowed(getDoc(doc(await firestoreAs("alice"), "users/alice/aiConfigs/OpenAI")));
  });

  it("lets the owner list their configs", async () => {
    await expectAllowed(getDocs(collection(await firestoreAs("alice"), "users/alice/aiConfigs")));
  });

  it("denies reading another user's config", async () => {
    await expectDenied(getDoc(doc(await firestoreAs("alice"), "users/bob/aiConfigs/OpenAI")));
  });

  it("denies listing another user's configs", async () => {
    await expectDenied(getDocs(collection(await firestoreAs("alice"), "users/bob/aiConfigs")));
  });

  it("denies a signed-out reader", async () => {
    await expectDenied(getDoc(doc(await firestoreAs(null), "users/alice/aiConfigs/OpenAI")));
  });

  it("denies the owner creating a config (only functions write)", async () => {
    await expectDenied(setDoc(doc(await firestoreAs("alice"), "users/alice/aiConfigs/Groq"), { ...config(), providerId: "Groq" }));
  });

  it("denies the owner updating a config, e.g. claiming a key", async () => {
    await expectDenied(updateDoc(doc(await firestoreAs("alice"), "users/alice/aiConfigs/OpenAI"), { hasApiKey: false }));
  });

  it("denies the owner deleting a config", async () => {
    await expectDenied(deleteDoc(doc(await firestoreAs("alice"), "users/alice/aiConfigs/OpenAI")));
  });
});
