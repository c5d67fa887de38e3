import type { RulesTestContext } from "@firebase/rules-unit-testing";
import { deleteDoc, doc } from "firebase/firestore";
import { expectAllowed, expectDenied, rulesEnv } from "../helpers/rules.js";
import { DM, OTHER_TEAM, PRIVATE, TEAM, seedChatWorld } from "./fixtures.js";

const MiB = 1024 * 1024;
const filePath = (channelId: string, uid: string, fileName = "brief.pdf", team = TEAM) => `teams/${team}/chat/${channelId}/${uid}/${fileName}`;

async function as(uid: string): Promise<RulesTestContext> {
  return (await rulesEnv()).authenticatedContext(uid);
}

async function upload(context: RulesTestContext, path: string, size = 64): Promise<void> {
  await context.storage().ref(path).put(new Uint8Array(size).fill(1), { contentType: "application/pdf" });
}

async function seedFile(path: string): Promise<void> {
  await (await rulesEnv()).withSecurityRulesDisabled((context) => upload(context, path));
}

describe("storage rules: teams/{teamId}/chat/{channelId}/{uid}/{fileName}", () => {
  beforeEach(async () => {
    const env = await rulesEnv();
    await env.clearStorage();
    await env.clearFirestore();
    await seedChatWorld();
  });

  describe("uploading", () => {
    it("lets a channel member upload into their own folder of the channel", async () => {
      await expectAllowed(upload(await as("bob"), filePath("general", "bob")));
      await expectAllowed(upload(await as("alice"), filePath(PRIVATE, "alice")));
      await expectAllowed(upload(await as("carol"), filePath(DM, "carol")));
    });

    it("denies overwriting an existing attachment, even the uploader's own", async () => {
      await seedFile(filePath("general", "bob"));
      await expectDenied(upload(await as("bob"), filePath("general", "bob")));
      await expectAllowed(upload(await as("bob"), filePath("general", "bob", "brief-2.pdf")));
    });

    it("denies uploading into another user's folder", async () => {
      await expectDenied(upload(await as("bob"), filePath("general", "alice")));
    });

    it("denies a teammate outside the private channel or DM", async () => {
      await expectDenied(upload(await as("bob"), filePath(PRIVATE, "bob")));
      await expectDenied(upload(await as("bob"), filePath(DM, "bob")));
    });

    it("denies a member of another team, a user without a team and a signed-out user", async () => {
      await expectDenied(upload(await as("erin"), filePath("general", "erin")));
      await expectDenied(upload(await as("dave"), filePath("general", "dave")));
      await expectDenied(upload((await rulesEnv()).unauthenticatedContext(), filePath("general", "bob")));
    });

    it("denies a channel that does not exist", async () => {
      await expectDenied(upload(await as("bob"), filePath("nowhere", "bob")));
    });

    it("accepts 25 MiB and denies a byte more", async () => {
      const bob = await as("bob");
      await expectAllowed(upload(bob, filePath("general", "bob", "max.bin"), 25 * MiB));
      await expectDenied(upload(bob, filePath("general", "bob", "too-big.bin"), 25 * MiB + 1));
    });

    it("denies paths outside the layout, such as a subfolder below the user's folder", async () => {
      await expectDenied(upload(await as("bob"), `teams/${TEAM}/chat/general/bob/sub/brief.pdf`));
      await expectDenied(upload(await as("bob"), `teams/${TEAM}/chat/general/brief.pdf`));
    });
  });

  describe("reading", () => {
    beforeEach(async () => {
      await seedFile(filePath(PRIVATE, "carol"));
      await seedFile(filePath("general", "alice"));
    });

    it("lets any channel member read an attachment, including other senders' files", async () => {
      await expectAllowed((await as("alice")).storage().ref(filePath(PRIVATE, "carol")).getMetadata());
      await expectAllowed((await as("bob")).storage().ref(filePath("general", "alice")).getDownloadURL());
    });

    it("denies a teammate outside the private channel and a member of another team", async () => {
      await expectDenied((await as("bob")).storage().ref(filePath(PRIVATE, "carol")).getMetadata());
      await expectDenied((await as("erin")).storage().ref(filePath("general", "alice")).getMetadata());
    });

    it("denies a member removed from the team", async () => {
      await (await rulesEnv()).withSecurityRulesDisabled((ctx) => deleteDoc(doc(ctx.firestore(), `teams/${TEAM}/members/bob`)));
      await expectDenied((await as("bob")).storage().ref(filePath("general", "alice")).getMetadata());
    });
  });

  describe("deleting", () => {
    beforeEach(async () => {
      await seedFile(filePath("general", "alice"));
    });

    it("lets the uploader delete their own file", async () => {
      await expectAllowed((await as("alice")).storage().ref(filePath("general", "alice")).delete());
    });

    it("denies deleting another member's file, even for an admin", async () => {
      await expectDenied((await as("bob")).storage().ref(filePath("general", "alice")).delete());
    });

    it("denies an uploader who left the team and the owner of another team", async () => {
      await (await rulesEnv()).withSecurityRulesDisabled((ctx) => deleteDoc(doc(ctx.firestore(), `teams/${TEAM}/members/alice`)));
      await expectDenied((await as("alice")).storage().ref(filePath("general", "alice")).delete());
      await expectDenied((await as("erin")).storage().ref(filePath("general", "alice", "brief.pdf", OTHER_TEAM)).delete());
    });
  });
});
