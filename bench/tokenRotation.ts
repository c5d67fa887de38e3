/**
 * Download-token rotation on 1,000 files (issue #10.6): the work of a rotation job (list a page,
 * give each file a new `firebaseStorageDownloadTokens`, 200 files per step) run in this process
 * against the Storage emulator, page after page, with the functions' own code.
 *
 * The files live in a bucket of their own: the functions' Storage triggers watch the default
 * bucket only, and 1,000 uploads there made the functions emulator start about 60 workers for
 * the finalize events on a shared 2-core machine, which starved everything else. What is left
 * out is the trigger hop between steps (one Firestore write and one event per 200 files).
 */
import { performance } from "node:perf_hooks";
import { PROJECT_ID } from "../test/helpers/emulators.js";
import { figure, percentile } from "./stats.js";

const FILES = 1000;
const BENCH_BUCKET = `${PROJECT_ID}-rotation-bench`;
const PREFIXES = ["teams/bench/library/", "teams/bench/chat/general/", "teams/bench/chat/private/", "teams/bench/chat/dm_a_b/"];
const PARALLEL_UPLOADS = 16;

export async function run(): Promise<void> {
  // The functions' default app (functions/src/common/firebase.ts) is created from FIREBASE_CONFIG.
  process.env.FIREBASE_CONFIG = JSON.stringify({ projectId: PROJECT_ID, storageBucket: BENCH_BUCKET });
  process.env.GCLOUD_PROJECT ??= PROJECT_ID;
  const { bucket } = await import("../functions/src/common/firebase.js");
  const { rotateNextPage, DOWNLOAD_TOKENS_KEY, ROTATION_PAGE_SIZE } = await import("../functions/src/library/tokenRotation.js");

  const paths = Array.from({ length: FILES }, (_, i) => `${PREFIXES[i % PREFIXES.length]}file-${String(i).padStart(4, "0")}.bin`);
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL_UPLOADS }, async () => {
      while (next < paths.length) {
        const path = paths[next++];
        await bucket()
          .file(path)
          .save(Buffer.alloc(64, 1), { metadata: { metadata: { [DOWNLOAD_TOKENS_KEY]: "before-rotation" } } });
      }
    }),
  );

  const pageTimes: number[] = [];
  let rotated = 0;
  let cursor = { prefixIndex: 0, pageToken: null as string | null };
  const started = performance.now();
  for (;;) {
    const pageStart = performance.now();
    const page = await rotateNextPage(PREFIXES, cursor);
    pageTimes.push(performance.now() - pageStart);
    rotated += page.rotated;
    cursor = page.cursor;
    if (page.done) break;
  }
  const totalMs = performance.now() - started;

  const [files] = await bucket().getFiles({ prefix: "teams/bench/" });
  const fresh = files.filter((file) => {
    const tokens = String(file.metadata.metadata?.[DOWNLOAD_TOKENS_KEY] ?? "").split(",");
    return tokens.some((token) => token !== "before-rotation" && token.length === 36);
  }).length;
  await bucket().deleteFiles({ prefix: "teams/bench/", force: true });

  figure(`token rotation of ${FILES} files (${ROTATION_PAGE_SIZE} per step), total`, totalMs / 1000, "s");
  figure("token rotation steps", pageTimes.length, "steps");
  figure("token rotation step, p50", percentile(pageTimes, 50), "ms");
  figure("token rotation step, max", Math.max(...pageTimes), "ms");
  figure("token rotation throughput", rotated / (totalMs / 1000), "files/s");
  figure(`files holding a new token afterwards (of ${FILES})`, fresh, "files");
}
