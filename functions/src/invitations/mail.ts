import type { Timestamp } from "firebase-admin/firestore";
import type { Mail } from "../models/mail.js";
import { cleanName } from "../common/names.js";
import { appUrl } from "../common/params.js";

/** The link that opens the invitation in the web app: `${APP_URL}/invite/${token}`. */
export function acceptLink(token: string): string {
  return `${appUrl.value().replace(/\/+$/, "")}/invite/${token}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** The most characters of one user-written name an email shows. */
const MAX_QUOTED_LENGTH = 100;

/**
 * User-written text as the email shows it: between quotation marks, so that it cannot pass
 * for the platform's own words, with control, bidi and invisible characters removed (names
 * stored before the rules refused them) and cut to a name's length.
 */
export function quoteUserText(text: string): string {
  const clean = cleanName(text);
  const short = clean.length > MAX_QUOTED_LENGTH ? `${clean.slice(0, MAX_QUOTED_LENGTH)}…` : clean;
  return `“${short}”`;
}

/** The subject of every invitation email: fixed text, nothing a user wrote. */
export const INVITATION_SUBJECT = "You are invited to join a team on PixaSocial";

/** What an invitation email says. */
export interface InvitationMailInput {
  to: string;
  teamName: string;
  invitedByName: string;
  link: string;
  expiresAt: Timestamp;
}

/**
 * The invitation email, in the "Trigger Email from Firestore" extension's `mail` format. The
 * inviter's and the team's names are user-written: they stay out of the subject and appear in
 * the body only quoted (and escaped in the HTML).
 */
export function invitationMail({ to, teamName, invitedByName, link, expiresAt }: InvitationMailInput): Mail {
  const expires = expiresAt.toDate().toUTCString();
  const inviter = quoteUserText(invitedByName);
  const team = quoteUserText(teamName);
  const text = [
    `A PixaSocial user who calls themselves ${inviter} invited you to join the team ${team} on PixaSocial.`,
    "",
    `Accept the invitation: ${link}`,
    "",
    `The invitation expires on ${expires}. If you did not expect it, ignore this email.`,
  ].join("\n");
  const html = [
    `<p>A PixaSocial user who calls themselves ${escapeHtml(inviter)} invited you to join the team <strong>${escapeHtml(team)}</strong> on PixaSocial.</p>`,
    `<p><a href="${escapeHtml(link)}">Accept the invitation</a></p>`,
    `<p>The invitation expires on ${escapeHtml(expires)}. If you did not expect it, ignore this email.</p>`,
  ].join("\n");
  return { to, message: { subject: INVITATION_SUBJECT, text, html } };
}
