/** Documents the teams rules specs seed. */
import { Timestamp } from "firebase/firestore";

/** A fixed time for seeded documents. */
export const at = Timestamp.fromDate(new Date("2026-01-01T00:00:00Z"));

/** Team `t1`: Alice owns it, Bob is a member (documents for `seed`). */
export function teamOne(): Record<string, Record<string, unknown>> {
  return {
    "teams/t1": { name: "Team One", ownerId: "alice", memberIds: ["alice", "bob"], createdAt: at },
    "teams/t1/members/alice": { role: "owner", name: "Alice", email: "alice@example.test", joinedAt: at },
    "teams/t1/members/bob": { role: "member", name: "Bob", email: "bob@example.test", joinedAt: at },
  };
}
