import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Why an address is no place to fetch a brand's JWKS from (SSRF): it reaches this host, its network or nothing public. */
export type AddressKind =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'carrier-grade NAT'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'reserved'
  | 'documentation';

/** ipaddr.js's range names worth a word of their own in the error message; every other range but `unicast` is 'reserved'. */
const KINDS: Readonly<Record<string, AddressKind>> = {
  unspecified: 'unspecified',
  loopback: 'loopback',
  private: 'private',
  deprecatedSiteLocal: 'private',
  // NAT64's local-use prefix 64:ff9b:1::/48 (the well-known 64:ff9b::/96 is judged by the IPv4 address it carries).
  rfc6052: 'private',
  carrierGradeNat: 'carrier-grade NAT',
  linkLocal: 'link-local',
  uniqueLocal: 'unique-local',
  multicast: 'multicast',
};

/** Documentation ranges, which ipaddr.js counts as reserved: named apart only in the message. */
const DOCUMENTATION = {
  documentation: ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32', '3fff::/20'].map((cidr) => ipaddr.parseCIDR(cidr)),
};
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');
/** The deprecated "IPv4-compatible" form ::a.b.c.d written in hex (`::7f00:1`), which ipaddr.js calls unicast. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');

function kindOf(address: ipaddr.IPv4 | ipaddr.IPv6): AddressKind | null {
  const range = address.range();
  if (range === 'unicast') return null;
  if (range === 'reserved' && ipaddr.subnetMatch(address, DOCUMENTATION) === 'documentation') return 'documentation';
  return KINDS[range] ?? 'reserved';
}

/** The IPv4 address inside an IPv6 one that reaches it (NAT64, 6to4, SIIT, IPv4-compatible), which then decides. */
function embeddedV4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const bytes = address.toByteArray();
  const range = address.range();
  if (range === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6));
  const lowBits = range === 'rfc6145' || address.match(NAT64_WELL_KNOWN) || (range === 'unicast' && address.match(IPV4_COMPATIBLE));
  return lowBits ? new ipaddr.IPv4(bytes.slice(12)) : null;
}

/**
 * What kind of non-public address `address` (an IPv4 or IPv6 literal) is, or null for a globally
 * reachable unicast one. IPv4 addresses inside IPv6 (`::ffff:10.0.0.1`, NAT64, 6to4) are judged by their IPv4 part.
 */
export function nonPublicAddressKind(address: string): AddressKind | null {
  // Both must agree it is an address: ipaddr.js alone reads `127.1` or `2130706433` as IPv4, and refuses some zones (`%eth0.5`).
  if (isIP(address) === 0 || !ipaddr.isValid(address)) return 'reserved';
  const parsed = ipaddr.process(address);
  if (parsed instanceof ipaddr.IPv4) return kindOf(parsed);
  return kindOf(embeddedV4(parsed) ?? parsed);
}

/** True when the address is this host (127.0.0.0/8, ::1 and their IPv4-mapped forms). */
export function isLoopbackAddress(address: string): boolean {
  return nonPublicAddressKind(address) === 'loopback';
}
