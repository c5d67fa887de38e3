import { Timestamp } from "firebase/firestore";
import { ALICE, CAROL, DAVE, ERIN, TEAM } from "../helpers/cast.js";
import { expectAllowed, expectDenied, seed, seedFile, storageAs } from "../helpers/rules.js";
import { MiB, seedTeamsAndClearStorage, upload } from "./storageRules.js";

const path = (file = "logo.png", team = TEAM, asset = "asset-1") => `teams/${team}/library/${asset}/${file}`;
const meta = (uid: string, name = "Company logo") => ({ name, uploadedBy: uid });

/** The asset record the finalize trigger keeps for `teams/{TEAM}/library/asset-1/`. */
const recordAsset = (uploadedBy: string | null) =>
  seed({
    [`teams/${TEAM}/libraryAssets/asset-1`]: {
      name: "Company logo",
      type: "image",
      storagePath: path(),
      fileName: "logo.png",
      fileType: "image/png",
      size: 64,
      uploadedBy,
      uploadedAt: Timestamp.now(),
    },
  });

/** The team's byte counter, as the library's Storage triggers keep it. */
const storageUsage = (bytes: number, limit: number) =>
  seed({ [`teams/${TEAM}/usage/storage`]: { bytes, limit, updatedAt: Timestamp.now() } });

describe("storage rules: teams/{teamId}/library/{assetId}/{fileName}", () => {
  beforeEach(seedTeamsAndClearStorage);

  describe("allowed", () => {
    it("a member uploads an image with a name and themselves as uploader", async () => {
      await expectAllowed(upload(ALICE, path(), { customMetadata: meta(ALICE) }));
    });

    for (const contentType of ["image/jpeg", "image/png", "image/gif", "image/webp"]) {
      it(`a member uploads ${contentType}`, async () => {
        await expectAllowed(upload(ALICE, path("f"), { contentType, customMetadata: meta(ALICE) }));
      });
    }

    for (const contentType of ["video/mp4", "video/quicktime", "video/webm"]) {
      it(`a member uploads ${contentType}`, async () => {
        await expectAllowed(upload(ALICE, path("clip"), { contentType, customMetadata: meta(ALICE) }));
      });
    }

    it("an image of exactly 10 MiB, and a video over 10 MiB", async () => {
      await expectAllowed(upload(ALICE, path("big.png"), { size: 10 * MiB, customMetadata: meta(ALICE) }));
      await expectAllowed(
        upload(ALICE, path("clip.mp4", TEAM, "asset-2"), { size: 11 * MiB, contentType: "video/mp4", customMetadata: meta(ALICE) }),
      );
    });

    it("a name of 1 and of 200 characters", async () => {
      await expectAllowed(upload(ALICE, path("a.png"), { customMetadata: meta(ALICE, "n") }));
      await expectAllowed(upload(ALICE, path("b.png"), { customMetadata: meta(ALICE, "n".repeat(200)) }));
    });

    it("members read a team file: metadata and bytes", async () => {
      await seedFile(path(), meta(CAROL));
      await expectAllowed((await storageAs(ALICE)).ref(path()).getMetadata());
      await expectAllowed((await storageAs(ALICE)).ref(path()).getDownloadURL());
      await expectAllowed((await storageAs(CAROL)).ref(path()).getMetadata());
    });

    it("a member replaces their own file", async () => {
      await seedFile(path(), meta(ALICE));
      await expectAllowed(upload(ALICE, path(), { customMetadata: meta(ALICE, "New logo") }));
    });

    it("the recorded uploader of an asset adds a new file to its folder", async () => {
      await recordAsset(ALICE);
      await expectAllowed(upload(ALICE, path("logo-v2.png"), { customMetadata: meta(ALICE) }));
    });

    it("an upload that fits exactly into the team's quota, and any upload before the team's first counted file", async () => {
      await expectAllowed(upload(ALICE, path("first.png", TEAM, "asset-0"), { size: 4096, customMetadata: meta(ALICE) }));
      await storageUsage(10_000, 12_048);
      await expectAllowed(upload(ALICE, path("fits.png", TEAM, "asset-2"), { size: 2048, customMetadata: meta(ALICE) }));
    });
  });

  describe("denied", () => {
    it("a non-member: upload and read", async () => {
      await expectDenied(upload(DAVE, path(), { customMetadata: meta(DAVE) }));
      await seedFile(path(), meta(ALICE));
      await expectDenied((await storageAs(DAVE)).ref(path()).getMetadata());
    });

    it("another team's member: upload to and read from this team's path", async () => {
      await expectDenied(upload(ERIN, path(), { customMetadata: meta(ERIN) }));
      await seedFile(path(), meta(ALICE));
      await expectDenied((await storageAs(ERIN)).ref(path()).getDownloadURL());
    });

    it("a member uploading to another team's path", async () => {
      await expectDenied(upload(ALICE, path("logo.png", "team-b"), { customMetadata: meta(ALICE) }));
    });

    it("signed out: upload and read", async () => {
      await expectDenied(upload(null, path(), { customMetadata: { name: "x", uploadedBy: ALICE } }));
      await seedFile(path(), meta(ALICE));
      await expectDenied((await storageAs(null)).ref(path()).getMetadata());
    });

    for (const contentType of ["text/plain", "image/svg+xml", "application/pdf", "video/x-msvideo", "image/png; charset=utf-8"]) {
      it(`the content type ${contentType}`, async () => {
        await expectDenied(upload(ALICE, path("f"), { contentType, customMetadata: meta(ALICE) }));
      });
    }

    it("an image over 10 MiB", async () => {
      await expectDenied(upload(ALICE, path("big.png"), { size: 10 * MiB + 1, customMetadata: meta(ALICE) }));
    });

    it("a missing, empty or too long name", async () => {
      await expectDenied(upload(ALICE, path(), { customMetadata: { uploadedBy: ALICE } }));
      await expectDenied(upload(ALICE, path(), { customMetadata: meta(ALICE, "") }));
      await expectDenied(upload(ALICE, path(), { customMetadata: meta(ALICE, "n".repeat(201)) }));
      await expectDenied(upload(ALICE, path()));
    });

    it("a missing or someone else's uploadedBy", async () => {
      await expectDenied(upload(ALICE, path(), { customMetadata: { name: "Logo" } }));
      await expectDenied(upload(ALICE, path(), { customMetadata: meta(CAROL) }));
    });

    it("overwriting another member's file", async () => {
      await seedFile(path(), meta(CAROL));
      await expectDenied(upload(ALICE, path(), { customMetadata: meta(ALICE) }));
    });

    it("adding a file to another member's asset folder (issue #10.9), also for a server-written asset", async () => {
      await recordAsset(CAROL);
      await expectDenied(upload(ALICE, path("replacement.png"), { customMetadata: meta(ALICE) }));
      await recordAsset(null);
      await expectDenied(upload(ALICE, path("replacement.png"), { customMetadata: meta(ALICE) }));
    });

    it("an upload over the team's quota, by one byte", async () => {
      await storageUsage(10_000, 12_048);
      await expectDenied(upload(ALICE, path("big.png", TEAM, "asset-2"), { size: 2049, customMetadata: meta(ALICE) }));
    });

    it("deleting through the Storage SDK (library-deleteAsset deletes)", async () => {
      await seedFile(path(), meta(ALICE));
      await expectDenied((await storageAs(ALICE)).ref(path()).delete());
    });

    it("paths outside the library layout", async () => {
      await expectDenied(upload(ALICE, `teams/${TEAM}/library/logo.png`, { customMetadata: meta(ALICE) }));
      await expectDenied(upload(ALICE, `teams/${TEAM}/library/a/b/logo.png`, { customMetadata: meta(ALICE) }));
      await expectDenied(upload(ALICE, `teams/${TEAM}/other/logo.png`, { customMetadata: meta(ALICE) }));
      await expectDenied(upload(ALICE, "logo.png", { customMetadata: meta(ALICE) }));
    });
  });
});
