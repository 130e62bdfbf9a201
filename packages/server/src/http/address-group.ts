import ipaddr from 'ipaddr.js';

/**
 * The key under which per-client caps count an address: an IPv4 address itself (IPv4-mapped
 * IPv6 included), an IPv6 address by its /64, since one subscriber usually holds a whole /64
 * and could otherwise take a fresh address for every connection.
 */
export function addressGroup(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((part) => part.toString(16)).join(':')}::/64`;
}
