import { expect } from "chai";
import { z } from "zod";
import { parseInput, toHttpsError } from "../../functions/src/common/callable.js";
import { DomainError } from "../../functions/src/common/errors.js";
import { redact } from "../../functions/src/common/logs.js";

describe("unit: callable edge", () => {
  const schema = z.object({ teamId: z.string().min(1), email: z.email() }).strict();

  it("names every bad field in an invalid-argument error", () => {
    try {
      parseInput(schema, { teamId: "", email: "nope" });
      expect.fail("should have thrown");
    } catch (error) {
      const httpsError = error as { code: string; message: string };
      expect(httpsError.code).to.equal("invalid-argument");
      expect(httpsError.message).to.contain("teamId").and.to.contain("email");
    }
  });

  it("rejects unknown fields on strict schemas", () => {
    expect(() => parseInput(schema, { teamId: "t", email: "a@b.co", extra: 1 })).to.throw(/extra/);
  });

  it("maps a domain error to its code, message and details", () => {
    const mapped = toHttpsError("test", new DomainError("failed-precondition", "Invitation expired.", { reason: "expired" }));
    expect(mapped.code).to.equal("failed-precondition");
    expect(mapped.message).to.equal("Invitation expired.");
    expect(mapped.details).to.deep.equal({ reason: "expired" });
  });

  it("hides unexpected errors behind a generic internal error", () => {
    const mapped = toHttpsError("test", new Error("database password is hunter2 at line 12"));
    expect(mapped.code).to.equal("internal");
    expect(mapped.message).not.to.contain("hunter2");
  });

  it("answers internal, not invalid-argument, for a ZodError from anything but the request's validation", () => {
    const stored = z.object({ used: z.number() }).safeParse({ used: "many" });
    if (stored.success) return expect.fail("the stored document must not parse");
    const mapped = toHttpsError("test", stored.error);
    expect(mapped.code).to.equal("internal");
    expect(mapped.message).not.to.contain("used");
  });

  it("redacts secret-looking fields at any depth before logging", () => {
    const out = redact({ uid: "u1", apiKey: "sk-123", nested: { accessToken: "t", ok: 1 } });
    expect(out).to.deep.equal({ uid: "u1", apiKey: "[redacted]", nested: { accessToken: "[redacted]", ok: 1 } });
  });
});
