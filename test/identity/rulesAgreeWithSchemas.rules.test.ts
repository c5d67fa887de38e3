/**
 * Issue 10.2, at its root: whatever the rules let a client write, the server can read. For every
 * client-writable document the server parses, this tries a valid document's every field (and
 * nested field) removed or replaced by a value of another type, through the rules as the
 * writer; every write the rules accept must still parse with the server's own schema.
 */
import { expect } from "chai";
import { deleteField, doc, serverTimestamp, setDoc, Timestamp, updateDoc } from "firebase/firestore";
import type { z } from "zod";
import { contentDraftSchema, operatorSchema, personaSchema, scheduledPostSchema } from "../../functions/src/models/campaign.js";
import { channelSchema, messageSchema, readMarkerSchema, typingSchema } from "../../functions/src/models/chat.js";
import { userSchema } from "../../functions/src/models/identity.js";
import { db as functionsDb } from "../../functions/src/common/firebase.js";
import { ALICE, NAMES, SEED_TIME, TEAM, castTeams } from "../helpers/cast.js";
import { clearAndSeed, firestoreAs, seed, type RulesDb } from "../helpers/rules.js";

type Data = Record<string, unknown>;
const DELETE = Symbol("delete");
/** What each field is replaced with: removed, or a value of every other JSON type. */
const REPLACEMENTS: unknown[] = [DELETE, null, 0, 1.5, "", "x", true, [], ["x"], {}, { x: "y" }];

/** The writer: the owner of the cast's team. */
const UID = ALICE;
const stamps = { createdBy: UID, createdAt: SEED_TIME, updatedAt: SEED_TIME };
const inOneHour = () => Timestamp.fromMillis(Date.now() + 3600_000);

/** Every field path of `data`, nested maps included ("rstProfile.bas"). */
function fieldPaths(data: Data, prefix = ""): string[] {
  return Object.entries(data).flatMap(([key, value]) => {
    const path = prefix + key;
    const nested =
      value && typeof value === "object" && !Array.isArray(value) && !(value instanceof Timestamp)
        ? fieldPaths(value as Data, `${path}.`)
        : [];
    return [path, ...nested];
  });
}

/** A deep copy of `data` with the field at `path` removed or replaced. */
function withField(data: Data, path: string, value: unknown): Data {
  const copy = structuredClone(data);
  const keys = path.split(".");
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Data;
  const last = keys[keys.length - 1];
  if (value === DELETE) delete target[last];
  else target[last] = value;
  return copy;
}

interface Spec {
  /** Schema the server parses this document with. */
  schema: z.ZodType;
  /** A valid document as stored (update cases) or as a client creates it (create cases). */
  document: () => Data;
  /** Where the document lives; `attempt` makes a fresh id for creates. */
  path: (attempt: number) => string;
  /** Extra fields every client write carries (e.g. `updatedAt: serverTimestamp()`). */
  stamp?: Data;
  mode: "update" | "create";
}

/** Tries every mutation; returns the accepted ones whose stored result the schema refuses. */
async function unreadableAfterAcceptedWrites(spec: Spec, client: RulesDb): Promise<{ accepted: number; unreadable: string[] }> {
  const unreadable: string[] = [];
  let accepted = 0;
  let attempt = 0;
  const original = spec.document();
  for (const path of fieldPaths(original)) {
    // The field's own valid value first: a write the rules must accept, so the rules are not
    // simply refusing everything.
    const own = path.split(".").reduce<unknown>((value, key) => (value as Data)[key], original);
    for (const value of [own, ...REPLACEMENTS]) {
      attempt += 1;
      const target = spec.path(attempt);
      let write: Promise<void>;
      if (spec.mode === "update") {
        await seed({ [target]: spec.document() });
        write = updateDoc(doc(client, target), { ...spec.stamp, [path]: value === DELETE ? deleteField() : value });
      } else {
        write = setDoc(doc(client, target), { ...withField(spec.document(), path, value), ...spec.stamp });
      }
      const ok = await write.then(
        () => true,
        () => false,
      );
      if (!ok) continue;
      accepted += 1;
      const stored = (await functionsDb().doc(target).get()).data();
      if (!spec.schema.safeParse(stored).success)
        unreadable.push(`${path} = ${value === DELETE ? "deleteField()" : JSON.stringify(value)}`);
    }
  }
  return { accepted, unreadable };
}

const persona = () => ({
  name: "Emma",
  demographics: "28, urban",
  psychographics: "Values authenticity",
  initialBeliefs: "Brands exaggerate",
  vulnerabilities: ["fomo"],
  avatarUrl: "https://example.test/a.png",
  rstProfile: { bas: "High", bis: "Low", fffs: "Not Assessed" },
  ...stamps,
});

const SPECS: Record<string, Spec> = {
  "users/{uid}": {
    schema: userSchema,
    mode: "update",
    path: () => `users/${UID}`,
    document: () => ({
      name: NAMES[UID],
      email: `${UID}@example.test`,
      walletAddress: "0xabc",
      role: "free",
      teamIds: [TEAM],
      defaultTeamId: TEAM,
      activeAiProvider: null,
      createdAt: SEED_TIME,
      updatedAt: SEED_TIME,
    }),
  },
  "teams/{teamId}/personas/{id}": {
    schema: personaSchema,
    mode: "update",
    path: (n) => `teams/${TEAM}/personas/p${n}`,
    stamp: { updatedAt: serverTimestamp() },
    document: persona,
  },
  "teams/{teamId}/operators/{id}": {
    schema: operatorSchema,
    mode: "update",
    path: (n) => `teams/${TEAM}/operators/o${n}`,
    stamp: { updatedAt: serverTimestamp() },
    document: () => ({
      name: "Proof",
      type: "Social proof",
      description: "d",
      targetPersonaId: "p1",
      reinforcementType: "positive",
      ...stamps,
    }),
  },
  "teams/{teamId}/contentDrafts/{id}": {
    schema: contentDraftSchema,
    mode: "update",
    path: (n) => `teams/${TEAM}/contentDrafts/d${n}`,
    stamp: { updatedAt: serverTimestamp() },
    document: () => ({
      title: "Launch",
      personaId: "p1",
      keyMessage: "Join us",
      platformContents: { X: { content: "Hi", hashtags: ["#a"], mediaType: "none", imageSourceType: "generate" } },
      ...stamps,
    }),
  },
  "teams/{teamId}/scheduledPosts/{id}": {
    schema: scheduledPostSchema,
    mode: "update",
    path: (n) => `teams/${TEAM}/scheduledPosts/s${n}`,
    stamp: { updatedAt: serverTimestamp() },
    document: () => ({
      contentDraftId: "d1",
      platform: "X",
      content: "Hi",
      scheduledAt: inOneHour(),
      timezone: "Europe/Berlin",
      status: "scheduled",
      ...stamps,
    }),
  },
  "teams/{teamId}/channels/{channelId} (private)": {
    schema: channelSchema,
    mode: "create",
    path: (n) => `teams/${TEAM}/channels/Priv${String(n).padStart(16, "0")}`,
    document: () => ({ name: "Plans", isDirectMessage: false, memberIds: [UID], createdBy: UID }),
    stamp: { createdAt: serverTimestamp() },
  },
  ".../messages/{id}": {
    schema: messageSchema,
    mode: "create",
    path: (n) => `teams/${TEAM}/channels/general/messages/m${n}`,
    document: () => ({
      senderId: UID,
      senderName: NAMES[UID],
      text: "hello",
      attachment: { storagePath: `teams/${TEAM}/chat/general/${UID}/a.png`, fileName: "a.png", fileType: "image/png", size: 10 },
    }),
    stamp: { createdAt: serverTimestamp() },
  },
  ".../typing/{uid}": {
    schema: typingSchema,
    mode: "update",
    path: () => `teams/${TEAM}/channels/general/typing/${UID}`,
    document: () => ({ userName: NAMES[UID], expiresAt: Timestamp.fromMillis(Date.now() + 5000) }),
  },
  "teams/{teamId}/members/{uid}/reads/{channelId}": {
    schema: readMarkerSchema,
    mode: "update",
    path: () => `teams/${TEAM}/members/${UID}/reads/general`,
    document: () => ({ lastReadAt: SEED_TIME }),
  },
};

describe("rules agree with the server's schemas for every client-writable document", function () {
  this.timeout(300_000);

  before(async () => {
    await clearAndSeed({
      ...castTeams(),
      [`teams/${TEAM}/channels/general`]: { name: "general", isDirectMessage: false, memberIds: [], createdBy: UID, createdAt: SEED_TIME },
    });
  });

  for (const [name, spec] of Object.entries(SPECS)) {
    it(`${name}: every write the rules accept parses with the server's schema`, async () => {
      const { accepted, unreadable } = await unreadableAfterAcceptedWrites(spec, await firestoreAs(UID));
      expect(unreadable, "accepted writes the server cannot read").to.deep.equal([]);
      // At least the unchanged values pass, or this would check nothing.
      expect(accepted, "accepted writes").to.be.at.least(fieldPaths(spec.document()).length);
    });
  }
});
