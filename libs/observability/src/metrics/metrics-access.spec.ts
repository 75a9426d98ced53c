import { isLoopbackAddress, metricsAccess } from './metrics-access';

describe('who may read /metrics', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.10.20.30', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['10.0.0.5', false],
    ['192.168.1.20', false],
    ['::ffff:10.0.0.5', false],
    ['128.0.0.1', false],
    ['fe80::1', false],
    ['127.0.0.1.example', false],
    [undefined, false],
  ])('%s is on the loopback: %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });

  const TOKEN = 'metrics-token-0123456789';
  it.each([
    ['loopback, no token configured', true, '127.0.0.1', {}, undefined],
    ['loopback sending any Authorization, no token configured', true, '::1', { authorization: 'Bearer whatever' }, undefined],
    ['another address, no token configured', false, '10.1.2.3', {}, undefined],
    ['loopback but forwarded by a proxy (X-Forwarded-For)', false, '127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }, undefined],
    ['loopback but forwarded by a proxy (Forwarded)', false, '127.0.0.1', { forwarded: 'for=203.0.113.9' }, undefined],
    ['loopback but forwarded by a proxy (X-Real-IP)', false, '127.0.0.1', { 'x-real-ip': '203.0.113.9' }, undefined],
    ['another address with the token', true, '10.1.2.3', { authorization: `Bearer ${TOKEN}` }, TOKEN],
    ['forwarded with the token', true, '127.0.0.1', { authorization: `bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.9' }, TOKEN],
    ['loopback without the token when one is configured', false, '127.0.0.1', {}, TOKEN],
    ['a wrong token', false, '10.1.2.3', { authorization: 'Bearer metrics-token-0123456780' }, TOKEN],
    ['the token as a prefix', false, '10.1.2.3', { authorization: `Bearer ${TOKEN}x` }, TOKEN],
    ['the token in another scheme', false, '10.1.2.3', { authorization: `Basic ${TOKEN}` }, TOKEN],
  ])('%s → allowed: %s', (_case, allowed, remoteAddress, headers, token) => {
    expect(metricsAccess({ remoteAddress, headers }, token).allowed).toBe(allowed);
  });
});
