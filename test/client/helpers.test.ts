/**
 * The package's helpers and typed callables (client/src, what the tarball ships) against the
 * emulators and the real rules: each helper does what the contract's subtle rule requires,
 * and every response of a callable on this backend parses with its model's response schema.
 */
import { expect } from "chai";
import { addDoc, getDoc, getDocs, onSnapshot, serverTimestamp } from "firebase/firestore";
import { createTeamResponse, inviteResponse } from "../../functions/src/models/teams.js";
import { ensureProfileResponse } from "../../functions/src/models/identity.js";
import { aiConfigList } from "../../functions/src/models/aiConfigs.js";
import {
  auditPlanSchema,
  feedbackSimulationResultSchema,
  generateImageResponse,
  generateJsonResponse,
  streamTextResponse,
  textResult,
} from "../../functions/src/models/ai.js";
import { callables, streamText } from "../../client/src/callables.js";
import { addDraftPlatform, cancelPost, schedulePost } from "../../client/src/campaign.js";
import {
  channelMessages,
  channelRef,
  channelTyping,
  connectedAccounts,
  contentDrafts,
  libraryAssetRef,
  scheduledPosts,
  teamStorageUsageRef,
  userRef,
} from "../../client/src/collections.js";
import {
  clearTyping,
  isTyping,
  lastMessage,
  lastMessageAt,
  markRead,
  openDirectMessage,
  sendMessage,
  setTyping,
  unreadCount,
} from "../../client/src/chat.js";
import { errorCode, errorReason, isCallableError, isCreditLimitError } from "../../client/src/errors.js";
import { ensureProfile } from "../../client/src/identity.js";
import { uploadLibraryAsset } from "../../client/src/library.js";
import { dmChannelId } from "../../client/src/paths.js";
import { addTeamMember, adminBucket, adminDb } from "../helpers/admin.js";
import { readOnceWritten, signUpWithTeam, type Member } from "../helpers/clients.js";
import { useEmptyEmulators } from "../helpers/suite.js";

/** Alice (owner) and Bob (member) of Alice's personal team. */
async function teammates(): Promise<[Member, Member]> {
  const [alice, bob] = await Promise.all([signUpWithTeam(), signUpWithTeam()]);
  await addTeamMember(alice.teamId, bob.uid);
  return [alice, Object.assign(bob, { teamId: alice.teamId })];
}

const memberDocName = async (teamId: string, uid: string) =>
  (await adminDb().doc(`teams/${teamId}/members/${uid}`).get()).get("name") as string;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("@pixasocial/client helpers on the emulators", () => {
  useEmptyEmulators();

  describe("chat", () => {
    it("opens one DM per pair, whoever opens it first", async () => {
      const [alice, bob] = await teammates();
      const fromAlice = await openDirectMessage({ db: alice.db, teamId: alice.teamId, uid: alice.uid }, bob.uid);
      const fromBob = await openDirectMessage({ db: bob.db, teamId: bob.teamId, uid: bob.uid }, alice.uid);
      expect(fromAlice.id).to.equal(dmChannelId(bob.uid, alice.uid));
      expect(fromBob.id).to.equal(fromAlice.id);
      const channel = (await getDoc(fromBob)).data();
      expect(channel?.isDirectMessage).to.equal(true);
      expect(channel?.memberIds).to.deep.equal([alice.uid, bob.uid].sort());
      expect(channel?.createdBy).to.equal(alice.uid);
    });

    it("sends a message with an attachment: the file first, senderName from the member document, read marker after", async () => {
      const [alice, bob] = await teammates();
      const me = { db: alice.db, storage: alice.storage, teamId: alice.teamId, uid: alice.uid };
      const bytes = new TextEncoder().encode("quarterly numbers");
      const sent = await sendMessage(me, {
        channelId: "general",
        text: "see attached",
        file: { data: bytes, fileName: "report.txt", contentType: "text/plain" },
      });

      const message = (await getDoc(sent)).data();
      expect(message?.senderName).to.equal(await memberDocName(alice.teamId, alice.uid));
      expect(message?.text).to.equal("see attached");
      expect(message?.attachment?.fileName).to.equal("report.txt");
      expect(message?.attachment?.size).to.equal(bytes.byteLength);
      expect(message?.attachment?.storagePath).to.match(new RegExp(`^teams/${alice.teamId}/chat/general/${alice.uid}/[^/]+$`));
      const [exists] = await adminBucket()
        .file(message?.attachment?.storagePath ?? "")
        .exists();
      expect(exists).to.equal(true);

      expect(await unreadCount(me, "general")).to.equal(0);
      const bobAt = { db: bob.db, teamId: bob.teamId, uid: bob.uid };
      expect(await unreadCount(bobAt, "general")).to.equal(1);
      await markRead(bobAt, "general");
      expect(await unreadCount(bobAt, "general")).to.equal(0);
    });

    it("refuses a message in a team the sender is not in, and writes nothing", async () => {
      const [alice, outsider] = await Promise.all([signUpWithTeam(), signUpWithTeam()]);
      const error = await rejection(
        sendMessage({ db: outsider.db, teamId: alice.teamId, uid: outsider.uid }, { channelId: "general", text: "hi" }),
      );
      expect(String(error)).to.match(/not a member|permission/i);
      expect((await adminDb().collection(`teams/${alice.teamId}/channels/general/messages`).get()).size).to.equal(0);
    });

    it("shows typing with the member's name for a few seconds, and clears it", async () => {
      const [alice] = await teammates();
      const me = { db: alice.db, teamId: alice.teamId, uid: alice.uid };
      await setTyping(me, "general");
      const typers = await getDocs(channelTyping(alice.db, alice.teamId, "general"));
      expect(typers.docs.map((d) => d.data().userName)).to.deep.equal([await memberDocName(alice.teamId, alice.uid)]);
      const typing = typers.docs[0].data();
      expect(isTyping(typing)).to.equal(true);
      expect(isTyping(typing, typing.expiresAt.toMillis() + 1)).to.equal(false);
      await clearTyping(me, "general");
      expect((await getDocs(channelTyping(alice.db, alice.teamId, "general"))).size).to.equal(0);
    });

    it("reads a message the user just sent with its createdAt already set (server timestamps as estimates)", async () => {
      const [alice] = await teammates();
      const seen = new Promise<number>((resolve, reject) => {
        const unsubscribe = onSnapshot(
          channelMessages(alice.db, alice.teamId, "general"),
          { includeMetadataChanges: true },
          (snapshot) => {
            const pending = snapshot.docs.find((d) => d.metadata.hasPendingWrites);
            if (!pending) return;
            unsubscribe();
            resolve(pending.data().createdAt.toMillis());
          },
          reject,
        );
      });
      await addDoc(channelMessages(alice.db, alice.teamId, "general"), {
        senderId: alice.uid,
        senderName: await memberDocName(alice.teamId, alice.uid),
        text: "latency-compensated",
        createdAt: serverTimestamp(),
      });
      expect(await seen)
        .to.be.a("number")
        .greaterThan(0);
    });

    it("finds a channel's last activity in its newest message; the channel has no lastMessageAt", async () => {
      const [alice, bob] = await teammates();
      expect(await lastMessage(alice.db, alice.teamId, "general")).to.equal(null);
      await sendMessage(alice, { channelId: "general", text: "first" });
      const second = await sendMessage(bob, { channelId: "general", text: "second" });
      const newest = await lastMessage(alice.db, alice.teamId, "general");
      expect(newest?.id).to.equal(second.id);
      expect(newest?.data().text).to.equal("second");
      expect((await lastMessageAt(alice.db, alice.teamId, "general"))?.toMillis()).to.equal(newest?.data().createdAt.toMillis());
      const channel = await getDoc(channelRef(alice.db, alice.teamId, "general"));
      expect(channel.exists()).to.equal(true);
      expect((await adminDb().doc(`teams/${alice.teamId}/channels/general`).get()).get("lastMessageAt")).to.equal(undefined);
    });
  });

  describe("library, campaign, identity", () => {
    it("uploads a library asset with its name and uploader, and the function records it", async () => {
      const alice = await signUpWithTeam();
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const { assetId, storagePath } = await uploadLibraryAsset({
        db: alice.db,
        storage: alice.storage,
        teamId: alice.teamId,
        uid: alice.uid,
        data: png,
        fileName: "logo.png",
        contentType: "image/png",
        name: "Our logo",
      });
      expect(storagePath).to.equal(`teams/${alice.teamId}/library/${assetId}/logo.png`);
      const asset = await readOnceWritten("asset record", libraryAssetRef(alice.db, alice.teamId, assetId));
      expect(asset).to.include({ name: "Our logo", uploadedBy: alice.uid, type: "image", fileName: "logo.png", size: png.byteLength });
      const usage = await readOnceWritten("storage counter", teamStorageUsageRef(alice.db, alice.teamId));
      expect(usage.bytes).to.be.at.least(png.byteLength);
      expect(usage.limit).to.be.a("number");
    });

    it("lets a member read the team's connected accounts (none yet)", async () => {
      const alice = await signUpWithTeam();
      expect((await getDocs(connectedAccounts(alice.db, alice.teamId))).size).to.equal(0);
    });

    it("adds draft platforms one update each; a bad entry is refused and changes nothing", async () => {
      const alice = await signUpWithTeam();
      const draft = await addDoc(contentDrafts(alice.db, alice.teamId), {
        title: "Launch",
        platformContents: {},
        createdBy: alice.uid,
        createdAt: serverTimestamp(),
        updatedAt: serverTimestamp(),
      });
      await addDraftPlatform(alice.db, alice.teamId, draft.id, "X", { content: "Short and sharp", hashtags: ["launch"] });
      await addDraftPlatform(alice.db, alice.teamId, draft.id, "LinkedIn", { content: "The longer story", mediaType: "none" });
      const error = await rejection(addDraftPlatform(alice.db, alice.teamId, draft.id, "Facebook", { content: "x".repeat(10_001) }));
      expect((error as { code?: string }).code).to.equal("permission-denied");
      const stored = (await getDoc(draft)).data();
      expect(Object.keys(stored?.platformContents ?? {}).sort()).to.deep.equal(["LinkedIn", "X"]);
      expect(stored?.platformContents.X?.hashtags).to.deep.equal(["launch"]);
    });

    it("schedules a post with the time zone and cancels it; a time in the past is refused", async () => {
      const alice = await signUpWithTeam();
      const at = new Date(Date.now() + 60 * 60 * 1000);
      const post = await schedulePost(alice.db, alice.teamId, alice.uid, {
        platform: "X",
        scheduledAt: at,
        timezone: "Europe/Berlin",
        content: "Soon",
      });
      const stored = (await getDoc(post)).data();
      expect(stored).to.include({ platform: "X", status: "scheduled", timezone: "Europe/Berlin", content: "Soon", createdBy: alice.uid });
      expect(stored?.scheduledAt.toMillis()).to.equal(at.getTime());
      await cancelPost(alice.db, alice.teamId, post.id);
      expect((await getDoc(post)).data()?.status).to.equal("cancelled");
      const past = await rejection(
        schedulePost(alice.db, alice.teamId, alice.uid, { platform: "X", scheduledAt: new Date(Date.now() - 10 * 60 * 1000) }),
      );
      expect((past as { code?: string }).code).to.equal("permission-denied");
      expect((await getDocs(scheduledPosts(alice.db, alice.teamId))).size).to.equal(1);
    });

    it("ensureProfile resolves once the sign-up trigger created the profile, without the fallback", async () => {
      const alice = await signUpWithTeam();
      expect(await ensureProfile(alice.db, alice.functions, alice.uid, 20_000)).to.deep.equal({ created: false });
      expect((await getDoc(userRef(alice.db, alice.uid))).data()?.defaultTeamId).to.equal(alice.teamId);
    });
  });

  describe("callables and errors", () => {
    // One call per test: each wakes its own function, which may be cold on a busy machine.
    it("identity-ensureProfile answers with the model's shape", async () => {
      const alice = await signUpWithTeam();
      expect(ensureProfileResponse.parse(await callables(alice.functions).identity.ensureProfile({}))).to.deep.equal({ created: false });
    });

    it("aiConfigs-setActive and aiConfigs-list answer with the model's shapes", async () => {
      const api = callables((await signUpWithTeam()).functions);
      await api.aiConfigs.setActive({ activeProvider: "Mock" });
      expect(aiConfigList.parse(await api.aiConfigs.list({})).activeProvider).to.equal("Mock");
    });

    it("ai-generateText answers with the model's TextResult", async () => {
      textResult.parse(await callables((await signUpWithTeam()).functions).ai.generateText({ prompt: "tagline" }));
    });

    it("ai-generateJson answers with the model's shape", async () => {
      generateJsonResponse.parse(await callables((await signUpWithTeam()).functions).ai.generateJson({ prompt: "a JSON object" }));
    });

    it("ai-generateImage answers with the model's shape", async () => {
      const response = await callables((await signUpWithTeam()).functions).ai.generateImage({ prompt: "a cat", numberOfImages: 2 });
      expect(generateImageResponse.parse(response).images).to.have.length(2);
    });

    it("ai-generateAuditPlan answers with the model's AuditPlan", async () => {
      auditPlanSchema.parse(
        await callables((await signUpWithTeam()).functions).ai.generateAuditPlan({ campaignObjective: "More sign-ups" }),
      );
    });

    it("ai-simulateFeedback answers with the model's FeedbackSimulationResult", async () => {
      const api = callables((await signUpWithTeam()).functions);
      feedbackSimulationResultSchema.parse(
        await api.ai.simulateFeedback({ personaDetails: { name: "Carla" }, contentToSimulate: "Try it" }),
      );
    });

    it("ai-streamText streams deltas through the helper and ends with the model's shape", async () => {
      const { stream, data } = await streamText((await signUpWithTeam()).functions, { prompt: "stream it" });
      let streamed = "";
      for await (const delta of stream) streamed += delta;
      expect(streamed).to.not.equal("");
      expect(streamTextResponse.parse(await data).text).to.equal(streamed);
    });

    it("teams-create answers with the model's shape", async () => {
      createTeamResponse.parse(await callables((await signUpWithTeam()).functions).teams.create({ name: "Second team" }));
    });

    it("teams-invite answers with the model's shape", async () => {
      const alice = await signUpWithTeam();
      inviteResponse.parse(await callables(alice.functions).teams.invite({ teamId: alice.teamId, email: "guest@example.test" }));
    });

    it("tells a credit-limit refusal apart, with used, limit and resetsAt", async () => {
      const alice = await signUpWithTeam();
      await adminDb()
        .doc("config/roles")
        .set({ free: { maxAiUsesMonthly: 0 } });
      const error = await rejection(callables(alice.functions).ai.generateText({ prompt: "one more" }));
      expect(isCreditLimitError(error)).to.equal(true);
      if (!isCreditLimitError(error)) return;
      expect(error.details).to.include({ reason: "ai-credit-limit", used: 0, limit: 0 });
      expect(new Date(error.details.resetsAt).getTime()).to.be.greaterThan(Date.now());
    });

    it("reads the code and reason of other refusals, and ignores errors that are not a callable's", async () => {
      const alice = await signUpWithTeam();
      const badInput = await rejection(callables(alice.functions).ai.generateText({ prompt: "" }));
      expect(errorCode(badInput)).to.equal("invalid-argument");
      expect(isCreditLimitError(badInput)).to.equal(false);
      const ownerLeaves = await rejection(callables(alice.functions).teams.leave({ teamId: alice.teamId }));
      expect(errorCode(ownerLeaves)).to.equal("failed-precondition");
      expect(errorReason(ownerLeaves)).to.equal("owner-must-transfer");
      expect(isCallableError(new Error("plain"))).to.equal(false);
      expect(errorReason("not an error")).to.equal(undefined);
    });
  });
});
