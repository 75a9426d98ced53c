import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

// A reverse proxy on the same machine connects from the loopback: what it forwards is not local.
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 addresses (how a dual-stack socket reports them). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)) return true;
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

export interface MetricsCaller {
  remoteAddress: string | undefined;
  headers: IncomingHttpHeaders;
}

export type MetricsAccess = { allowed: true } | { allowed: false; reason: string };

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * With a metrics token configured, every caller must send it as a bearer token. Without one,
 * only callers on this machine are served (a scraper or an operator on the host), and never a
 * request a proxy forwarded.
 */
export function metricsAccess(caller: MetricsCaller, metricsToken: string | undefined): MetricsAccess {
  if (metricsToken !== undefined) {
    const sent = /^Bearer\s+(\S+)\s*$/i.exec(caller.headers.authorization ?? '')?.[1];
    // Compared as digests: equal lengths, constant time, whatever was sent.
    if (sent !== undefined && timingSafeEqual(digest(sent), digest(metricsToken))) return { allowed: true };
    return { allowed: false, reason: 'send Authorization: Bearer <METRICS_TOKEN>' };
  }
  const forwarded = FORWARDING_HEADERS.some((name) => caller.headers[name] !== undefined);
  if (isLoopbackAddress(caller.remoteAddress) && !forwarded) return { allowed: true };
  return {
    allowed: false,
    reason: 'metrics are served to the loopback only; set METRICS_TOKEN on the server to scrape them from elsewhere',
  };
}
