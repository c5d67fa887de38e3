/** Helpers shared by the teams and invitations emulator suites. */
import { expect } from "chai";
import { callables } from "../../client/src/index.js";
import { adminDb, eventually } from "../helpers/admin.js";
import { signUpVerified, type Client, type SignedUp } from "../helpers/clients.js";

/** The invitation token in the one outbox email sent to `email` (the accept link's last segment). */
export async function tokenFromMail(email: string): Promise<string> {
  const snap = await eventually(`mail to ${email}`, async () => {
    const found = await adminDb().collection("mail").where("to", "==", email).get();
    return found.empty ? null : found;
  });
  expect(snap.size, `mails to ${email}`).to.equal(1);
  const match = /\/invite\/([A-Za-z0-9_-]+)/.exec(snap.docs[0].get("message.text") as string);
  expect(match, "accept link in the mail").to.not.equal(null);
  return (match as RegExpExecArray)[1];
}

/** `owner` invites a new user into `teamId`; the new user signs up, verifies the address and accepts. */
export async function addMember(owner: Client, teamId: string): Promise<SignedUp> {
  const member = await signUpVerified();
  await callables(owner.functions).teams.invite({ teamId, email: member.email });
  const token = await tokenFromMail(member.email);
  await callables(member.functions).invitations.accept({ token });
  return member;
}

/** A snapshot of the documents a refused call must leave untouched. */
export async function teamState(teamId: string): Promise<unknown> {
  const [team, members, invitations] = await Promise.all([
    adminDb().doc(`teams/${teamId}`).get(),
    adminDb().collection(`teams/${teamId}/members`).get(),
    adminDb().collection("invitations").where("teamId", "==", teamId).get(),
  ]);
  return {
    team: team.data() ?? null,
    members: Object.fromEntries(members.docs.map((d) => [d.id, d.data()])),
    invitations: Object.fromEntries(invitations.docs.map((d) => [d.id, d.data()])),
  };
}
