import { expect } from "chai";
import { callables } from "../../client/src/index.js";
import type { CampaignPlatform } from "../../functions/src/models/campaignEnums.js";
import { connectAccount, createDraft, IMAGE_BYTES, seedPost, storeFile, usePublishing } from "./support.js";
import { signUpWithTeam } from "../helpers/clients.js";
import { startServer, type FakeServer } from "../fakes/server.js";

const VIDEO_BYTES = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 13) % 256));

/** Each platform's wire format end to end: draft text and hashtags, media bytes as the platform received them. */
describe("posts: the eight platform publishers against the fake platforms", () => {
  const { fake } = usePublishing();

  const cases: Array<{ platform: CampaignPlatform; slug: string; image: boolean; account?: string; expectedText?: string }> = [
    { platform: "X", slug: "x", image: true },
    { platform: "Facebook", slug: "facebook", image: true, account: "page-77" },
    { platform: "Instagram", slug: "instagram", image: true, account: "ig-5" },
    { platform: "Threads", slug: "threads", image: true, account: "th-9" },
    { platform: "LinkedIn", slug: "linkedin", image: true, account: "person-3", expectedText: "Spring sale\n\n\\#pixa" },
    { platform: "Pinterest", slug: "pinterest", image: true },
    { platform: "TikTok", slug: "tiktok", image: true },
  ];

  for (const { platform, slug, image, account, expectedText } of cases) {
    it(`${platform}: publishes text, hashtags and the image`, async () => {
      const alice = await signUpWithTeam();
      const accountId = await connectAccount(alice, platform, { platformAccountId: account ?? "acct-1" });
      const imagePath = image ? await storeFile(alice.teamId, "spring.jpg", "image/jpeg") : undefined;
      const draftId = await createDraft(alice, {
        [platform]: { content: "Spring sale", hashtags: ["pixa"], mediaType: "image", uploadedImageStoragePath: imagePath },
      });
      const postId = await seedPost(alice, { platform, connectedAccountId: accountId, contentDraftId: draftId, inMs: 3600_000 });

      const result = await callables(alice.functions).posts.publishNow({ teamId: alice.teamId, postId });
      expect(result.failure).to.equal(undefined);
      expect(result.status).to.equal("published");
      expect(fake().posts).to.have.length(1);
      const received = fake().posts[0];
      expect(received.platform).to.equal(slug);
      expect(received.text).to.equal(expectedText ?? "Spring sale\n\n#pixa");
      expect(received.media?.bytes.equals(IMAGE_BYTES), "image bytes").to.equal(true);
      expect(received.accessToken).to.equal(`token-${platform.toLowerCase()}`);
      expect(result.platformPostId).to.include(received.id);
      expect(fake().creates(slug)).to.have.length(1);
      if (account === "page-77") expect(received.account).to.equal("page-77");
      if (account === "person-3") expect(received.account).to.equal("urn:li:person:person-3");
    });
  }

  it("YouTube: uploads a library video through a resumable session", async () => {
    const alice = await signUpWithTeam();
    const accountId = await connectAccount(alice, "YouTube");
    const videoPath = await storeFile(alice.teamId, "clip.mp4", "video/mp4", VIDEO_BYTES);
    await adminLibraryAsset(alice.teamId, "clip", videoPath);
    const draftId = await createDraft(alice, { YouTube: { content: "Our clip\nWatch it", mediaType: "video", libraryAssetId: "clip" } });
    const postId = await seedPost(alice, { platform: "YouTube", connectedAccountId: accountId, contentDraftId: draftId, inMs: 3600_000 });
    const result = await callables(alice.functions).posts.publishNow({ teamId: alice.teamId, postId });
    expect(result.status).to.equal("published");
    expect(result.permalink).to.equal(`https://www.youtube.com/watch?v=${result.platformPostId}`);
    expect(fake().posts[0].media?.bytes.equals(VIDEO_BYTES)).to.equal(true);
    expect(fake().posts[0].text).to.equal("Our clip\nWatch it");
  });

  it("YouTube: a post without a video fails content-invalid before any call", async () => {
    const alice = await signUpWithTeam();
    const accountId = await connectAccount(alice, "YouTube");
    const postId = await seedPost(alice, { platform: "YouTube", connectedAccountId: accountId, content: "Just words", inMs: 3600_000 });
    const result = await callables(alice.functions).posts.publishNow({ teamId: alice.teamId, postId });
    expect(result.status).to.equal("failed");
    expect(result.failure).to.deep.include({
      reason: "content-invalid",
      message: "YouTube publishes videos only: add a video from the library to this post.",
    });
    expect(fake().requests).to.have.length(0);
  });

  describe("upload URLs from a platform's answer get the token only on the hosts the catalog lists", () => {
    /** Another local server, standing in for a host the platform catalog does not list: what reached it. */
    const foreignRequests: Array<{ method: string; path: string; authorization: string | undefined }> = [];
    let foreign: FakeServer | null = null;
    before(async () => {
      foreign = await startServer(async (req, res) => {
        foreignRequests.push({ method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization });
        for await (const chunk of req) void chunk;
        res.writeHead(201, { "content-type": "application/json" });
        res.end(JSON.stringify({ id: "foreign-video" }));
      });
    });
    beforeEach(() => {
      foreignRequests.length = 0;
      fake().uploadOrigin = foreign?.origin ?? null;
    });
    after(() => foreign?.close());

    it("LinkedIn: an uploadUrl on another host fails platform-error before anything is created, and that host gets nothing", async () => {
      const alice = await signUpWithTeam();
      const accountId = await connectAccount(alice, "LinkedIn", { platformAccountId: "person-3" });
      const imagePath = await storeFile(alice.teamId, "spring.jpg", "image/jpeg");
      const draftId = await createDraft(alice, {
        LinkedIn: { content: "Spring", mediaType: "image", uploadedImageStoragePath: imagePath },
      });
      const postId = await seedPost(alice, {
        platform: "LinkedIn",
        connectedAccountId: accountId,
        contentDraftId: draftId,
        inMs: 3600_000,
      });

      const result = await callables(alice.functions).posts.publishNow({ teamId: alice.teamId, postId });
      expect(result.status).to.equal("failed");
      expect(result.failure).to.deep.equal({
        reason: "platform-error",
        message: `LinkedIn named an upload address on ${new URL(foreign?.origin ?? "").host}, which is not one of its known upload hosts, so the account's access was not sent there. Nothing was published.`,
        retryable: false,
      });
      expect(foreignRequests, "requests to the other host").to.deep.equal([]);
      expect(fake().creates("linkedin")).to.have.length(0);
      expect(fake().posts).to.have.length(0);
    });

    it("YouTube: a session Location on another host fails platform-error before anything is created, and that host gets nothing", async () => {
      const alice = await signUpWithTeam();
      const accountId = await connectAccount(alice, "YouTube");
      const videoPath = await storeFile(alice.teamId, "clip.mp4", "video/mp4", VIDEO_BYTES);
      await adminLibraryAsset(alice.teamId, "clip", videoPath);
      const draftId = await createDraft(alice, { YouTube: { content: "Our clip", mediaType: "video", libraryAssetId: "clip" } });
      const postId = await seedPost(alice, { platform: "YouTube", connectedAccountId: accountId, contentDraftId: draftId, inMs: 3600_000 });

      const result = await callables(alice.functions).posts.publishNow({ teamId: alice.teamId, postId });
      expect(result.status).to.equal("failed");
      expect(result.failure).to.deep.include({ reason: "platform-error", retryable: false });
      expect(result.failure?.message).to.match(/Nothing was published\.$/);
      expect(foreignRequests, "requests to the other host").to.deep.equal([]);
      expect(fake().creates("youtube")).to.have.length(0);
      expect(fake().posts).to.have.length(0);
    });
  });

  it("Instagram: refuses a PNG before any call (the API takes JPEG only)", async () => {
    const alice = await signUpWithTeam();
    const accountId = await connectAccount(alice, "Instagram");
    const imagePath = await storeFile(alice.teamId, "logo.png", "image/png");
    const draftId = await createDraft(alice, { Instagram: { content: "Logo", mediaType: "image", processedImageStoragePath: imagePath } });
    const postId = await seedPost(alice, { platform: "Instagram", connectedAccountId: accountId, contentDraftId: draftId, inMs: 3600_000 });
    const result = await callables(alice.functions).posts.publishNow({ teamId: alice.teamId, postId });
    expect(result.failure).to.deep.include({
      reason: "content-invalid",
      message: "Instagram accepts JPEG images only; this one is image/png.",
    });
    expect(fake().requests).to.have.length(0);
  });
});

async function adminLibraryAsset(teamId: string, assetId: string, storagePath: string): Promise<void> {
  const { Timestamp } = await import("firebase-admin/firestore");
  const { adminDb } = await import("../helpers/admin.js");
  await adminDb()
    .doc(`teams/${teamId}/libraryAssets/${assetId}`)
    .set({
      name: "Clip",
      type: "video",
      storagePath,
      fileName: storagePath.split("/").pop(),
      fileType: "video/mp4",
      size: VIDEO_BYTES.length,
      uploadedBy: null,
      uploadedAt: Timestamp.now(),
    });
}
