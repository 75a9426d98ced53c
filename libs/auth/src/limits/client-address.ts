import { normalizeIp } from '@nestjs/throttler';
import type { Request } from 'express';

/**
 * The address a request came from, as the limits count it: the socket's peer (the app trusts no
 * proxy header), IPv6 by /64 so one host cannot pose as many.
 */
export function clientAddress(request: Request): string {
  const ip = request.ip ?? request.socket?.remoteAddress;
  return ip ? normalizeIp(ip) : 'unknown';
}
