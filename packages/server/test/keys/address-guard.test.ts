import { describe, expect, it } from 'vitest';
import { type AddressKind, isLoopbackAddress, nonPublicAddressKind } from '../../src/keys/address-guard.js';

type Kind = AddressKind | null;

/**
 * Tricky addresses, with what the hand-written classifier answered before ipaddr.js took over and what the
 * guard answers now. Only public unicast addresses pass, and nothing refused before may pass now.
 */
const TABLE: readonly (readonly [address: string, before: Kind, now: Kind])[] = [
  ['::ffff:127.0.0.1', 'loopback', 'loopback'],
  ['::ffff:7f00:1', 'loopback', 'loopback'],
  ['0:0:0:0:0:ffff:127.0.0.1', 'loopback', 'loopback'],
  ['::FFFF:7F00:1', 'loopback', 'loopback'],
  ['::ffff:0:7f00:1', 'loopback', 'loopback'], // SIIT
  ['::7f00:1', 'loopback', 'loopback'], // IPv4-compatible, hex
  ['::127.0.0.1', 'loopback', 'loopback'], // IPv4-compatible, dotted
  ['::0.0.0.1', 'loopback', 'unspecified'], // ipaddr.js reads ::a.b.c.d as ::ffff:a.b.c.d: still refused
  ['0.0.0.0', 'unspecified', 'unspecified'],
  ['::', 'unspecified', 'unspecified'],
  ['::ffff:0.0.0.0', 'unspecified', 'unspecified'],
  ['100.64.0.1', 'carrier-grade NAT', 'carrier-grade NAT'],
  ['169.254.169.254', 'link-local', 'link-local'],
  ['fc00::1', 'unique-local', 'unique-local'],
  ['fe80::1%eth0', 'link-local', 'link-local'],
  ['fec0::1', 'private', 'private'],
  ['2002:7f00:1::', 'loopback', 'loopback'], // 6to4 of 127.0.0.1
  ['2002:a9fe:a9fe::1', 'link-local', 'link-local'], // 6to4 of 169.254.169.254
  ['64:ff9b::7f00:1', 'loopback', 'loopback'], // NAT64 of 127.0.0.1
  ['64:ff9b::10.0.0.1', 'private', 'private'],
  ['64:ff9b:1::1', 'private', 'private'], // NAT64 local-use prefix
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved', 'reserved'], // Teredo
  ['100::1', 'reserved', 'reserved'],
  ['192.0.0.1', 'reserved', 'reserved'],
  ['192.88.99.1', 'reserved', 'reserved'],
  ['198.18.0.1', 'reserved', 'reserved'],
  ['240.0.0.1', 'reserved', 'reserved'],
  ['255.255.255.255', 'reserved', 'reserved'],
  ['224.0.0.1', 'multicast', 'multicast'],
  ['ff02::1', 'multicast', 'multicast'],
  ['192.0.2.1', 'documentation', 'documentation'],
  ['198.51.100.1', 'documentation', 'documentation'],
  ['203.0.113.1', 'documentation', 'documentation'],
  ['2001:db8::1', 'documentation', 'documentation'],
  // Special-purpose ranges ipaddr.js knows and the old tables did not: now refused.
  ['3fff::1', null, 'documentation'],
  ['192.52.193.1', null, 'reserved'], // AMT
  ['192.175.48.1', null, 'reserved'], // AS112
  ['2001:2::1', null, 'reserved'], // benchmarking
  ['2001:20::1', null, 'reserved'], // ORCHIDv2
  ['5f00::1', null, 'reserved'], // segment routing
  // Not an address in the strict sense (ipaddr.js alone would read the first three as 127.0.0.1).
  ['127.1', 'reserved', 'reserved'],
  ['0x7f.0.0.1', 'reserved', 'reserved'],
  ['2130706433', 'reserved', 'reserved'],
  ['[::1]', 'reserved', 'reserved'],
  ['fe80::1%eth0.5', 'link-local', 'reserved'], // a zone ipaddr.js cannot parse: still refused
  ['', 'reserved', 'reserved'],
  // Public unicast, also inside IPv6 forms that carry a public IPv4 address (NAT64 behind DNS64, 6to4).
  ['8.8.8.8', null, null],
  ['93.184.215.14', null, null],
  ['2606:4700:4700::1111', null, null],
  ['::ffff:8.8.8.8', null, null],
  ['64:ff9b::808:808', null, null],
  ['2002:808:808::1', null, null],
];

describe('address guard (ipaddr.js)', () => {
  it.each(TABLE)('%s: was %s, is %s', (address, before, now) => {
    expect(nonPublicAddressKind(address)).toBe(now);
    if (before !== null) expect(now).not.toBeNull();
  });

  it('calls only loopback addresses, in any form, loopback', () => {
    for (const address of ['127.0.0.1', '127.255.0.9', '::1', '::ffff:127.0.0.1', '64:ff9b::7f00:1', '2002:7f00:1::1'])
      expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ['10.0.0.1', '0.0.0.0', '::', '8.8.8.8', 'localhost']) expect(isLoopbackAddress(address)).toBe(false);
  });
});
