/**
 * The `fetch` the AI SDKs get for a user-chosen baseURL. Checking the URL before the call is
 * not enough: an SDK's default fetch follows a 30x to any host (http and private addresses
 * included), and resolves the hostname again when it connects, so a DNS answer that changed
 * since the check (rebinding) reaches our network. This fetch follows no redirect and connects
 * only to an address its own lookup has just checked: the address checked is the address
 * connected to.
 *
 * It is undici's own `fetch` with an undici `Agent` whose `connect.lookup` resolves and checks
 * (Node's global fetch is undici too, but its bundled copy cannot be given a dispatcher from the
 * npm package across majors). IP literals never reach `lookup`; `assertSafeBaseUrl` has checked
 * those, and a literal cannot rebind.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupFunction } from "node:net";
import { isPublicAddress, type Resolver } from "./baseUrl.js";

export interface PinnedFetchPolicy {
  /** Emulator only: `localhost` may resolve to loopback (local models, fakes). */
  allowLocalHttp: boolean;
  /** Test seam: how hostnames resolve (the system resolver otherwise). */
  resolve?: Resolver;
  /** Test seam: which resolved addresses may be connected to (public unicast otherwise). */
  isAllowed?: (address: string, hostname: string) => boolean;
}

/** The standard fetch signature, which both the openai SDK and @google/genai accept as `fetch`. */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const LOOPBACK = new Set(["127.0.0.1", "::1"]);

function allowedBy(policy: PinnedFetchPolicy): (address: string, hostname: string) => boolean {
  if (policy.isAllowed) return policy.isAllowed;
  return (address, hostname) => isPublicAddress(address) || (policy.allowLocalHttp && hostname === "localhost" && LOOPBACK.has(address));
}

/** A lookup that answers only with addresses that pass the policy, and fails if any does not. */
export function checkingLookup(policy: PinnedFetchPolicy): LookupFunction {
  const resolve: Resolver = policy.resolve ?? ((hostname) => dnsLookup(hostname, { all: true, verbatim: true }));
  const allowed = allowedBy(policy);
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        const refused = addresses.find(({ address }) => !allowed(address, hostname));
        if (refused || wanted.length === 0) {
          const error = Object.assign(new Error(`${hostname} resolves to an address that is not allowed`), { code: "ENOTFOUND" });
          callback(error, "", 4);
          return;
        }
        if (options.all) callback(null, wanted);
        else callback(null, wanted[0].address, wanted[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 4),
    );
  };
}

const agents = new Map<string, Promise<FetchFunction>>();

async function createPinnedFetch(policy: PinnedFetchPolicy): Promise<FetchFunction> {
  const { Agent, fetch } = await import("undici");
  const dispatcher = new Agent({ connect: { lookup: checkingLookup(policy) } });
  const pinned = (input: string | URL | Request, init?: RequestInit) =>
    fetch(input instanceof Request ? input.url : input, { ...(init as Parameters<typeof fetch>[1]), dispatcher, redirect: "error" });
  // undici's Response is the class Node's global fetch returns, typed by its own package.
  return pinned as unknown as FetchFunction;
}

/**
 * A fetch for requests to user-chosen base URLs (see the module comment). One agent per policy
 * is kept for the process (its sockets are reused); a test's custom resolver gets its own.
 */
export function pinnedFetch(policy: PinnedFetchPolicy): Promise<FetchFunction> {
  if (policy.resolve || policy.isAllowed) return createPinnedFetch(policy);
  const key = String(policy.allowLocalHttp);
  let cached = agents.get(key);
  if (!cached) {
    cached = createPinnedFetch(policy);
    agents.set(key, cached);
  }
  return cached;
}
