/** Ids and Storage paths the rules expect. No imports, so that they cost a bundle nothing. */

/**
 * The id of the direct-message channel of two users: `dm_<a>_<b>` with the uids in order, so
 * that a pair has exactly one DM (the rules compare the two uids as strings).
 */
export function dmChannelId(uidA: string, uidB: string): string {
  const [a, b] = uidA < uidB ? [uidA, uidB] : [uidB, uidA];
  return `dm_${a}_${b}`;
}

/** Storage path of a chat attachment: `teams/{teamId}/chat/{channelId}/{uid}/{objectName}`. */
export function chatAttachmentPath(teamId: string, channelId: string, uid: string, objectName: string): string {
  return `teams/${teamId}/chat/${channelId}/${uid}/${objectName}`;
}

/** Storage path of a library file: `teams/{teamId}/library/{assetId}/{fileName}`. */
export function libraryAssetPath(teamId: string, assetId: string, fileName: string): string {
  return `teams/${teamId}/library/${assetId}/${fileName}`;
}
