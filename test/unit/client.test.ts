import { expect } from "chai";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isEmailNotVerifiedError, isRetryLaterError, retryAfterMs } from "../../client/src/errors.js";
import { parseConnectionRedirect } from "../../client/src/connections.js";
import { errorReasons, retryLaterReasons } from "../../functions/src/models/errors.js";
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
    expect(parseConnectionRedirect("?connection_status=pending&platform=X")).to.deep.equal({
      status: "error",
      platform: "X",
      reason: "invalid_state",
    });
    expect(parseConnectionRedirect("?tab=profile")).to.equal(null);
  });

  it("lists every details.reason the functions send", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
      });
    const sent = new Set<string>();
    // The publisher's claim and task outcomes (posts/claim.ts, posts/task.ts) carry a `reason` of
    // their own that never reaches a client as details.reason; the callables map them.
    const internalOutcomes = ["posts/claim.ts", "posts/task.ts"];
    const sources = files("functions/src").filter(
      (path) => !path.includes("/models/") && !internalOutcomes.some((name) => path.endsWith(name)),
    );
    for (const file of sources) {
      for (const match of readFileSync(file, "utf8").matchAll(/reason: "([a-z0-9-]+)"/g)) sent.add(match[1]);
    }
    for (const status of ["accepted", "declined", "expired", "revoked"]) sent.add(`invitation-${status}`);
    expect([...sent].filter((reason) => !(errorReasons as readonly string[]).includes(reason))).to.deep.equal([]);
  });

  it("tells retry-later refusals and unverified emails apart by details.reason", () => {
    const error = (code: string, details: Record<string, unknown>) =>
      Object.assign(new Error("refused"), { code: `functions/${code}`, details });
    for (const reason of retryLaterReasons) expect(isRetryLaterError(error("resource-exhausted", { reason })), reason).to.equal(true);
    expect(isRetryLaterError(error("permission-denied", { reason: "ai-credit-limit" }))).to.equal(false);
    expect(retryAfterMs(error("unavailable", { reason: "ai-request-in-flight", retryAfterSeconds: 2 }))).to.equal(2000);
    expect(
      retryAfterMs(
        error("resource-exhausted", { reason: "invitation-rate-limit", retryAt: "2026-01-01T00:01:00.000Z" }),
        Date.parse("2026-01-01T00:00:00.000Z"),
      ),
    ).to.equal(60_000);
    expect(retryAfterMs(error("resource-exhausted", { reason: "ai-rate-limit", limitPerMinute: 10 }))).to.equal(undefined);
    expect(isEmailNotVerifiedError(error("failed-precondition", { reason: "ai-email-not-verified", providerId: "Gemini" }))).to.equal(true);
    expect(isEmailNotVerifiedError(error("failed-precondition", { reason: "email-not-verified" }))).to.equal(true);
  });
});
