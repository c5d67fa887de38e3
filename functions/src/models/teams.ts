/** Teams (CONTRACT §2): `teams/{teamId}`, its members and seats, and the `teams-*` callables. */
import * as z from "zod";
import { displayName, documentId, timestamp } from "./shared.js";

// ---- documents ------------------------------------------------------------------------

export const teamRoles = ["owner", "admin", "member"] as const;
export type TeamRole = (typeof teamRoles)[number];

/** `teams/{teamId}`. */
export const teamSchema = z.object({
  name: z.string(),
  ownerId: z.string(),
  memberIds: z.array(z.string()),
  createdAt: timestamp,
  /**
   * Set, in the transaction that decides it, when the team is going to be deleted (its owner's
   * account was deleted and nobody else is in it): from then on nobody joins or is invited.
   */
  deletingAt: timestamp.optional(),
  /** The deletion job's progress: its run, pages done and when the last one ended (server only). */
  deletion: z.object({ run: z.string(), pages: z.number(), updatedAt: timestamp }).optional(),
});
export type Team = z.infer<typeof teamSchema>;

/** `teams/{teamId}/members/{uid}`. */
export const memberSchema = z.object({
  role: z.enum(teamRoles),
  name: z.string(),
  email: z.string().nullable(),
  joinedAt: timestamp,
});
export type Member = z.infer<typeof memberSchema>;

/**
 * `teams/{teamId}/private/seats`: never read by clients. Every transaction that takes a seat
 * (invite, accept) reads and writes this document, so that concurrent seat changes of one
 * team serialize even when they touch no other shared document.
 */
export const teamSeatsSchema = z.object({ changedAt: timestamp });

/**
 * `memberCleanups/{autoId}` (server only): the member cleanup (their connected accounts in
 * the team, ...) still owed for a member who left or was removed. Written in the transaction that
 * removes the membership and deleted once the cleanup ran, so that a cleanup that fails, or whose
 * function dies first, is retried rather than lost (teams/memberCleanup.ts).
 */
export const memberCleanupSchema = z.object({
  teamId: z.string(),
  uid: z.string(),
  /** Failed runs so far. */
  attempts: z.number().int().nonnegative(),
  /** When the reconciler may retry it: the trigger's own retries come first. */
  retryAt: timestamp,
  lastError: z.object({ message: z.string() }).optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type MemberCleanup = z.infer<typeof memberCleanupSchema>;

// ---- callable fields --------------------------------------------------------------------

/** A team's display name: trimmed, 1–100 characters, no control, bidi or invisible characters. */
export const teamName = displayName(100);

/** An email address, trimmed and lowercased before it is checked. */
export const emailAddress = z.string().trim().toLowerCase().pipe(z.email("must be an email address").max(254));

// ---- callables: requests and responses ----------------------------------------------------

/** `teams-create { name }` → `{ teamId }`. */
export const createTeamInput = z.strictObject({ name: teamName });
export const createTeamResponse = z.object({ teamId: z.string() });
export type CreateTeamResponse = z.infer<typeof createTeamResponse>;

/** `teams-update { teamId, name }` → `{}`. */
export const updateTeamInput = z.strictObject({ teamId: documentId, name: teamName });

/** `teams-invite { teamId, email }` → `{ invitationId, expiresAt }` (ISO 8601). */
export const inviteInput = z.strictObject({ teamId: documentId, email: emailAddress });
export const inviteResponse = z.object({ invitationId: z.string(), expiresAt: z.string() });
export type InviteResponse = z.infer<typeof inviteResponse>;

/** `teams-revokeInvitation { invitationId }` → `{}`. */
export const revokeInvitationInput = z.strictObject({ invitationId: documentId });

/** `teams-removeMember { teamId, userId }` → `{}`. */
export const removeMemberInput = z.strictObject({ teamId: documentId, userId: documentId });

/** `teams-setRole { teamId, userId, role }` → `{}`. */
export const setRoleInput = z.strictObject({
  teamId: documentId,
  userId: documentId,
  role: z.enum(["admin", "member"], "must be admin or member (ownership moves with teams-transferOwnership)"),
});

/** `teams-leave { teamId }` → `{}`. */
export const leaveInput = z.strictObject({ teamId: documentId });

/** `teams-transferOwnership { teamId, userId }` → `{}`. */
export const transferOwnershipInput = z.strictObject({ teamId: documentId, userId: documentId });
