import { ALICE, BOB } from "../helpers/cast.js";
import { expectAllowed, expectDenied, seedFile, storageAs } from "../helpers/rules.js";
import { MiB, seedTeamsAndClearStorage, upload } from "./storageRules.js";

const avatar = (uid = ALICE, file = "me.png") => `users/${uid}/avatar/${file}`;

describe("storage rules: users/{uid}/avatar/{fileName}", () => {
  beforeEach(seedTeamsAndClearStorage);

  it("lets the owner upload an image up to 2 MiB, read it and delete it", async () => {
    await expectAllowed(upload(ALICE, avatar(), { size: 2 * MiB }));
    await expectAllowed(upload(ALICE, avatar(ALICE, "me.webp"), { contentType: "image/webp" }));
    const storage = await storageAs(ALICE);
    await expectAllowed(storage.ref(avatar()).getDownloadURL());
    await expectAllowed(storage.ref(avatar()).delete());
  });

  it("denies an avatar over 2 MiB", async () => {
    await expectDenied(upload(ALICE, avatar(), { size: 2 * MiB + 1 }));
  });

  it("denies an avatar that is not an image", async () => {
    await expectDenied(upload(ALICE, avatar(ALICE, "me.mp4"), { contentType: "video/mp4" }));
    await expectDenied(upload(ALICE, avatar(ALICE, "me.svg"), { contentType: "image/svg+xml" }));
  });

  it("denies writing, reading or deleting another user's avatar", async () => {
    await expectDenied(upload(BOB, avatar()));
    await seedFile(avatar(), {});
    const storage = await storageAs(BOB);
    await expectDenied(storage.ref(avatar()).getMetadata());
    await expectDenied(storage.ref(avatar()).delete());
  });

  it("denies a signed-out caller", async () => {
    await expectDenied(upload(null, avatar()));
    await seedFile(avatar(), {});
    await expectDenied((await storageAs(null)).ref(avatar()).getMetadata());
  });

  it("denies other files under the user's folder", async () => {
    await expectDenied(upload(ALICE, `users/${ALICE}/notes/me.png`));
    await expectDenied(upload(ALICE, `users/${ALICE}/avatar/nested/me.png`));
  });
});
