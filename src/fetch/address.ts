/**
 * Which IP addresses a fetch may connect to. Anything that is not a public unicast address is
 * refused: the bot must not become a way into the network it runs on (routers, metadata services,
 * databases on loopback). IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4)
 * are judged by the address they embed.
 */
import net from 'node:net';

/** IPv4 ranges that are not public unicast: [network, prefix length]. */
const IPV4_BLOCKED: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function ipv4Blocked(ip: string): boolean {
  const n = ipv4ToInt(ip);
  return IPV4_BLOCKED.some(([base, bits]) => {
    const size = 2 ** (32 - bits);
    const start = ipv4ToInt(base);
    return n >= start && n < start + size;
  });
}

/** The 16 bytes of an IPv6 address (`::`, embedded dotted IPv4 and zone ids handled). */
function ipv6Bytes(ip: string): number[] {
  let text = ip.replace(/%.*$/, '');
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail.push(...dotted[1].split('.').map(Number));
    text = text.slice(0, -dotted[1].length) + '0:0';
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const groups = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const middle = new Array<number>(8 - left.length - right.length).fill(0);
  const all = [...left, ...middle, ...right];
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

function startsWith(bytes: number[], prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function ipv6Blocked(ip: string): boolean {
  const b = ipv6Bytes(ip);
  const v4 = (at: number) => b.slice(at, at + 4).join('.');
  const zeros = (n: number) => b.slice(0, n).every((x) => x === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible; :: and ::1 fall in here too).
  if (zeros(10) && b[10] === 0xff && b[11] === 0xff) return ipv4Blocked(v4(12));
  if (zeros(12)) return true;
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address a gateway will connect to.
  if (startsWith(b, [0x00, 0x64, 0xff, 0x9b]) && b.slice(4, 12).every((x) => x === 0)) return ipv4Blocked(v4(12));
  if (startsWith(b, [0x20, 0x02])) return ipv4Blocked(v4(2));
  if ((b[0] & 0xfe) === 0xfc) return true; // unique-local fc00::/7
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return true; // link-local fe80::/10
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0xc0) return true; // site-local fec0::/10 (deprecated)
  if (b[0] === 0xff) return true; // multicast
  if (startsWith(b, [0x20, 0x01, 0x0d, 0xb8])) return true; // documentation 2001:db8::/32
  if (startsWith(b, [0x01, 0x00]) && b.slice(2, 8).every((x) => x === 0)) return true; // discard 100::/64
  return false;
}

/** True when `ip` is not a public unicast address (or is not an IP address at all). */
export function isPrivateAddress(ip: string): boolean {
  const family = net.isIP(ip.replace(/%.*$/, ''));
  if (family === 4) return ipv4Blocked(ip);
  if (family === 6) return ipv6Blocked(ip);
  return true;
}
