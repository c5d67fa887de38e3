/**
 * The per-team Storage quota (issue #17.9). Every finalized file under `teams/{teamId}/` adds its
 * size to `teams/{teamId}/usage/storage`, every deleted one gives it back; `storage.rules` reads
 * that document to refuse uploads that would not fit. Rules see one upload at a time, so the
 * finalize trigger is the hard limit: a file that does not fit when it is counted (parallel
 * uploads that each passed the rules) is removed again.
 */
import { createHash } from "node:crypto";
import { countedObjectRef, teamStorageUsageRef } from "../common/collections/library.js";
import { teamRef } from "../common/collections/teams.js";
import { serverNow } from "../common/collections/typed.js";
import type { TeamStorageUsage } from "../models/library.js";
import { teamStorageQuotaMib } from "../common/params.js";
import { runTransaction } from "../common/transaction.js";
import { teamOfObject } from "./paths.js";

/** What the finalize and delete triggers tell the quota about an object. */
export interface StorageObjectEvent {
  name: string;
  generation: string;
  size: number;
}

export type CountOutcome = "counted" | "already-counted" | "over-quota" | "not-a-team-file" | "team-gone";
export type ReleaseOutcome = "released" | "not-counted" | "not-a-team-file";

const MiB = 1024 * 1024;

/** The quota in bytes, from the TEAM_STORAGE_QUOTA_MIB param. */
export function teamQuotaBytes(): number {
  return teamStorageQuotaMib.value() * MiB;
}

/** The ledger id of an object: object names may hold slashes and be longer than a document id. */
export function countedObjectId(objectName: string): string {
  return createHash("sha256").update(objectName).digest("hex");
}

/**
 * Adds a finalized object to its team's byte counter, once per generation. A new generation of an
 * already counted name (a file replaced in place) counts only the difference. Refuses, without
 * writing anything, an object that would take the team over its quota.
 */
export async function countStoredObject(object: StorageObjectEvent, limit = teamQuotaBytes()): Promise<CountOutcome> {
  const teamId = teamOfObject(object.name);
  if (!teamId) return "not-a-team-file";
  const ledgerRef = countedObjectRef(teamId, countedObjectId(object.name));
  const usageRef = teamStorageUsageRef(teamId);
  return runTransaction(async (tx): Promise<CountOutcome> => {
    const [team, ledger, usage] = await Promise.all([tx.get(teamRef(teamId)), tx.get(ledgerRef), tx.get(usageRef)]);
    if (!team.exists) return "team-gone";
    const counted = ledger.data();
    if (counted?.generation === object.generation) return "already-counted";
    const bytesBefore = usage.data()?.bytes ?? 0;
    const bytes = bytesBefore - (counted?.size ?? 0) + object.size;
    if (bytes > limit && bytes > bytesBefore) return "over-quota";
    tx.set(ledgerRef, { name: object.name, generation: object.generation, size: object.size, countedAt: serverNow() });
    tx.set(usageRef, { bytes, limit, updatedAt: serverNow() });
    return "counted";
  });
}

/**
 * Gives a deleted object's bytes back to its team, if that generation was counted. An event for
 * an older generation (a file replaced in place) or a repeated event changes nothing, and a team
 * that is gone gets no counter back.
 */
export async function releaseStoredObject(object: StorageObjectEvent, limit = teamQuotaBytes()): Promise<ReleaseOutcome> {
  const teamId = teamOfObject(object.name);
  if (!teamId) return "not-a-team-file";
  const ledgerRef = countedObjectRef(teamId, countedObjectId(object.name));
  const usageRef = teamStorageUsageRef(teamId);
  return runTransaction(async (tx): Promise<ReleaseOutcome> => {
    const [ledger, usage] = await Promise.all([tx.get(ledgerRef), tx.get(usageRef)]);
    const counted = ledger.data();
    if (!counted || counted.generation !== object.generation) return "not-counted";
    tx.delete(ledgerRef);
    const current: TeamStorageUsage | undefined = usage.data();
    if (current) tx.update(usageRef, { bytes: Math.max(0, current.bytes - counted.size), limit, updatedAt: serverNow() });
    return "released";
  });
}
