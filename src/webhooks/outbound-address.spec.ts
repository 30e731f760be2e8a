import { hostAsWritten, nonPublicKind } from './outbound-address.js';

describe('outbound address rules', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local, cloud metadata'],
    ['100.64.0.1', 'carrier-grade NAT (shared)'],
    ['0.0.0.0', '"this network"'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved or broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'IPv4-mapped IPv6'],
    ['::ffff:7f00:1', 'IPv4-mapped IPv6'],
    ['::ffff:8.8.8.8', 'IPv4-mapped IPv6'],
    ['fd00::1', 'unique-local'],
    ['fc12:3456::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2002:7f00:1::1', '6to4 (embeds an IPv4 address)'],
    ['64:ff9b::7f00:1', 'NAT64 (embeds an IPv4 address)'],
    ['::127.0.0.1', 'reserved IPv6'],
  ])('refuses %s (%s)', (address, kind) => {
    expect(nonPublicKind(address)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '2a00:1450::1',
  ])('allows the public address %s', (address) => {
    expect(nonPublicKind(address)).toBeUndefined();
  });

  it('reads the host as written, before the URL parser normalises it', () => {
    expect(hostAsWritten('http://2130706433/')).toBe('2130706433');
    expect(hostAsWritten('https://user:pw@0177.0.0.1:8080/x')).toBe('0177.0.0.1');
    expect(hostAsWritten('http://[::ffff:7f00:1]/')).toBe('[::ffff:7f00:1]');
    expect(hostAsWritten('https://hooks.example.com?x=1')).toBe('hooks.example.com');
  });
});
