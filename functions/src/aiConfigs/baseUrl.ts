/**
 * Server-side request forgery guard for user-supplied provider base URLs. The AI proxy sends
 * requests, with the user's key, to whatever URL is stored, so a URL must not lead into our own
 * network: https only, and no host that is, or resolves to, a private, loopback, link-local,
 * metadata or otherwise non-public address (IPv4 and IPv6).
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { invalidArgument } from "../common/errors.js";

export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export interface BaseUrlPolicy {
  /** Emulator only: allow plain `http://` to 127.0.0.1, localhost and [::1] (local models, fakes). */
  allowLocalHttp: boolean;
  /** How hostnames are resolved; the system resolver unless a test supplies one. */
  resolve?: Resolver;
  /** The field named in error messages; `baseURL` by default. */
  field?: string;
}

/** IANA's global unicast block (2000::/3): every other IPv6 prefix is special-purpose or unassigned. */
const IPV6_GLOBAL_UNICAST: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse("2000::"), 3];

/** Names that reach metadata servers or internal zones without needing public DNS. */
const BLOCKED_NAMES = [/^metadata$/, /^metadata\.google\.internal$/, /^metadata\.goog$/, /\.internal$/, /\.local$/];

export const LOCAL_HTTP_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);

/**
 * True only for a globally routable unicast address: an allow rule on ipaddr.js's range
 * classification, so that a special-purpose range nobody listed is refused rather than let
 * through. IPv4 must classify as `unicast` (private, loopback, link-local, CGNAT, reserved,
 * multicast... do not). An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is judged as the IPv4
 * address it reaches; any other IPv6 address must be in 2000::/3 and classify as `unicast`,
 * which refuses IPv4-compatible `::/96`, `::ffff:0:0/96`, NAT64 (`64:ff9b::/96`,
 * `64:ff9b:1::/48`), 6to4, Teredo (`2001::/32`), documentation, ULA, link-local and multicast.
 */
export function isPublicAddress(address: string): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // ipaddr.js reads the dotted tail of `::a.b.c.d` (IPv4-compatible) as IPv4-mapped; the WHATWG
    // URL parser's canonical form writes it in hex (`::808:808`), which ipaddr.js keeps apart.
    const family = isIP(address);
    if (family === 4) parsed = ipaddr.IPv4.parse(address);
    else if (family === 6) parsed = ipaddr.IPv6.parse(new URL(`http://[${address}]/`).hostname.slice(1, -1));
    else return false;
  } catch {
    return false;
  }
  if (parsed instanceof ipaddr.IPv6 && parsed.isIPv4MappedAddress()) parsed = parsed.toIPv4Address();
  if (parsed instanceof ipaddr.IPv4) return parsed.range() === "unicast";
  return parsed.range() === "unicast" && parsed.match(IPV6_GLOBAL_UNICAST);
}

/** True when `address` (IPv4 or IPv6 literal) is not a public unicast address. */
export function isBlockedAddress(address: string): boolean {
  return !isPublicAddress(address);
}

const DNS_TIMEOUT_MS = 5_000;

/** The system resolver, bounded: a host that does not answer in time counts as unresolvable. */
const systemResolver: Resolver = (hostname) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`DNS lookup of ${hostname} timed out`)), DNS_TIMEOUT_MS);
  });
  return Promise.race([dnsLookup(hostname, { all: true, verbatim: true }), timeout]).finally(() => clearTimeout(timer));
};

/**
 * Checks a provider base URL and returns it normalised; throws `invalid-argument` naming
 * `baseURL` otherwise. Resolves the host and refuses it when any address is non-public. The AI
 * proxy should call it again right before each request (DNS answers can change).
 */
export async function assertSafeBaseUrl(raw: string, policy: BaseUrlPolicy): Promise<string> {
  const refuse = (reason: string): never => {
    throw invalidArgument(`Invalid request: ${policy.field ?? "baseURL"} ${reason}`);
  };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("is not a valid URL.");
  }
  if (url.username || url.password) refuse("must not contain credentials.");
  const hostname = url.hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (policy.allowLocalHttp && url.protocol === "http:" && LOCAL_HTTP_HOSTS.has(hostname)) return url.href;
  if (url.protocol !== "https:") refuse("must use https.");
  if (!hostname) refuse("has no host.");

  if (isIP(hostname)) {
    if (isBlockedAddress(hostname)) refuse("must not point to a private, loopback, link-local or metadata address.");
    return url.href;
  }
  if (BLOCKED_NAMES.some((pattern) => pattern.test(hostname))) refuse("must not point to an internal or metadata host.");

  let addresses: Array<{ address: string }>;
  try {
    addresses = await (policy.resolve ?? systemResolver)(hostname);
  } catch {
    return refuse(`host ${hostname} could not be resolved.`);
  }
  if (addresses.length === 0) refuse(`host ${hostname} could not be resolved.`);
  if (addresses.some(({ address }) => isBlockedAddress(address))) {
    refuse(`host ${hostname} resolves to a private, loopback, link-local or metadata address.`);
  }
  return url.href;
}
