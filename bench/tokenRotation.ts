/**
 * Download-token rotation on 1,000 files (issue #10.6): a team with 1,000 files its member Bob
 * could read (library assets and attachments of a public and a private channel), Bob removed
 * through `teams-removeMember`; the time runs from the call until the rotation job reports
 * `done`, i.e. every file has a new token.
 */
import { performance } from "node:perf_hooks";
import { addTeamMember, adminBucket, adminDb, eventually } from "../test/helpers/admin.js";
import { closeClients, signUp } from "../test/helpers/clients.js";
import { figure } from "./stats.js";

const FILES = 1000;
const FILE_BYTES = 64;
const PARALLEL_UPLOADS = 16;

function filePaths(teamId: string, uid: string): string[] {
  return Array.from({ length: FILES }, (_, i) => {
    if (i % 4 === 0) return `teams/${teamId}/library/bench-asset-${i}/file-${i}.png`;
    const channel = i % 4 === 1 ? "general" : "BenchPrivate00000000";
    return `teams/${teamId}/chat/${channel}/${uid}/file-${i}.pdf`;
  });
}

async function uploadAll(paths: string[], uid: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++];
      const image = path.includes("/library/");
      await adminBucket().file(path).save(Buffer.alloc(FILE_BYTES, 1), {
        contentType: image ? "image/png" : "application/pdf",
        metadata: { metadata: image ? { name: "bench", uploadedBy: uid } : {} },
      });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_UPLOADS }, worker));
}

/** Files counted once the counter stops moving, and when it last moved. */
async function settledCount(teamId: string): Promise<{ files: number; lastChange: number }> {
  let last = -1;
  let stableSince = performance.now();
  const deadline = performance.now() + 900_000;
  for (;;) {
    const bytes = ((await adminDb().doc(`teams/${teamId}/usage/storage`).get()).get("bytes") as number | undefined) ?? 0;
    if (bytes !== last) {
      last = bytes;
      stableSince = performance.now();
    }
    if (bytes === FILES * FILE_BYTES || performance.now() - stableSince > 15_000 || performance.now() > deadline) {
      return { files: bytes / FILE_BYTES, lastChange: stableSince };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function run(): Promise<void> {
  const [alice, bob] = await Promise.all([signUp({ name: "Rotation A" }), signUp({ name: "Rotation B" })]);
  const teamId = (await adminDb().doc(`users/${alice.uid}`).get()).get("defaultTeamId") as string;
  await addTeamMember(teamId, bob.uid);
  await adminDb().doc(`teams/${teamId}/channels/BenchPrivate00000000`).set({
    name: "Bench private",
    isDirectMessage: false,
    memberIds: [alice.uid, bob.uid],
    createdBy: alice.uid,
    createdAt: new Date(),
  });

  const uploadStart = performance.now();
  await uploadAll(filePaths(teamId, alice.uid), alice.uid);
  // Let the finalize triggers (quota, asset records) settle so that they do not share the CPU
  // with the rotation being measured: until the counter has not moved for 15 s.
  const counted = await settledCount(teamId);
  figure(`${FILES} uploads until the last one was counted (setup)`, (counted.lastChange - uploadStart) / 1000, "s");
  figure(`files counted by the quota trigger (of ${FILES} uploaded)`, counted.files, "files");

  try {
    const started = performance.now();
    await alice.call("teams-removeMember", { teamId, userId: bob.uid });
    const job = await eventually("the rotation job to finish", async () => {
      const jobs = await adminDb().collection(`teams/${teamId}/tokenRotations`).where("removedUid", "==", bob.uid).get();
      const data = jobs.docs[0]?.data();
      return data?.status === "done" ? data : null;
    }, 600_000);
    const seconds = (performance.now() - started) / 1000;
    figure(`token rotation of ${job.filesRotated} files, removal -> job done`, seconds, "s");
    figure("token rotation steps (pages)", job.step as number, "steps");
    figure("token rotation throughput", (job.filesRotated as number) / seconds, "files/s");
  } finally {
    await closeClients();
  }
}
