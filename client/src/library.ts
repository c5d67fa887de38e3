/** Content library upload (CONTRACT §5, docs/library.md). */
import { doc, type Firestore } from "firebase/firestore";
import { ref, uploadBytes, type FirebaseStorage, type UploadResult } from "firebase/storage";
import { libraryAssets } from "./collections.js";
import { libraryAssetPath } from "./paths.js";

export interface LibraryUpload {
  db: Firestore;
  storage: FirebaseStorage;
  teamId: string;
  /** The signed-in member: the rules require `uploadedBy` to be their own uid. */
  uid: string;
  data: Blob | Uint8Array | ArrayBuffer;
  fileName: string;
  /** image/jpeg|png|gif|webp (≤ 10 MiB) or video/mp4|quicktime|webm (≤ 100 MiB). */
  contentType: string;
  /** The display name (1–200 characters); defaults to the file name. */
  name?: string;
  /**
   * An asset you uploaded, to replace its file (docs/library.md: the new file becomes the asset and
   * the old one is deleted); a new asset id when omitted. Another member's asset is refused.
   */
  assetId?: string;
}

/**
 * Uploads a file to the team's library at `teams/{teamId}/library/{assetId}/{fileName}` with
 * `customMetadata { name, uploadedBy }`. A function then records
 * `teams/{teamId}/libraryAssets/{assetId}`: listen to `libraryAssetRef(db, teamId, assetId)`.
 */
export async function uploadLibraryAsset(upload: LibraryUpload): Promise<{ assetId: string; storagePath: string; result: UploadResult }> {
  const assetId = upload.assetId ?? doc(libraryAssets(upload.db, upload.teamId)).id;
  const storagePath = libraryAssetPath(upload.teamId, assetId, upload.fileName);
  const result = await uploadBytes(ref(upload.storage, storagePath), upload.data, {
    contentType: upload.contentType,
    customMetadata: { name: upload.name ?? upload.fileName, uploadedBy: upload.uid },
  });
  return { assetId, storagePath, result };
}
