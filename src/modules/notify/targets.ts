import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { Agent } from "undici";

/**
 * Where webhooks may not go: an integrator must not make the server call into its own network
 * (loopback, private ranges, link-local and the cloud metadata address, carrier-grade NAT,
 * benchmarking, multicast and reserved ranges, NAT64 and IPv4-compatible forms).
 */
const PRIVATE_TARGETS = (() => {
  const list = new BlockList();
  const v4: [string, number][] = [
    ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
    ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
  ];
  const v6: [string, number][] = [["::", 96], ["::1", 128], ["64:ff9b::", 96], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]];
  for (const [net, bits] of v4) list.addSubnet(net, bits, "ipv4");
  for (const [net, bits] of v6) list.addSubnet(net, bits, "ipv6");
  return list;
})();

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  return family === 0 || PRIVATE_TARGETS.check(address, family === 6 ? "ipv6" : "ipv4");
}

/** Thrown by the guarded lookup: the name resolves only to addresses webhooks may not reach. */
export class PrivateTargetError extends Error {
  override readonly name = "PrivateTargetError";
}

/** Null if a URL's host is a public address or a name, else why it may not be called. */
export function privateLiteralOf(url: string): string | null {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) return `${host} is this machine`;
  return isIP(host) && isPrivateAddress(host) ? `${host} is a private or local address` : null;
}

/**
 * Resolves like the system does, then keeps only public addresses: the connection is made to an
 * address that was checked, so a name that changes its answer between check and connect (DNS
 * rebinding) gains nothing.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, "", 0);
    const allowed = addresses.filter((a) => !isPrivateAddress(a.address));
    if (allowed.length === 0) return callback(new PrivateTargetError(`${hostname} resolves only to private or local addresses`), "", 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
    callback(null, allowed[0]!.address, allowed[0]!.family);
  });
};

/** An HTTP agent whose connections reach public addresses only. */
export const publicOnlyAgent = () => new Agent({ connect: { lookup: guardedLookup } });
