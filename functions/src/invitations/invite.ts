import { Timestamp } from "firebase-admin/firestore";
import { type z } from "zod";
import { validatedOnCall, type CallContext } from "../common/callable.js";
import { userRef } from "../common/collections/identity.js";
import { invitationTokenRef, invitations } from "../common/collections/invitations.js";
import { mail } from "../common/collections/mail.js";
import { memberRef } from "../common/collections/teams.js";
import { serverNow } from "../common/collections/typed.js";
import { failedPrecondition } from "../common/errors.js";
import { isEmulator } from "../common/firebase.js";
import { logInfo } from "../common/logs.js";
import { invitationTtlDays } from "../common/params.js";
import { runTransaction } from "../common/transaction.js";
import { inviteInput, type InviteResponse } from "../models/teams.js";
import { ADMIN_ROLES, requireTeamRole } from "../teams/access.js";
import { commitSeats, MAX_TEAM_MEMBERS, readSeats, teamFull } from "../teams/seats.js";
import { isoDate } from "./lookup.js";
import { acceptLink, invitationMail } from "./mail.js";
import { hashInvitationToken, newInvitationToken } from "./tokens.js";
import { checkInvitationWindows, readInvitationWindows, recordInvitation } from "./inviteRateLimit.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Invites an email address to the team (owner/admin). In one transaction: the checks (seats,
 * duplicates, the inviter's hourly limit, the address's daily limit of invitation emails), the
 * invitation, its token hash and the email in the `mail` outbox. The token leaves the server
 * only inside the email's link.
 */
export async function handleInvite(ctx: CallContext<z.output<typeof inviteInput>>): Promise<InviteResponse> {
  const { teamId, email } = ctx.data;
  const token = newInvitationToken();
  const invitation = invitations().doc();
  const link = acceptLink(token);

  const expiresAt = await runTransaction(async (tx) => {
    const now = Timestamp.now();
    const { team, member } = await requireTeamRole(tx, teamId, ctx.uid, ADMIN_ROLES);
    const [seats, windows, memberSnaps, inviter] = await Promise.all([
      readSeats(tx, teamId, team),
      readInvitationWindows(tx, ctx.uid, email, now),
      Promise.all(team.memberIds.map((uid) => tx.get(memberRef(teamId, uid)))),
      tx.get(userRef(ctx.uid)),
    ]);
    const invitedByName = inviter.data()?.name ?? member.name;
    checkInvitationWindows(windows, now);
    if (memberSnaps.some((snap) => snap.data()?.email?.toLowerCase() === email)) {
      throw failedPrecondition(`${email} is already a member of this team.`, { reason: "already-member" });
    }
    if (seats.pending.some((snap) => snap.data().email === email)) {
      throw failedPrecondition(`${email} already has a pending invitation to this team.`, { reason: "already-invited" });
    }
    if (seats.taken >= MAX_TEAM_MEMBERS) throw teamFull();

    const expires = Timestamp.fromMillis(now.toMillis() + invitationTtlDays.value() * DAY_MS);
    tx.create(invitation, {
      teamId,
      teamName: team.name,
      email,
      status: "pending",
      invitedBy: ctx.uid,
      invitedByName,
      expiresAt: expires,
      createdAt: serverNow(),
    });
    tx.create(invitationTokenRef(hashInvitationToken(token)), { invitationId: invitation.id, teamId, createdAt: serverNow() });
    tx.create(mail().doc(), invitationMail({ to: email, teamName: team.name, invitedByName, link, expiresAt: expires }));
    recordInvitation(tx, windows, now);
    commitSeats(tx, teamId, seats);
    return expires;
  });

  logInfo("teams.invited", { teamId, invitationId: invitation.id, invitedBy: ctx.uid });
  // A developer can click this in the emulator's log; production never logs a token.
  if (isEmulator()) logInfo("teams.invitationLink", { invitationId: invitation.id, link });
  return { invitationId: invitation.id, expiresAt: isoDate(expiresAt) };
}

export const invite = validatedOnCall("teams-invite", inviteInput, handleInvite);
