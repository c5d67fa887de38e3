/** Collections of invitations (docs/teams.md); shapes in `models/invitations.ts`. */
import { invitationRateSchema, invitationSchema, invitationTokenSchema } from "../../models/invitations.js";
import { typedCollection, typedDoc } from "./typed.js";

/** `invitations/{invitationId}`: owner/admin of the team read; only functions write. */
export const invitations = () => typedCollection("invitations", invitationSchema);
export const invitationRef = (invitationId: string) => invitations().doc(invitationId);

export const invitationTokens = () => typedCollection("invitationTokens", invitationTokenSchema);
export const invitationTokenRef = (tokenHash: string) => invitationTokens().doc(tokenHash);

export const invitationRateRef = (uid: string) => typedDoc(`users/${uid}/rateLimits/invitations`, invitationRateSchema);

/**
 * `mailRecipients/{sha256(email) hex}`: when invitation emails were last sent to an address,
 * by anyone (server only; the address itself is not stored).
 */
export const mailRecipientRateRef = (emailHash: string) => typedDoc(`mailRecipients/${emailHash}`, invitationRateSchema);
