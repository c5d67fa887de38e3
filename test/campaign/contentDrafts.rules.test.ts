import { deleteField, doc, serverTimestamp, setDoc, updateDoc } from "firebase/firestore";
import { expectAllowed, expectDenied, seed, firestoreAs } from "../helpers/rules.js";
import { ALICE, TEAM } from "../helpers/cast.js";
import { describeCampaignCollection, forCreate, stored, type Data } from "./campaignRules.js";

const PLATFORMS = ["Facebook", "Instagram", "X", "LinkedIn", "TikTok", "YouTube", "Pinterest", "Threads"];

/** A PlatformContentDetail with every field of seed §5.2 set. */
const fullDetail = (): Data => ({
  content: "Our new refill station is open!",
  hashtags: ["refill", "zerowaste"],
  mediaType: "image",
  subject: "Refill station launch",
  imageSourceType: "upload",
  imagePrompt: "A bright refill station in a corner shop",
  uploadedImageStoragePath: `teams/${TEAM}/library/asset-1/station.png`,
  libraryAssetId: "asset-1",
  memeText: "Refill, not landfill",
  processedImageStoragePath: `teams/${TEAM}/library/asset-2/station-meme.png`,
  videoIdea: "Time-lapse of a day at the station",
});

const draft = (): Data => ({
  title: "Refill launch",
  personaId: "persona-1",
  operatorId: "operator-1",
  keyMessage: "Refilling is cheaper and greener",
  platformContents: { Facebook: fullDetail(), X: { content: "Refill station open", hashtags: ["refill"], mediaType: "none" } },
});

describe("rules: teams/{teamId}/contentDrafts", () => {
  describeCampaignCollection({
    name: "contentDrafts",
    valid: draft,
    validUpdate: { title: "Refill launch v2", "platformContents.X.content": "Now open" },
    required: ["platformContents"],
    wrongEnums: [
      ["platformContents", { Facebook: { mediaType: "gif" } }],
      ["platformContents", { Facebook: { imageSourceType: "camera" } }],
    ],
    tooLong: [
      ["title", "t".repeat(201)],
      ["keyMessage", "k".repeat(5001)],
      ["platformContents", { X: { content: "c".repeat(10001) } }],
      ["platformContents", { X: { hashtags: Array.from({ length: 31 }, (_, i) => `tag${i}`) } }],
    ],
    wrongTypes: [
      ["title", 3],
      ["platformContents", ["Facebook"]],
      ["platformContents", { Facebook: "just text" }],
    ],
  });

  describe("platformContents", () => {
    const ref = async () => doc(await firestoreAs(ALICE), `teams/${TEAM}/contentDrafts/d1`);
    const create = async (data: Data) => setDoc(await ref(), forCreate(data));
    const withX = (detail: Data) => ({ ...draft(), platformContents: { X: detail } });

    it("accepts a new draft with two platforms with every detail field and 30 hashtags set", async () => {
      const two = Object.fromEntries(
        PLATFORMS.slice(0, 2).map((p) => [p, { ...fullDetail(), hashtags: Array.from({ length: 30 }, (_, i) => `tag${i}`) }]),
      );
      await expectAllowed(create({ ...draft(), platformContents: two }));
    });

    it("accepts a new draft with three short platform entries", async () => {
      const three = Object.fromEntries(
        PLATFORMS.slice(0, 3).map((p) => [p, { content: "Hello", hashtags: ["a", "b"], mediaType: "none" }]),
      );
      await expectAllowed(create({ ...draft(), platformContents: three }));
    });

    it("lets a draft grow to every platform, one platform per update", async () => {
      const r = await ref();
      await expectAllowed(setDoc(r, forCreate({ title: "All platforms", platformContents: {} })));
      for (const platform of PLATFORMS) {
        const detail = { ...fullDetail(), hashtags: Array.from({ length: 30 }, (_, i) => `tag${i}`) };
        await expectAllowed(updateDoc(r, { [`platformContents.${platform}`]: detail, updatedAt: serverTimestamp() }));
      }
    });

    it("accepts an empty map, and a draft with only platformContents", async () => {
      await expectAllowed(create({ platformContents: {} }));
    });

    it("denies null for optional fields (omit them or remove them with deleteField)", async () => {
      await expectDenied(create({ ...draft(), title: null }));
      await expectDenied(create(withX({ content: "hi", libraryAssetId: null })));
      await expectDenied(create(withX({ content: "hi", hashtags: null })));
    });

    it("denies an unknown platform key", async () => {
      await expectDenied(create({ ...draft(), platformContents: { MySpace: { content: "hi" } } }));
      await expectDenied(create({ ...draft(), platformContents: { facebook: { content: "hi" } } }));
    });

    it("denies an unknown detail field, such as an inlined base64 image", async () => {
      await expectDenied(create(withX({ content: "hi", uploadedImageBase64: "iVBORw0KGgo=" })));
    });

    it("denies a file given as a data URL or base64 instead of a Storage path", async () => {
      await expectDenied(create(withX({ uploadedImageStoragePath: "data:image/png;base64,iVBORw0KGgo=" })));
      await expectDenied(create(withX({ processedImageStoragePath: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB" })));
    });

    it("denies a Storage path outside the team's folder", async () => {
      await expectDenied(create(withX({ uploadedImageStoragePath: "teams/team-b/library/a/x.png" })));
      await expectDenied(create(withX({ uploadedImageStoragePath: "users/alice/avatar/me.png" })));
    });

    it("accepts the team's library files for both image fields, on create and on update", async () => {
      await expectAllowed(
        create(
          withX({
            uploadedImageStoragePath: `teams/${TEAM}/library/asset-1/photo.jpg`,
            processedImageStoragePath: `teams/${TEAM}/library/asset-2/photo-meme.png`,
          }),
        ),
      );
      await expectAllowed(
        updateDoc(await ref(), {
          "platformContents.X.processedImageStoragePath": `teams/${TEAM}/library/asset-3/v2.webp`,
          updatedAt: serverTimestamp(),
        }),
      );
    });

    // A chat attachment is readable by its channel's members only (storage.rules), and the
    // publisher reads a draft's image with admin rights: any team member could publish it.
    const chatAttachment = `teams/${TEAM}/chat/dm_alice_bob/bob/contract.png`;
    for (const path of [
      chatAttachment,
      `teams/${TEAM}/chat/private-channel/alice/own-upload.png`,
      `teams/${TEAM}/drafts/d1/image.png`,
      `teams/${TEAM}/library/asset-1/sub/x.png`,
      `teams/${TEAM}/library/x.png`,
      `teams/${TEAM}/usage/storage`,
      `teams/${TEAM}/librarything/a/x.png`,
    ]) {
      it(`denies the team file outside the library ${JSON.stringify(path.replace(TEAM, "T"))} in either image field`, async () => {
        await expectDenied(create(withX({ uploadedImageStoragePath: path })));
        await expectDenied(create(withX({ processedImageStoragePath: path })));
      });
    }

    it("denies changing a stored draft's image to a chat attachment", async () => {
      await seed({ [`teams/${TEAM}/contentDrafts/d1`]: stored(draft()) });
      const r = await ref();
      await expectDenied(
        updateDoc(r, { "platformContents.Facebook.uploadedImageStoragePath": chatAttachment, updatedAt: serverTimestamp() }),
      );
      await expectDenied(
        updateDoc(r, {
          "platformContents.X": { mediaType: "image", processedImageStoragePath: chatAttachment },
          updatedAt: serverTimestamp(),
        }),
      );
    });

    it("accepts a libraryAssetId that is a document id, or empty, on create and on update", async () => {
      const db = await firestoreAs(ALICE);
      await expectAllowed(setDoc(doc(db, `teams/${TEAM}/contentDrafts/d-empty`), forCreate(withX({ libraryAssetId: "" }))));
      await expectAllowed(create(withX({ libraryAssetId: "Asset_1.v2-x" })));
      await expectAllowed(updateDoc(await ref(), { "platformContents.X.libraryAssetId": "asset-9", updatedAt: serverTimestamp() }));
    });

    for (const libraryAssetId of ["a/b", "/a", "a/", ".", "..", "__x__", "line\n/b"]) {
      it(`denies the libraryAssetId ${JSON.stringify(libraryAssetId)}, which is not a single document id`, async () => {
        await expectDenied(create(withX({ libraryAssetId })));
        await seed({ [`teams/${TEAM}/contentDrafts/d1`]: stored(draft()) });
        await expectDenied(
          updateDoc(await ref(), { "platformContents.Facebook.libraryAssetId": libraryAssetId, updatedAt: serverTimestamp() }),
        );
      });
    }

    it("accepts ordinary file names with dots inside the team's library", async () => {
      const db = await firestoreAs(ALICE);
      const createAt = (id: string, detail: Data) => setDoc(doc(db, `teams/${TEAM}/contentDrafts/${id}`), forCreate(withX(detail)));
      await expectAllowed(createAt("d-dots", { uploadedImageStoragePath: `teams/${TEAM}/library/asset-1/my.photo..v2.png` }));
      await expectAllowed(createAt("d-hidden", { processedImageStoragePath: `teams/${TEAM}/library/asset-2/.hidden-name.png` }));
    });

    it("denies a hashtag that is not a string or is empty", async () => {
      await expectDenied(create(withX({ hashtags: ["ok", 1] })));
      await expectDenied(create(withX({ hashtags: [""] })));
      await expectDenied(create(withX({ hashtags: ["t".repeat(101)] })));
    });

    it("validates changed entries on update and lets untouched entries be", async () => {
      await seed({ [`teams/${TEAM}/contentDrafts/d1`]: stored(draft()) });
      const r = await ref();
      await expectDenied(updateDoc(r, { "platformContents.Instagram": { mediaType: "hologram" }, updatedAt: serverTimestamp() }));
      await expectDenied(updateDoc(r, { "platformContents.Facebook.hashtags": [42], updatedAt: serverTimestamp() }));
      await expectDenied(updateDoc(r, { "platformContents.Myspace": { content: "hi" }, updatedAt: serverTimestamp() }));
      await expectAllowed(
        updateDoc(r, { "platformContents.Instagram": { content: "Insta copy", mediaType: "video" }, updatedAt: serverTimestamp() }),
      );
      await expectAllowed(updateDoc(r, { "platformContents.X": deleteField(), updatedAt: serverTimestamp() }));
      await expectAllowed(updateDoc(r, { keyMessage: "New key message", updatedAt: serverTimestamp() }));
    });
  });
});
