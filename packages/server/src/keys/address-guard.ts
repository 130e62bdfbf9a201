import { isIPv4, isIPv6 } from 'node:net';

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

type Range = readonly [prefix: bigint, bits: number, kind: AddressKind];

const v4 = (text: string): bigint => text.split('.').reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);

/** IPv4 ranges that are not globally reachable (RFC 6890 and friends). */
const IPV4_RANGES: readonly Range[] = [
  [v4('0.0.0.0'), 8, 'unspecified'],
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'carrier-grade NAT'],
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link-local'],
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'reserved'],
  [v4('192.0.2.0'), 24, 'documentation'],
  [v4('192.88.99.0'), 24, 'reserved'],
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'reserved'],
  [v4('198.51.100.0'), 24, 'documentation'],
  [v4('203.0.113.0'), 24, 'documentation'],
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('240.0.0.0'), 4, 'reserved'],
];

/** Parses any IPv6 text form (with `::`, an embedded dotted quad or a `%zone`) into 128 bits. */
function v6(text: string): bigint {
  let address = text.replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted?.[1]) {
    const value = v4(dotted[1]);
    address = `${address.slice(0, -dotted[1].length)}${(value >> 16n).toString(16)}:${(value & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return all.reduce((value, group) => (value << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}

const IPV6_RANGES: readonly Range[] = [
  [v6('::'), 128, 'unspecified'],
  [v6('::1'), 128, 'loopback'],
  [v6('64:ff9b:1::'), 48, 'private'],
  [v6('100::'), 64, 'reserved'],
  [v6('2001:db8::'), 32, 'documentation'],
  // Teredo tunnels to an IPv4 host chosen by the address's owner.
  [v6('2001::'), 32, 'reserved'],
  [v6('fc00::'), 7, 'unique-local'],
  [v6('fe80::'), 10, 'link-local'],
  [v6('fec0::'), 10, 'private'],
  [v6('ff00::'), 8, 'multicast'],
];

const within = (value: bigint, width: number, [prefix, bits]: Range): boolean => {
  const shift = BigInt(width - bits);
  return value >> shift === prefix >> shift;
};

function classifyV4(value: bigint): AddressKind | null {
  return IPV4_RANGES.find((range) => within(value, 32, range))?.[2] ?? null;
}

/** IPv6 forms that carry an IPv4 address, which then decides: mapped, NAT64 (well-known prefix), 6to4 and the old "compatible" form. */
function embeddedV4(value: bigint): bigint | null {
  const low32 = value & 0xffffffffn;
  if (value >> 32n === 0xffffn) return low32; // ::ffff:a.b.c.d
  if (value >> 32n === 0xffff0000n) return low32; // ::ffff:0:a.b.c.d (SIIT)
  if (value >> 32n === v6('64:ff9b::') >> 32n) return low32; // 64:ff9b::a.b.c.d
  if (value >> 112n === 0x2002n) return (value >> 80n) & 0xffffffffn; // 2002:aabb:ccdd::/48
  if (value >> 32n === 0n) return low32; // ::a.b.c.d (:: and ::1 are matched before)
  return null;
}

/**
 * What kind of non-public address `address` (an IPv4 or IPv6 literal) is, or null for a globally
 * reachable one. IPv4 addresses inside IPv6 (`::ffff:10.0.0.1`, NAT64, 6to4) are judged by their IPv4 part.
 */
export function nonPublicAddressKind(address: string): AddressKind | null {
  if (isIPv4(address)) return classifyV4(v4(address));
  if (!isIPv6(address.replace(/%.*$/, ''))) return 'reserved';
  const value = v6(address);
  const direct = IPV6_RANGES.find((range) => within(value, 128, range))?.[2];
  if (direct) return direct;
  const inner = embeddedV4(value);
  return inner === null ? null : classifyV4(inner);
}

/** True when the address is this host (127.0.0.0/8, ::1 and their IPv4-mapped forms). */
export function isLoopbackAddress(address: string): boolean {
  return nonPublicAddressKind(address) === 'loopback';
}
