import { collection, deleteDoc, doc, getDoc, getDocs, query, setDoc, updateDoc, where } from "firebase/firestore";
import { expect } from "chai";
import { ALICE } from "../helpers/cast.js";
import { clearAndSeed, expectDenied, firestoreAs, rulesEnv } from "../helpers/rules.js";

const SECRET_ID = "alice:aiApiKey:OpenAI";
const sealed = () => ({
  uid: "alice",
  purpose: "aiApiKey",
  provider: "OpenAI",
  format: 1,
  algorithm: "AES-256-GCM",
  keyBackend: "local",
  keyVersion: "local:0011223344556677",
  wrappedDataKey: "d3JhcHBlZA==",
  iv: "aXY=",
  authTag: "dGFn",
  ciphertext: "Y2lwaGVydGV4dA==",
});

describe("rules: secrets/{secretId}", () => {
  beforeEach(() => clearAndSeed({ [`secrets/${SECRET_ID}`]: sealed() }));

  const alice = () => firestoreAs(ALICE);

  it("holds the secret (read with rules bypassed), so each denial below is the rules' doing", async () => {
    const env = await rulesEnv();
    await env.withSecurityRulesDisabled(async (context) => {
      const snapshot = await getDoc(doc(context.firestore(), `secrets/${SECRET_ID}`));
      expect(snapshot.get("uid")).to.equal("alice");
    });
  });

  it("denies the owner reading their own secret", async () => {
    await expectDenied(getDoc(doc(await alice(), `secrets/${SECRET_ID}`)));
  });

  it("denies the owner querying their own secrets", async () => {
    await expectDenied(getDocs(query(collection(await alice(), "secrets"), where("uid", "==", "alice"))));
  });

  it("denies a signed-out reader", async () => {
    await expectDenied(getDoc(doc(await firestoreAs(null), `secrets/${SECRET_ID}`)));
  });

  it("denies creating a secret", async () => {
    await expectDenied(setDoc(doc(await alice(), "secrets/alice:aiApiKey:Groq"), { ...sealed(), provider: "Groq" }));
  });

  it("denies replacing or changing a secret", async () => {
    await expectDenied(setDoc(doc(await alice(), `secrets/${SECRET_ID}`), sealed()));
    await expectDenied(updateDoc(doc(await alice(), `secrets/${SECRET_ID}`), { uid: "bob" }));
  });

  it("denies deleting a secret", async () => {
    await expectDenied(deleteDoc(doc(await alice(), `secrets/${SECRET_ID}`)));
  });
});
