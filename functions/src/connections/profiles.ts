/**
 * After the code exchange: who the grant belongs to and which accounts it reaches. One profile
 * for most platforms; the Pages the user manages on Facebook (each with its own Page token);
 * the member plus the organisations they administer on LinkedIn when that scope was granted.
 * Responses are parsed tolerantly: only the fields we need, each checked.
 */
import { z } from "zod";
import type { ConnectionTarget } from "../models/connections.js";
import type { PlatformEndpoints } from "./endpoints.js";
import { PlatformResponseError, PlatformUnavailableError } from "./errors.js";
import { PLATFORM_TIMEOUT_MS } from "./platformClient.js";
import type { StoredTokens } from "./tokens.js";

/** What one grant reaches: the choices for `connections-getPending` and each one's tokens. */
export interface GrantTargets {
  targets: ConnectionTarget[];
  /** Tokens per targetId: the grant's own tokens, or a Facebook Page's token. */
  tokens: Record<string, StoredTokens>;
}

const text = z.string().min(1);
const optionalUrl = z.string().optional().catch(undefined);

async function getJson(endpoints: PlatformEndpoints, productionUrl: string, accessToken: string): Promise<unknown> {
  const url = new URL(endpoints.url(productionUrl));
  const meta = ["Facebook", "Instagram", "Threads"].includes(endpoints.definition.platform);
  if (meta) url.searchParams.set("access_token", accessToken);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: meta ? {} : { authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(PLATFORM_TIMEOUT_MS),
    });
  } catch {
    throw new PlatformUnavailableError(null, "profile request failed");
  }
  if (response.status === 429 || response.status >= 500) throw new PlatformUnavailableError(response.status, "profile");
  if (!response.ok) throw new PlatformResponseError(response.status, "profile");
  return response.json().catch(() => null);
}

function parsed<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new PlatformResponseError(200, `unexpected ${what} response`);
  return result.data;
}

interface Profile {
  id: string;
  name: string;
  image: string | null;
}

const profileParsers: Record<string, (body: unknown) => Profile> = {
  X: (body) => {
    const { data } = parsed(
      z.object({ data: z.object({ id: text, name: z.string(), username: z.string(), profile_image_url: optionalUrl }) }),
      body,
      "X profile",
    );
    return { id: data.id, name: data.name || `@${data.username}`, image: data.profile_image_url ?? null };
  },
  LinkedIn: (body) => {
    const data = parsed(z.object({ sub: text, name: z.string(), picture: optionalUrl }), body, "LinkedIn userinfo");
    return { id: `urn:li:person:${data.sub}`, name: data.name, image: data.picture ?? null };
  },
  TikTok: (body) => {
    const { data } = parsed(
      z.object({ data: z.object({ user: z.object({ open_id: text, display_name: z.string(), avatar_url: optionalUrl }) }) }),
      body,
      "TikTok user info",
    );
    return { id: data.user.open_id, name: data.user.display_name, image: data.user.avatar_url ?? null };
  },
  YouTube: (body) => {
    const { items } = parsed(
      z.object({
        items: z
          .array(
            z.object({
              id: text,
              snippet: z.object({
                title: z.string(),
                thumbnails: z.object({ default: z.object({ url: optionalUrl }).optional() }).optional(),
              }),
            }),
          )
          .min(1),
      }),
      body,
      "YouTube channel",
    );
    const channel = items[0];
    return { id: channel.id, name: channel.snippet.title, image: channel.snippet.thumbnails?.default?.url ?? null };
  },
  Pinterest: (body) => {
    const data = parsed(z.object({ id: z.string().optional(), username: text, profile_image: optionalUrl }), body, "Pinterest account");
    return { id: data.id || data.username, name: data.username, image: data.profile_image ?? null };
  },
  Instagram: (body) => {
    const data = parsed(
      z.object({
        user_id: z.union([text, z.number()]).optional(),
        id: z.string().optional(),
        username: text,
        profile_picture_url: optionalUrl,
      }),
      body,
      "Instagram profile",
    );
    const id = String(data.user_id ?? data.id ?? "");
    if (!id) throw new PlatformResponseError(200, "Instagram profile without id");
    return { id, name: data.username, image: data.profile_picture_url ?? null };
  },
  Threads: (body) => {
    const data = parsed(z.object({ id: text, username: text, threads_profile_picture_url: optionalUrl }), body, "Threads profile");
    return { id: data.id, name: data.username, image: data.threads_profile_picture_url ?? null };
  },
};

const facebookPages = z.object({
  data: z.array(
    z.object({
      id: text,
      name: z.string(),
      access_token: text,
      picture: z
        .object({ data: z.object({ url: optionalUrl }) })
        .optional()
        .catch(undefined),
    }),
  ),
});

const linkedinOrganizations = z.object({
  elements: z.array(
    z.object({
      organization: text,
      "organization~": z.object({ localizedName: z.string() }).optional().catch(undefined),
    }),
  ),
});

/** Reads the accounts the grant reaches, each with the tokens that act for it. */
export async function grantTargets(endpoints: PlatformEndpoints, tokens: StoredTokens): Promise<GrantTargets> {
  const { definition } = endpoints;
  if (definition.targets === "facebookPages") {
    const pages = parsed(facebookPages, await getJson(endpoints, definition.targetsUrl ?? "", tokens.accessToken), "Facebook Pages");
    const result: GrantTargets = { targets: [], tokens: {} };
    for (const page of pages.data) {
      result.targets.push({ targetId: page.id, kind: "page", displayName: page.name, profileImageUrl: page.picture?.data.url ?? null });
      // A Page token obtained with a long-lived user token does not expire.
      result.tokens[page.id] = {
        accessToken: page.access_token,
        issuedAt: tokens.issuedAt,
        ...(tokens.scopes && { scopes: tokens.scopes }),
      };
    }
    return result;
  }
  const parse = profileParsers[definition.platform];
  const profile = parse(await getJson(endpoints, definition.profileUrl, tokens.accessToken));
  const result: GrantTargets = {
    targets: [{ targetId: profile.id, kind: "profile", displayName: profile.name, profileImageUrl: profile.image }],
    tokens: { [profile.id]: tokens },
  };
  if (definition.targets === "linkedinOrganizations" && tokens.scopes?.includes("rw_organization_admin") && definition.targetsUrl) {
    const orgs = parsed(
      linkedinOrganizations,
      await getJson(endpoints, definition.targetsUrl, tokens.accessToken),
      "LinkedIn organizations",
    );
    for (const element of orgs.elements) {
      const id = element.organization;
      result.targets.push({
        targetId: id,
        kind: "organization",
        displayName: element["organization~"]?.localizedName ?? id,
        profileImageUrl: null,
      });
      result.tokens[id] = tokens;
    }
  }
  return result;
}
