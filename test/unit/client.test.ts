import { expect } from "chai";
import { parseConnectionRedirect } from "../../client/src/connections.js";
import { chatAttachmentPath, dmChannelId, libraryAssetPath } from "../../client/src/paths.js";

describe("@pixasocial/client pure helpers", () => {
  it("names a DM dm_<a>_<b> with the uids in string order, whichever user asks", () => {
    expect(dmChannelId("zed", "Amy")).to.equal("dm_Amy_zed");
    expect(dmChannelId("Amy", "zed")).to.equal("dm_Amy_zed");
    expect(dmChannelId("u1", "u10")).to.equal("dm_u1_u10");
  });

  it("builds the Storage paths the rules expect", () => {
    expect(chatAttachmentPath("t", "general", "u", "f.png")).to.equal("teams/t/chat/general/u/f.png");
    expect(libraryAssetPath("t", "a", "logo.png")).to.equal("teams/t/library/a/logo.png");
  });

  it("reads the settings page's connection query: pending, error, or nothing", () => {
    expect(parseConnectionRedirect("?connection_status=pending&platform=LinkedIn&pendingId=p1")).to.deep.equal({
      status: "pending",
      platform: "LinkedIn",
      pendingId: "p1",
    });
    expect(parseConnectionRedirect(new URLSearchParams({ connection_status: "error", platform: "X", reason: "denied" }))).to.deep.equal({
      status: "error",
      platform: "X",
      reason: "denied",
    });
    expect(parseConnectionRedirect("?connection_status=pending&platform=X")).to.deep.equal({ status: "error", platform: "X", reason: "invalid_state" });
    expect(parseConnectionRedirect("?tab=profile")).to.equal(null);
  });
});
