/**
 * The shapes of the cleanup steps each domain registers: what it removes when a user account
 * or a team is deleted, or a member leaves a team. They live here so that domains register steps
 * without importing the domain that runs them (identity for users, teams for teams and members).
 */

/** What a user cleanup step knows of the deleted user, captured before any step runs. */
export interface DeletedUser {
  uid: string;
  /** The teams of the profile when the deletion started (the profile may be gone by now). */
  teamIds: string[];
}

/**
 * A step that removes what one domain keeps for a deleted user (team memberships, keys, files,
 * ...). Steps run independently of each other, each may run more than once (a failed step is
 * retried later), so each must be idempotent and must not rely on the profile still existing.
 */
export interface UserCleanupStep {
  /** Stable name: it is stored in the pending list of an unfinished deletion. */
  name: string;
  run: (user: DeletedUser) => Promise<void>;
}

/**
 * What a domain removes outside the team's Firestore tree when a team is deleted (library files,
 * chat attachments in Storage, invitations, ...). Each step must be idempotent.
 */
export interface TeamCleanupStep {
  name: string;
  run: (teamId: string) => Promise<void>;
}

/**
 * What a domain removes when a member leaves or is removed from a team (their grants go with
 * them). Each step must be idempotent.
 */
export interface MemberCleanupStep {
  name: string;
  run: (teamId: string, uid: string) => Promise<void>;
}
