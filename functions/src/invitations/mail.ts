import type { Timestamp } from "firebase-admin/firestore";
import type { Mail } from "../common/collections.js";
import { appUrl } from "../common/params.js";

/** The link that opens the invitation in the web app: `${APP_URL}/invite/${token}`. */
export function acceptLink(token: string): string {
  return `${appUrl.value().replace(/\/+$/, "")}/invite/${token}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** What an invitation email says. */
export interface InvitationMailInput {
  to: string;
  teamName: string;
  invitedByName: string;
  link: string;
  expiresAt: Timestamp;
}

/** The invitation email, in the "Trigger Email from Firestore" extension's `mail` format. */
export function invitationMail({ to, teamName, invitedByName, link, expiresAt }: InvitationMailInput): Mail {
  const expires = expiresAt.toDate().toUTCString();
  const subject = `${invitedByName} invited you to join ${teamName} on PixaSocial`;
  const text = [
    `${invitedByName} invited you to join the team "${teamName}" on PixaSocial.`,
    "",
    `Accept the invitation: ${link}`,
    "",
    `The invitation expires on ${expires}. If you did not expect it, ignore this email.`,
  ].join("\n");
  const html = [
    `<p>${escapeHtml(invitedByName)} invited you to join the team <strong>${escapeHtml(teamName)}</strong> on PixaSocial.</p>`,
    `<p><a href="${escapeHtml(link)}">Accept the invitation</a></p>`,
    `<p>The invitation expires on ${escapeHtml(expires)}. If you did not expect it, ignore this email.</p>`,
  ].join("\n");
  return { to, message: { subject, text, html } };
}
