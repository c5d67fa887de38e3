/**
 * Storage paths of the content library (CONTRACT §5):
 * `teams/{teamId}/library/{assetId}/{fileName}`, one asset per `assetId` folder.
 */

export interface LibraryObjectPath {
  teamId: string;
  assetId: string;
  fileName: string;
}

const LIBRARY_OBJECT = /^teams\/([^/]+)\/library\/([^/]+)\/([^/]+)$/;

/** The parts of a library object path, or null for any other object in the bucket. */
export function parseLibraryPath(objectName: string): LibraryObjectPath | null {
  const match = LIBRARY_OBJECT.exec(objectName);
  if (!match) return null;
  const [, teamId, assetId, fileName] = match;
  return { teamId, assetId, fileName };
}

const TEAM_OBJECT = /^teams\/([^/]+)\/.+$/;

/** Ids Firestore refuses (`.`, `..`, `__name__`): no team document can have them. */
const NOT_A_DOCUMENT_ID = /^(\.{1,2}|__.*__)$/;

/**
 * The team whose folder holds the object (library files, chat attachments), or null, also for a
 * folder name that cannot be a team id (the retried Storage triggers must not fail on it forever).
 */
export function teamOfObject(objectName: string): string | null {
  const teamId = TEAM_OBJECT.exec(objectName)?.[1];
  return teamId && !NOT_A_DOCUMENT_ID.test(teamId) ? teamId : null;
}

/** The folder holding one asset's file(s), with a trailing slash. */
export const assetFolder = (teamId: string, assetId: string) => `teams/${teamId}/library/${assetId}/`;

/** The folder holding every library asset of a team. */
export const libraryFolder = (teamId: string) => `teams/${teamId}/library/`;

/** Everything a team keeps in Storage (library files, chat attachments, ...). */
export const teamFolder = (teamId: string) => `teams/${teamId}/`;

/** A user's own files (the avatar). */
export const userFolder = (uid: string) => `users/${uid}/`;
