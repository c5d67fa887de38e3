import { expect } from "chai";
import { Timestamp } from "firebase-admin/firestore";
import { effectiveStatus, notPendingError } from "../../functions/src/invitations/lookup.js";
import { invitationMail, quoteUserText } from "../../functions/src/invitations/mail.js";
import { hashInvitationToken, newInvitationToken } from "../../functions/src/invitations/tokens.js";
import { tokenInput, type Invitation } from "../../functions/src/models/invitations.js";
import { teamsAfterLeaving } from "../../functions/src/teams/membership.js";
import { emailAddress, type Member } from "../../functions/src/models/teams.js";
import { pickHeir } from "../../functions/src/teams/userCleanup.js";

const member = (id: string, role: Member["role"], joinedMinute: number) => ({
  id,
  data: (): Member => ({ role, name: id, email: null, joinedAt: Timestamp.fromMillis(joinedMinute * 60_000) }),
});

describe("unit: teams and invitations", () => {
  it("makes long, distinct, URL-safe tokens and hashes them with SHA-256", () => {
    const a = newInvitationToken();
    const b = newInvitationToken();
    expect(a).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.to.equal(b);
    expect(hashInvitationToken("abc")).to.equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(tokenInput.safeParse({ token: a }).success).to.equal(true);
    expect(tokenInput.safeParse({ token: "a/b" + a }).success).to.equal(false);
  });

  it("normalises invited emails", () => {
    expect(emailAddress.parse("  Dave@Example.TEST ")).to.equal("dave@example.test");
    expect(emailAddress.safeParse("not an email").success).to.equal(false);
  });

  it("picks the oldest admin as heir, else the oldest member", () => {
    expect(pickHeir([member("m1", "member", 1), member("a2", "admin", 5), member("a1", "admin", 3)])).to.equal("a1");
    expect(pickHeir([member("m2", "member", 9), member("m1", "member", 2)])).to.equal("m1");
    expect(pickHeir([])).to.equal(null);
  });

  it("moves the default team when the user leaves it", () => {
    expect(teamsAfterLeaving({ teamIds: ["a", "b"], defaultTeamId: "a" }, "a")).to.deep.equal({ teamIds: ["b"], defaultTeamId: "b" });
    expect(teamsAfterLeaving({ teamIds: ["a", "b"], defaultTeamId: "a" }, "b")).to.deep.equal({ teamIds: ["a"], defaultTeamId: "a" });
    expect(teamsAfterLeaving({ teamIds: ["a"], defaultTeamId: "a" }, "a")).to.deep.equal({ teamIds: [], defaultTeamId: null });
  });

  it("reads a pending invitation past its expiry as expired, and refuses every non-pending status", () => {
    const invitation = (status: Invitation["status"], expiresInMs: number): Invitation => ({
      teamId: "t",
      teamName: "T",
      email: "a@example.test",
      status,
      invitedBy: "u",
      invitedByName: "U",
      expiresAt: Timestamp.fromMillis(Date.now() + expiresInMs),
      createdAt: Timestamp.now(),
    });
    expect(effectiveStatus(invitation("pending", 60_000))).to.equal("pending");
    expect(effectiveStatus(invitation("pending", -1))).to.equal("expired");
    expect(effectiveStatus(invitation("revoked", 60_000))).to.equal("revoked");
    expect(notPendingError("pending")).to.equal(null);
    for (const status of ["accepted", "declined", "expired", "revoked"] as const) {
      expect(notPendingError(status))
        .to.include({ code: "failed-precondition" })
        .and.to.have.nested.property("details.reason", `invitation-${status}`);
    }
  });

  it("escapes user-chosen names in the invitation email's HTML", () => {
    const mail = invitationMail({
      to: "d@example.test",
      teamName: "<script>alert(1)</script>",
      invitedByName: 'Eve "the" <b>',
      link: "https://app.example/invite/tok",
      expiresAt: Timestamp.fromMillis(0),
    });
    expect(mail.message.html).not.to.contain("<script>");
    expect(mail.message.html).to.contain("&lt;script&gt;").and.to.contain("Eve &quot;the&quot; &lt;b&gt;");
    expect(mail.message.text).to.contain("https://app.example/invite/tok");
    expect(mail.to).to.equal("d@example.test");
  });

  it("keeps user-written names out of the subject and quotes them, cleaned, in the body", () => {
    const mail = invitationMail({
      to: "d@example.test",
      teamName: "Support\r\nBcc: x@example.test",
      invitedByName: "PayPal\u202E Security\u200B Team",
      link: "https://app.example/invite/tok",
      expiresAt: Timestamp.fromMillis(0),
    });
    expect(mail.message.subject).to.equal("You are invited to join a team on PixaSocial");
    expect(mail.message.text).to.contain("“PayPal Security Team”").and.to.contain("“SupportBcc: x@example.test”");
    expect(mail.message.text + mail.message.html).not.to.match(/[\u202E\u200B\r\0]/);
    expect(mail.message.text.split("\n")).to.have.length(5);
    expect(quoteUserText("x".repeat(300))).to.have.length(103);
  });
});
