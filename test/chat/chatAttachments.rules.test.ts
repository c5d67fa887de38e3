import { Timestamp } from "firebase/firestore";
import { deleteSeeded, expectAllowed, expectDenied, seed, seedFile, storageAs, type RulesStorage } from "../helpers/rules.js";
import { DM, OTHER_TEAM, PRIVATE, TEAM, seedChatWorld } from "./fixtures.js";

const MiB = 1024 * 1024;
const filePath = (channelId: string, uid: string, fileName = "brief.pdf", team = TEAM) =>
  `teams/${team}/chat/${channelId}/${uid}/${fileName}`;

async function upload(storage: RulesStorage, path: string, size = 64, contentType = "application/pdf"): Promise<void> {
  await storage.ref(path).put(new Uint8Array(size).fill(1), { contentType });
}

const seedAttachment = (path: string) => seedFile(path, {}, "application/pdf");

describe("storage rules: teams/{teamId}/chat/{channelId}/{uid}/{fileName}", () => {
  beforeEach(() => seedChatWorld({ storage: true }));

  describe("uploading", () => {
    it("lets a channel member upload into their own folder of the channel", async () => {
      await expectAllowed(upload(await storageAs("bob"), filePath("general", "bob")));
      await expectAllowed(upload(await storageAs("alice"), filePath(PRIVATE, "alice")));
      await expectAllowed(upload(await storageAs("carol"), filePath(DM, "carol")));
    });

    it("denies overwriting an existing attachment, even the uploader's own", async () => {
      await seedAttachment(filePath("general", "bob"));
      await expectDenied(upload(await storageAs("bob"), filePath("general", "bob")));
      await expectAllowed(upload(await storageAs("bob"), filePath("general", "bob", "brief-2.pdf")));
    });

    it("denies uploading into another user's folder", async () => {
      await expectDenied(upload(await storageAs("bob"), filePath("general", "alice")));
    });

    it("denies a teammate outside the private channel or DM", async () => {
      await expectDenied(upload(await storageAs("bob"), filePath(PRIVATE, "bob")));
      await expectDenied(upload(await storageAs("bob"), filePath(DM, "bob")));
    });

    it("denies a member of another team, a user without a team and a signed-out user", async () => {
      await expectDenied(upload(await storageAs("erin"), filePath("general", "erin")));
      await expectDenied(upload(await storageAs("dave"), filePath("general", "dave")));
      await expectDenied(upload(await storageAs(null), filePath("general", "bob")));
    });

    it("denies a channel that does not exist", async () => {
      await expectDenied(upload(await storageAs("bob"), filePath("nowhere", "bob")));
    });

    it("accepts 25 MiB and denies a byte more", async () => {
      const bob = await storageAs("bob");
      await expectAllowed(upload(bob, filePath("general", "bob", "max.bin"), 25 * MiB));
      await expectDenied(upload(bob, filePath("general", "bob", "too-big.bin"), 25 * MiB + 1));
    });

    it("accepts passive files: documents, images, video, audio, text, archives", async () => {
      const bob = await storageAs("bob");
      const passive: Array<[string, string]> = [
        ["brief.pdf", "application/pdf"],
        ["photo.png", "image/png"],
        ["clip.mp4", "video/mp4"],
        ["voice.m4a", "audio/mp4"],
        ["notes.txt", "text/plain; charset=utf-8"],
        ["sheet.csv", "text/csv"],
        ["report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
        ["bundle.zip", "application/zip"],
        ["data.bin", "application/octet-stream"],
      ];
      for (const [name, type] of passive) {
        await expectAllowed(upload(bob, filePath("general", "bob", name), 64, type));
      }
    });

    it("denies active content types: HTML, SVG, XML, scripts and executables, in any case and with parameters (issue #10.12)", async () => {
      const bob = await storageAs("bob");
      const active = [
        "text/html",
        "TEXT/HTML; charset=utf-8",
        "application/xhtml+xml",
        "image/svg+xml",
        "application/xml",
        "text/xml",
        "text/javascript",
        "application/javascript",
        "application/x-msdownload",
        "application/vnd.microsoft.portable-executable",
        "application/x-sh",
        "application/java-archive",
        "application/vnd.android.package-archive",
        "multipart/related",
      ];
      // A new object name each time: a refused overwrite must not stand in for a refused type.
      for (const [index, type] of active.entries()) {
        await expectDenied(upload(bob, filePath("general", "bob", `file-${index}.bin`), 64, type));
      }
    });

    it("denies active file names even with a passive content type", async () => {
      const bob = await storageAs("bob");
      for (const name of ["page.html", "PAGE.HTM", "logo.svg", "feed.xml", "app.js", "setup.exe", "run.bat", "install.msi", "script.sh"]) {
        await expectDenied(upload(bob, filePath("general", "bob", name), 64, "text/plain"));
      }
    });

    it("accepts an attachment that fits the team's quota and denies one a byte over it", async () => {
      await seed({ [`teams/${TEAM}/usage/storage`]: { bytes: 1000, limit: 1100, updatedAt: Timestamp.now() } });
      const bob = await storageAs("bob");
      await expectAllowed(upload(bob, filePath("general", "bob", "fits.pdf"), 100));
      await expectDenied(upload(bob, filePath("general", "bob", "over.pdf"), 101));
    });

    it("denies paths outside the layout, such as a subfolder below the user's folder", async () => {
      await expectDenied(upload(await storageAs("bob"), `teams/${TEAM}/chat/general/bob/sub/brief.pdf`));
      await expectDenied(upload(await storageAs("bob"), `teams/${TEAM}/chat/general/brief.pdf`));
    });
  });

  describe("reading", () => {
    beforeEach(async () => {
      await seedAttachment(filePath(PRIVATE, "carol"));
      await seedAttachment(filePath("general", "alice"));
    });

    it("lets any channel member read an attachment, including other senders' files", async () => {
      await expectAllowed((await storageAs("alice")).ref(filePath(PRIVATE, "carol")).getMetadata());
      await expectAllowed((await storageAs("bob")).ref(filePath("general", "alice")).getDownloadURL());
    });

    it("denies a teammate outside the private channel and a member of another team", async () => {
      await expectDenied((await storageAs("bob")).ref(filePath(PRIVATE, "carol")).getMetadata());
      await expectDenied((await storageAs("erin")).ref(filePath("general", "alice")).getMetadata());
    });

    it("denies a member removed from the team", async () => {
      await deleteSeeded(`teams/${TEAM}/members/bob`);
      await expectDenied((await storageAs("bob")).ref(filePath("general", "alice")).getMetadata());
    });
  });

  describe("deleting", () => {
    beforeEach(async () => {
      await seedAttachment(filePath("general", "alice"));
    });

    it("lets the uploader delete their own file", async () => {
      await expectAllowed((await storageAs("alice")).ref(filePath("general", "alice")).delete());
    });

    it("denies deleting another member's file, even for an admin", async () => {
      await expectDenied((await storageAs("bob")).ref(filePath("general", "alice")).delete());
    });

    it("denies an uploader who left the team and the owner of another team", async () => {
      await deleteSeeded(`teams/${TEAM}/members/alice`);
      await expectDenied((await storageAs("alice")).ref(filePath("general", "alice")).delete());
      await expectDenied((await storageAs("erin")).ref(filePath("general", "alice", "brief.pdf", OTHER_TEAM)).delete());
    });
  });
});
