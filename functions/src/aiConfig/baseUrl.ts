/**
 * Server-side request forgery guard for user-supplied provider base URLs. The AI proxy sends
 * requests, with the user's key, to whatever URL is stored, so a URL must not lead into our own
 * network: https only, and no host that is, or resolves to, a private, loopback, link-local,
 * metadata or otherwise non-public address (IPv4 and IPv6).
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
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

const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this" network
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, incl. cloud metadata 169.254.169.254
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  BLOCKED.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["64:ff9b::", 96], // NAT64 (embeds an IPv4 address), refused whole
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4 (embeds an IPv4 address), refused whole
  ["fc00::", 7], // unique local, incl. fd00:ec2::254 (AWS metadata)
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
] as const) {
  BLOCKED.addSubnet(network, prefix, "ipv6");
}

/** Names that reach metadata servers or internal zones without needing public DNS. */
const BLOCKED_NAMES = [/^metadata$/, /^metadata\.google\.internal$/, /^metadata\.goog$/, /\.internal$/, /\.local$/];

const LOCAL_HTTP_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);

/**
 * True when `address` (IPv4 or IPv6 literal) is not a public unicast address. BlockList checks an
 * IPv4-mapped IPv6 address (`::ffff:10.0.0.5`) against the IPv4 ranges.
 */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family !== 6) return true;
  return BLOCKED.check(address, "ipv6");
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
  const hostname = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
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
