import { isIP, isIPv4 } from 'node:net';

/**
 * Which addresses an outgoing call (a webhook) may reach: public unicast only, unless the
 * deployment allows private targets. Pure: the DNS answer is checked here, the connection is
 * then pinned to the address checked (OutboundTargetService), so a name cannot be re-resolved
 * to something else between the check and the connect.
 */

interface Range {
  /** The first address of the range as a number (IPv4: 32 bits, IPv6: 128). */
  base: bigint;
  prefix: number;
  what: string;
}

function ipv4Value(address: string): bigint {
  return address.split('.').reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
}

/** An IPv6 address as 128 bits (`::` expanded, a trailing dotted IPv4 part included). */
function ipv6Value(address: string): bigint {
  let text = address.toLowerCase().split('%')[0];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4Value(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const zeros: string[] =
    tail === undefined ? [] : Array<string>(8 - headParts.length - tailParts.length).fill('0');
  return [...headParts, ...zeros, ...tailParts].reduce(
    (value, part) => (value << 16n) | BigInt(parseInt(part, 16)),
    0n,
  );
}

const v4 = (cidr: string, what: string): Range => {
  const [base, prefix] = cidr.split('/');
  return { base: ipv4Value(base), prefix: Number(prefix), what };
};
const v6 = (cidr: string, what: string): Range => {
  const [base, prefix] = cidr.split('/');
  return { base: ipv6Value(base), prefix: Number(prefix), what };
};

/** IPv4 ranges that are not public unicast (IANA special-purpose registry). */
const IPV4_REFUSED: readonly Range[] = [
  v4('0.0.0.0/8', '"this network"'),
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'carrier-grade NAT (shared)'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local, cloud metadata'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'IETF protocol assignments'),
  v4('192.0.2.0/24', 'documentation'),
  v4('192.88.99.0/24', '6to4 relay'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'benchmarking'),
  v4('198.51.100.0/24', 'documentation'),
  v4('203.0.113.0/24', 'documentation'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved or broadcast'),
];

/**
 * IPv6: only global unicast (2000::/3) is public; inside it, the ranges below are not, and some
 * carry an IPv4 address that could be private (6to4, Teredo, NAT64), so they are refused too.
 */
const IPV6_REFUSED: readonly Range[] = [
  v6('::ffff:0:0/96', 'IPv4-mapped IPv6'),
  v6('::1/128', 'loopback'),
  v6('::/128', 'unspecified'),
  v6('64:ff9b::/96', 'NAT64 (embeds an IPv4 address)'),
  v6('64:ff9b:1::/48', 'NAT64 (embeds an IPv4 address)'),
  v6('fc00::/7', 'unique-local'),
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'site-local'),
  v6('ff00::/8', 'multicast'),
  v6('2001::/32', 'Teredo (embeds an IPv4 address)'),
  v6('2001:db8::/32', 'documentation'),
  v6('2002::/16', '6to4 (embeds an IPv4 address)'),
];
const IPV6_GLOBAL = v6('2000::/3', 'global unicast');

function inRange(value: bigint, range: Range, bits: number): boolean {
  const shift = BigInt(bits - range.prefix);
  return value >> shift === range.base >> shift;
}

/**
 * Why `address` (an IP literal) is not a public unicast address, e.g. "loopback"; undefined
 * when it is public.
 */
export function nonPublicKind(address: string): string | undefined {
  if (isIPv4(address)) {
    const value = ipv4Value(address);
    return IPV4_REFUSED.find((range) => inRange(value, range, 32))?.what;
  }
  if (isIP(address) !== 6) return 'not an IP address';
  const value = ipv6Value(address);
  const refused = IPV6_REFUSED.find((range) => inRange(value, range, 128));
  if (refused) return refused.what;
  return inRange(value, IPV6_GLOBAL, 128) ? undefined : 'reserved IPv6';
}

/** The host of a URL as written (before the URL parser turns `2130706433` into `127.0.0.1`). */
export function hostAsWritten(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/:?#]*)/i.exec(url)?.[1] ?? '';
}
