import { expect } from "chai";
import { sleep } from "../../functions/src/common/time.js";
import { deleteDoc, doc, type Timestamp } from "firebase/firestore";
import { cancelPost, reschedulePost, scheduledPosts } from "../../client/src/index.js";
import { connectAccount, createDraft, IMAGE_BYTES, readPost, schedulePost, storeFile, usePublishing, waitForStatus } from "./support.js";
import { signUpWithTeam } from "../helpers/clients.js";

describe("posts: publishing on time through Cloud Tasks", () => {
  const { fake } = usePublishing();

  it("publishes a post scheduled a few seconds ahead exactly once, with the draft's text, hashtags and image", async () => {
    const alice = await signUpWithTeam();
    const accountId = await connectAccount(alice, "X");
    const imagePath = await storeFile(alice.teamId, "launch.jpg", "image/jpeg");
    const draftId = await createDraft(alice, {
      X: { content: "We launch today!", hashtags: ["launch", "#pixa"], mediaType: "image", uploadedImageStoragePath: imagePath },
    });
    const scheduledFor = Date.now() + 4000;
    const postId = await schedulePost(alice, { platform: "X", connectedAccountId: accountId, contentDraftId: draftId, inMs: 4000 });

    const post = await waitForStatus(alice.teamId, postId, ["published", "failed"]);
    expect(post.failure).to.equal(undefined);
    expect(post.status).to.equal("published");
    expect(fake().posts).to.have.length(1);
    const received = fake().posts[0];
    expect(received.text).to.equal("We launch today!\n\n#launch #pixa");
    expect(received.media?.bytes.equals(IMAGE_BYTES)).to.equal(true);
    expect(received.accessToken).to.equal("token-x");
    expect(received.receivedAt.getTime()).to.be.at.least(scheduledFor - 1000);
    expect(post.platformPostId).to.equal(received.id);
    expect(post.permalink).to.equal(`https://x.com/i/web/status/${received.id}`);
    expect((post.publishedAt as Timestamp).toMillis()).to.be.at.least(scheduledFor - 1000);
    expect(post.lease).to.equal(undefined);
    expect(fake().creates()).to.have.length(1);
  });

  it("publishes a rescheduled post at the new time only", async () => {
    const alice = await signUpWithTeam();
    const accountId = await connectAccount(alice, "X");
    const postId = await schedulePost(alice, { platform: "X", connectedAccountId: accountId, content: "Moved", inMs: 3000 });
    const newTime = Date.now() + 9000;
    await reschedulePost(alice.db, alice.teamId, postId, new Date(newTime));

    await sleep(5000);
    expect(fake().posts, "nothing at the old time").to.have.length(0);
    expect((await readPost(alice.teamId, postId)).status).to.equal("scheduled");
    const post = await waitForStatus(alice.teamId, postId, ["published", "failed"]);
    expect(post.status).to.equal("published");
    expect(fake().posts).to.have.length(1);
    expect(fake().posts[0].receivedAt.getTime()).to.be.at.least(newTime - 1000);
  });

  it("does not publish a cancelled or a deleted post", async () => {
    const alice = await signUpWithTeam();
    const accountId = await connectAccount(alice, "X");
    const cancelled = await schedulePost(alice, { platform: "X", connectedAccountId: accountId, content: "Cancelled", inMs: 3000 });
    const deleted = await schedulePost(alice, { platform: "X", connectedAccountId: accountId, content: "Deleted", inMs: 3000 });
    const kept = await schedulePost(alice, { platform: "X", connectedAccountId: accountId, content: "Kept", inMs: 4000 });
    await cancelPost(alice.db, alice.teamId, cancelled);
    await deleteDoc(doc(scheduledPosts(alice.db, alice.teamId), deleted));

    await waitForStatus(alice.teamId, kept, ["published", "failed"]);
    await sleep(1500);
    expect(fake().posts.map((p) => p.text)).to.deep.equal(["Kept"]);
    expect((await readPost(alice.teamId, cancelled)).status).to.equal("cancelled");
  });
});
