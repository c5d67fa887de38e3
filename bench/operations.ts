/**
 * What each user-facing operation costs in Firestore and Cloud Functions, counted on the
 * emulators: document reads, writes and deletes seen by the counting proxy (every client and
 * every function talks to Firestore through it), rule lookups from the rules coverage report,
 * and function invocations from the functions emulator's log. Each operation is measured from a
 * quiet system until everything it set off (triggers included) has finished. docs/scale.md
 * explains the figures and turns them into monthly costs.
 */
import { deleteUser } from "firebase/auth";
import { addDoc, deleteDoc, getDocs, limit, onSnapshot, orderBy, query, serverTimestamp, where, type Query } from "firebase/firestore";
import { FieldValue, Timestamp as AdminTimestamp } from "firebase-admin/firestore";
import {
  callables,
  channelMessages,
  channelRef,
  channels,
  lastMessage,
  markRead,
  memberName,
  newestMessageQuery,
  streamText,
  unreadCount,
  uploadLibraryAsset,
  type Message,
} from "../client/src/index.js";
import { addTeamMember, adminAuth, adminDb, eventually } from "../test/helpers/admin.js";
import { closeClients, signUp, uniqueEmail, type Client } from "../test/helpers/clients.js";
import { tokenFromMail } from "../test/teams/fixtures.js";
import { warmWorkers } from "../test/ai/support.js";
import type { FirestoreCounter, FirestoreCounts } from "./count/firestoreCounter.js";
import type { InvocationCounter } from "./count/invocations.js";
import { ruleLookups } from "./count/rulesLookups.js";

type Member = Client & { uid: string; email: string };

interface Cost extends FirestoreCounts {
  ruleLookups: number;
  invocations: Map<string, number>;
}

/** Messages in the channel that "chat open" reads, and in the channel that gets deleted. */
const HISTORY_PAGE = 50;
const CHANNEL_MESSAGES = 50;
/** Documents in the team of the sole owner whose account is deleted: more than two deletion pages. */
const BIG_TEAM_DOCUMENTS = 1_200;
/**
 * Quiet time that ends an operation. A trigger can start seconds after the write that fired it
 * on this loaded 2-core machine (one that started late was once counted with the next operation).
 */
const QUIET_MS = 5000;

class Meter {
  constructor(
    private readonly firestore: FirestoreCounter,
    private readonly functions: InvocationCounter,
    private readonly emulator: string,
  ) {}

  /** Waits until no function runs and neither the logs nor the Firestore counts have moved for a while. */
  async settle(): Promise<void> {
    let previous = JSON.stringify(this.firestore.counts());
    let stableSince = Date.now();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = JSON.stringify(this.firestore.counts());
      if (now !== previous || this.functions.running > 0) {
        previous = now;
        stableSince = Date.now();
        continue;
      }
      if (Date.now() - stableSince >= QUIET_MS) {
        await this.functions.quiet(QUIET_MS);
        if (JSON.stringify(this.firestore.counts()) === previous && this.functions.running === 0) return;
      }
    }
  }

  async measure(action: () => Promise<unknown>): Promise<Cost> {
    await this.settle();
    const firestoreBefore = this.firestore.counts();
    const lookupsBefore = await ruleLookups(this.emulator);
    const invocationsBefore = this.functions.counts();
    await action();
    await this.settle();
    const firestoreAfter = this.firestore.counts();
    const invocations = new Map<string, number>();
    for (const [name, count] of this.functions.counts()) {
      const added = count - (invocationsBefore.get(name) ?? 0);
      if (added) invocations.set(name, added);
    }
    return {
      reads: firestoreAfter.reads - firestoreBefore.reads,
      writes: firestoreAfter.writes - firestoreBefore.writes,
      deletes: firestoreAfter.deletes - firestoreBefore.deletes,
      ruleLookups: (await ruleLookups(this.emulator)) - lookupsBefore,
      invocations,
    };
  }
}

function printRow(operation: string, cost: Cost): void {
  const total = [...cost.invocations.values()].reduce((sum, n) => sum + n, 0);
  const which = [...cost.invocations].map(([name, n]) => `${name}×${n}`).join(", ");
  console.log(
    `${operation.padEnd(34)} ${String(cost.reads).padStart(6)} ${String(cost.writes).padStart(6)} ${String(cost.deletes).padStart(7)} ${String(cost.ruleLookups).padStart(7)} ${String(total).padStart(6)}  ${which}`,
  );
}

const teamOf = async (user: { uid: string }) => (await adminDb().doc(`users/${user.uid}`).get()).get("defaultTeamId") as string;

/** Seeds `count` messages with the Admin SDK (set-up, not measured). */
async function seedMessages(teamId: string, channelId: string, sender: Member, count: number): Promise<void> {
  const writer = adminDb().bulkWriter();
  const start = Date.now() - count * 1000;
  for (let i = 0; i < count; i++) {
    void writer.create(adminDb().collection(`teams/${teamId}/channels/${channelId}/messages`).doc(), {
      senderId: sender.uid,
      senderName: sender.uid,
      text: `seeded ${i}`,
      createdAt: AdminTimestamp.fromMillis(start + i * 1000),
    });
  }
  await writer.close();
}

async function seedChannel(teamId: string, channelId: string, creator: Member): Promise<void> {
  await adminDb().doc(`teams/${teamId}/channels/${channelId}`).set({
    name: channelId,
    isDirectMessage: false,
    memberIds: [],
    createdBy: creator.uid,
    createdAt: FieldValue.serverTimestamp(),
  });
}

/**
 * A listener on `q`: `loaded` resolves with its first snapshot from the server, `ready` with the
 * first snapshot that `accept`s; the listener stays open until `close`.
 */
function listen(
  q: Query<Message>,
  accept: (size: number, texts: string[]) => boolean,
): { loaded: Promise<void>; ready: Promise<void>; close: () => void } {
  let resolveLoaded: () => void = () => undefined;
  let resolveReady: () => void = () => undefined;
  const loaded = new Promise<void>((r) => (resolveLoaded = r));
  const ready = new Promise<void>((r) => (resolveReady = r));
  // With metadata changes, the first snapshot from the server is seen even when the same
  // documents were raised from the cache before.
  const close = onSnapshot(q, { includeMetadataChanges: true }, (snapshot) => {
    if (!snapshot.metadata.fromCache) resolveLoaded();
    if (
      accept(
        snapshot.size,
        snapshot.docs.map((d) => d.data().text ?? ""),
      )
    )
      resolveReady();
  });
  return { loaded, ready, close };
}

/**
 * What the frontend's chat screen reads when it opens, through the client package: channel list
 * with last activity and unread counts, then one channel's history.
 */
async function openChat(member: Member, teamId: string, opened: string): Promise<void> {
  const me = { db: member.db, teamId, uid: member.uid };
  const teamChannels = channels(member.db, teamId);
  const [publicChannels, mine] = await Promise.all([
    getDocs(query(teamChannels, where("memberIds", "==", []), orderBy("createdAt"))),
    getDocs(query(teamChannels, where("memberIds", "array-contains", member.uid), orderBy("createdAt"))),
  ]);
  const channelIds = [...publicChannels.docs, ...mine.docs].map((d) => d.id);
  await Promise.all(channelIds.map((channelId) => Promise.all([unreadCount(me, channelId), lastMessage(member.db, teamId, channelId)])));
  await getDocs(query(channelMessages(member.db, teamId, opened), orderBy("createdAt", "desc"), limit(HISTORY_PAGE)));
  await markRead(me, opened);
}

/** Simultaneous calls of one user in the burst row (issue #16: "bursts on one usage document"). */
const BURST = 30;

/**
 * BURST simultaneous `ai-generateText` calls of one fresh user: what they cost in all (reservation
 * retries included) and how each ended. Its workers are started first (warmWorkers), so that the
 * calls really run side by side.
 */
async function burst(meter: Meter): Promise<void> {
  const user = await signUp({ name: "Burst" });
  await warmWorkers(user, "ai-generateText", BURST);
  const outcomes = new Map<string, number>();
  const cost = await meter.measure(async () => {
    const results = await Promise.allSettled(
      Array.from({ length: BURST }, (_, i) => user.call("ai-generateText", { prompt: `Burst ${i}` })),
    );
    for (const result of results) {
      const error = result.status === "rejected" ? (result.reason as { code?: string; details?: { reason?: string } }) : undefined;
      const outcome = error ? `${error.code ?? "error"} ${error.details?.reason ?? ""}`.trim() : "ok";
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
  });
  printRow(`${BURST} simultaneous ai-generateText, 1 user`, cost);
  console.log(`  outcomes: ${[...outcomes].map(([outcome, n]) => `${n} × ${outcome}`).join(", ")}`);
}

/** `emulator`: the Firestore emulator's own address (its REST endpoints are not proxied). */
export async function run(firestore: FirestoreCounter, functions: InvocationCounter, emulator: string): Promise<void> {
  const meter = new Meter(firestore, functions, emulator);
  console.log("Counted on the emulators: Firestore reads/writes/deletes through the counting proxy (clients and functions),");
  console.log("rule lookups (get/exists evaluated by the rules; ≥ billed rule reads), function invocations from the emulator log.");
  console.log(
    `${"operation".padEnd(34)} ${"reads".padStart(6)} ${"writes".padStart(6)} ${"deletes".padStart(7)} ${"lookups".padStart(7)} ${"calls".padStart(6)}  functions`,
  );

  let alice: Member | undefined;
  printRow("sign-up (profile, team, #general)", await meter.measure(async () => (alice = await signUp({ name: "Alice" }))));
  if (!alice) throw new Error("sign-up failed");
  const owner = alice;
  const teamId = await teamOf(owner);

  const bob = await signUp({ name: "Bob", email: uniqueEmail("bob") });
  const ownerApi = callables(owner.functions);
  printRow("invite (teams-invite)", await meter.measure(() => ownerApi.teams.invite({ teamId, email: bob.email })));
  const token = await tokenFromMail(bob.email);
  await adminAuth().updateUser(bob.uid, { emailVerified: true });
  await bob.user?.getIdToken(true);
  printRow("accept (invitations-accept)", await meter.measure(() => callables(bob.functions).invitations.accept({ token })));

  const ai: Array<[string, () => Promise<unknown>]> = [
    ["ai-generateText", () => ownerApi.ai.generateText({ prompt: "A slogan" })],
    ["ai-generateJson", () => ownerApi.ai.generateJson({ prompt: "A plan as JSON" })],
    ["ai-generateImage (1 image)", () => ownerApi.ai.generateImage({ prompt: "A logo", numberOfImages: 1 })],
    [
      "ai-streamText",
      async () => {
        const { stream, data } = await streamText(owner.functions, { prompt: "A story" });
        for await (const chunk of stream) void chunk;
        await data;
      },
    ],
    [
      "ai-simulateFeedback (personaDetails)",
      () => ownerApi.ai.simulateFeedback({ personaDetails: { name: "Pat" }, contentToSimulate: "Our launch post" }),
    ],
    ["ai-generateAuditPlan", () => ownerApi.ai.generateAuditPlan({ campaignObjective: "More sign-ups" })],
  ];
  for (const [name, call] of ai) printRow(name, await meter.measure(call));
  printRow(
    "ai-generateText (with a requestId)",
    await meter.measure(() => owner.call("ai-generateText", { prompt: "A slogan", requestId: `bench-${Date.now()}` })),
  );
  await burst(meter);

  // Chat: Alice, Bob and a third member; Bob and Carol have the chat open on #general.
  const carol = await signUp({ name: "Carol" });
  await addTeamMember(teamId, carol.uid);
  await Promise.all(["launch", "random"].map((channelId) => seedChannel(teamId, channelId, owner)));
  await seedMessages(teamId, "general", owner, 30);
  await seedMessages(teamId, "launch", owner, 5);
  await seedMessages(teamId, "random", owner, 5);

  printRow("chat open (3 channels, unread, 50 msgs)", await meter.measure(() => openChat(bob, teamId, "general")));

  // What docs/chat.md asks of the frontend: the open channel's history listener, and for the
  // other channels of the list a limit(1) listener on their newest message.
  const viewers = [bob, carol].map((viewer) => {
    const others = ["launch", "random"].map((channelId) => listen(newestMessageQuery(viewer.db, teamId, channelId), (size) => size === 1));
    const history = query(channelMessages(viewer.db, teamId, "general"), orderBy("createdAt", "desc"), limit(HISTORY_PAGE));
    const open = listen(history, (_, texts) => texts.includes("Ship it"));
    return { open, others };
  });
  await Promise.all(viewers.flatMap((viewer) => [viewer.open, ...viewer.others].map((listener) => listener.loaded)));
  // The rules compare senderName with the member document's name, which sign-up may have taken
  // from the email (the display name is set after the account exists): read it, outside the
  // measurement. The row counts the message write alone; `sendMessage` adds this read and the
  // sender's read-marker write.
  const senderName = await memberName({ db: owner.db, teamId, uid: owner.uid });
  await meter.settle();
  printRow(
    "chat send (2 viewers on the channel)",
    await meter.measure(async () => {
      await addDoc(channelMessages(owner.db, teamId, "general"), {
        senderId: owner.uid,
        senderName,
        text: "Ship it",
        createdAt: serverTimestamp(),
      });
      await Promise.all(viewers.map((viewer) => viewer.open.ready));
    }),
  );
  for (const viewer of viewers) for (const listener of [viewer.open, ...viewer.others]) listener.close();

  printRow(
    "library upload (1 image)",
    await meter.measure(async () => {
      const { assetId } = await uploadLibraryAsset({
        db: owner.db,
        storage: owner.storage,
        teamId,
        uid: owner.uid,
        data: new Uint8Array(4096).fill(7),
        fileName: "logo.png",
        contentType: "image/png",
        name: "Logo",
      });
      await eventually(
        "library asset recorded",
        async () => (await adminDb().doc(`teams/${teamId}/libraryAssets/${assetId}`).get()).exists,
        60_000,
      );
    }),
  );

  await seedChannel(teamId, "doomed", owner);
  await seedMessages(teamId, "doomed", owner, CHANNEL_MESSAGES);
  printRow(
    `channel delete (${CHANNEL_MESSAGES} messages)`,
    await meter.measure(async () => {
      await deleteDoc(channelRef(owner.db, teamId, "doomed"));
      // The delete trigger can start late on a loaded machine: wait for its work, not for quiet.
      await eventually(
        "the channel's messages deleted",
        async () => (await adminDb().collection(`teams/${teamId}/channels/doomed/messages`).limit(1).get()).empty,
        120_000,
      );
    }),
  );

  printRow(
    "account delete (member of 2 teams)",
    await meter.measure(async () => {
      if (bob.user) await deleteUser(bob.user);
      await eventually("bob's profile deleted", async () => !(await adminDb().doc(`users/${bob.uid}`).get()).exists, 60_000);
    }),
  );

  // A sole owner whose team is bigger than a deletion page: the team goes as a chunked job.
  const dave = await signUp({ name: "Dave" });
  const daveTeam = await teamOf(dave);
  const writer = adminDb().bulkWriter();
  for (let i = 0; i < BIG_TEAM_DOCUMENTS; i++)
    void writer.create(adminDb().collection(`teams/${daveTeam}/personas`).doc(), { name: `Persona ${i}` });
  await writer.close();
  printRow(
    `account delete (sole owner, ${BIG_TEAM_DOCUMENTS} docs)`,
    await meter.measure(async () => {
      if (dave.user) await deleteUser(dave.user);
      await eventually("dave's team deleted", async () => !(await adminDb().doc(`teams/${daveTeam}`).get()).exists, 300_000);
    }),
  );
  await closeClients();
}
