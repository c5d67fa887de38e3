/**
 * Every list query the frontend runs on campaign data and the library, run as a signed-in member
 * through the client package's typed collections (client/src), whose converters validate every
 * document read. The emulator does not enforce composite indexes, so this file also checks that
 * each query needing one has it in firestore.indexes.json.
 */
import { expect } from "chai";
import { Timestamp, doc, getDocs, limit, orderBy, query, serverTimestamp, setDoc, startAfter, where } from "firebase/firestore";
import type { DocumentData, Firestore, Query, QueryConstraint } from "firebase/firestore";
import { contentDrafts, libraryAssets, operators, personas, scheduledPosts, schedulePost } from "../../client/src/index.js";
import { adminDb } from "../helpers/admin.js";
import { indexFile, type IndexField } from "../helpers/indexes.js";
import { signUp } from "../helpers/clients.js";
import { useEmptyEmulators } from "../helpers/suite.js";

/** The client package's typed collection (its converter validates every document the query reads). */
const COLLECTIONS: Record<string, (db: Firestore, teamId: string) => Query<DocumentData>> = {
  personas,
  operators,
  contentDrafts,
  scheduledPosts,
  libraryAssets,
};

interface FrontendQuery {
  what: string;
  collection: string;
  equals?: [string, unknown];
  range?: [string, ">=" | "<=", unknown];
  order: [string, "asc" | "desc"];
}

const inHours = (hours: number) => Timestamp.fromMillis(Date.now() + hours * 3_600_000);

const QUERIES: FrontendQuery[] = [
  { what: "personas, newest first", collection: "personas", order: ["createdAt", "desc"] },
  { what: "operators, newest first", collection: "operators", order: ["createdAt", "desc"] },
  { what: "content drafts, newest first", collection: "contentDrafts", order: ["createdAt", "desc"] },
  {
    what: "drafts of one persona, newest first",
    collection: "contentDrafts",
    equals: ["personaId", "persona-1"],
    order: ["createdAt", "desc"],
  },
  { what: "scheduled posts, newest first", collection: "scheduledPosts", order: ["createdAt", "desc"] },
  {
    what: "the calendar: posts by time",
    collection: "scheduledPosts",
    range: ["scheduledAt", ">=", inHours(-24 * 31)],
    order: ["scheduledAt", "asc"],
  },
  { what: "posts of one status by time", collection: "scheduledPosts", equals: ["status", "scheduled"], order: ["scheduledAt", "asc"] },
  { what: "posts of one platform by time", collection: "scheduledPosts", equals: ["platform", "X"], order: ["scheduledAt", "asc"] },
  { what: "library, newest first", collection: "libraryAssets", order: ["uploadedAt", "desc"] },
  { what: "library images or videos, newest first", collection: "libraryAssets", equals: ["type", "image"], order: ["uploadedAt", "desc"] },
];

const declared = indexFile.indexes;

/** The composite index a query needs (an equality plus an order on another field), if any. */
function neededIndex(q: FrontendQuery): IndexField[] | null {
  if (!q.equals || q.equals[0] === q.order[0]) return null;
  return [
    { fieldPath: q.equals[0], order: "ASCENDING" },
    { fieldPath: q.order[0], order: q.order[1] === "asc" ? "ASCENDING" : "DESCENDING" },
  ];
}

describe("campaign and library queries the frontend runs", () => {
  useEmptyEmulators();

  for (const q of QUERIES) {
    it(`${q.what}: declared index and a member's paginated query`, async () => {
      const needed = neededIndex(q);
      if (needed) {
        const found = declared.some(
          (index) =>
            index.collectionGroup === q.collection &&
            index.queryScope === "COLLECTION" &&
            JSON.stringify(index.fields) === JSON.stringify(needed),
        );
        expect(found, `firestore.indexes.json lacks ${q.collection} ${JSON.stringify(needed)}`).to.equal(true);
      }

      const member = await signUp();
      const teamId = (await adminDb().doc(`users/${member.uid}`).get()).get("defaultTeamId") as string;
      const ref = COLLECTIONS[q.collection](member.db, teamId);
      // Three matching documents, written as the frontend would (library records by the admin SDK).
      for (const n of [1, 2, 3]) await writeSample(member.db, teamId, q.collection, `doc-${n}`, member.uid, n);

      const constraints: QueryConstraint[] = [];
      if (q.equals) constraints.push(where(q.equals[0], "==", q.equals[1]));
      if (q.range) constraints.push(where(...q.range));
      constraints.push(orderBy(...q.order));
      const first = await getDocs(query(ref, ...constraints, limit(2)));
      expect(first.size).to.equal(2);
      const rest = await getDocs(query(ref, ...constraints, startAfter(first.docs[1]), limit(2)));
      expect(rest.size).to.equal(1);
      const ids = [...first.docs, ...rest.docs].map((d) => d.id);
      expect(new Set(ids).size).to.equal(3);
    });
  }
});

async function writeSample(db: Firestore, teamId: string, name: string, id: string, uid: string, n: number): Promise<void> {
  const meta = { createdBy: uid, createdAt: serverTimestamp(), updatedAt: serverTimestamp() };
  switch (name) {
    case "personas":
      await setDoc(doc(personas(db, teamId), id), {
        name: `P${n}`,
        demographics: "d",
        psychographics: "p",
        initialBeliefs: "b",
        vulnerabilities: [],
        rstProfile: { bas: "Low", bis: "Low", fffs: "Low" },
        ...meta,
      });
      return;
    case "operators":
      await setDoc(doc(operators(db, teamId), id), { name: `O${n}`, type: "Operant", ...meta });
      return;
    case "contentDrafts":
      await setDoc(doc(contentDrafts(db, teamId), id), { title: `D${n}`, personaId: "persona-1", platformContents: {}, ...meta });
      return;
    case "scheduledPosts":
      await schedulePost(db, teamId, uid, { platform: "X", scheduledAt: inHours(n).toDate(), timezone: "UTC" });
      return;
    case "libraryAssets":
      await adminDb()
        .doc(`teams/${teamId}/libraryAssets/${id}`)
        .set({
          name: `A${n}`,
          type: "image",
          storagePath: `teams/${teamId}/library/${id}/a.png`,
          fileName: "a.png",
          fileType: "image/png",
          size: n,
          uploadedBy: uid,
          uploadedAt: new Date(Date.now() - n * 1000),
        });
      return;
    default:
      throw new Error(`no sample for ${name}`);
  }
}
