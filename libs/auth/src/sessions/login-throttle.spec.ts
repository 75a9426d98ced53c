import type { Response } from 'express';
import { DomainError } from '@app/common';
import { Clock } from '../clock';
import { LOGIN_FAILURES_PER_ADDRESS, LOGIN_FAILURES_PER_USERNAME, LoginThrottle } from './login-throttle';

class FakeClock extends Clock {
  ms = 1_000_000;
  override nowMs(): number {
    return this.ms;
  }
}

const response = (): Response & { headers: Record<string, string> } => {
  const headers: Record<string, string> = {};
  return { headers, setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as Response & { headers: Record<string, string> };
};

describe('LoginThrottle', () => {
  it('slows failures for a username after three, one second more each up to five', () => {
    const throttle = new LoginThrottle(new FakeClock());
    const delays = Array.from({ length: LOGIN_FAILURES_PER_USERNAME }, () => throttle.recordFailure('Ana', '10.0.0.1'));
    expect(delays).toEqual([0, 0, 0, 1000, 2000, 3000, 4000, 5000, 5000, 5000]);
  });

  it('refuses a username (any case, any address) after ten failures until its 15 minutes pass, with Retry-After', () => {
    const clock = new FakeClock();
    const throttle = new LoginThrottle(clock);
    for (let i = 0; i < LOGIN_FAILURES_PER_USERNAME; i++) throttle.recordFailure('ana', `10.0.0.${i}`);
    const res = response();
    expect(() => throttle.assertAllowed('ANA', '10.9.9.9', res)).toThrow(DomainError);
    expect(res.headers['Retry-After']).toBe('900');
    expect(() => throttle.assertAllowed('bruno', '10.9.9.9', response())).not.toThrow();
    clock.ms += 15 * 60_000;
    expect(() => throttle.assertAllowed('ana', '10.9.9.9', response())).not.toThrow();
  });

  it('clears a username on success, but not its address', () => {
    const throttle = new LoginThrottle(new FakeClock());
    for (let i = 0; i < 5; i++) throttle.recordFailure('ana', '10.0.0.1');
    throttle.recordSuccess('Ana');
    expect(throttle.recordFailure('ana', '10.0.0.2')).toBe(0);
    for (let i = 0; i < 4; i++) throttle.recordFailure(`x${i}`, '10.0.0.1');
    // The address has failed ten times (5 + 4 + this one): slowing starts after ten.
    expect(throttle.recordFailure('y', '10.0.0.1')).toBe(0);
    expect(throttle.recordFailure('z', '10.0.0.1')).toBe(1000);
  });

  it('refuses an address after thirty failures, whatever the usernames', () => {
    const throttle = new LoginThrottle(new FakeClock());
    for (let i = 0; i < LOGIN_FAILURES_PER_ADDRESS; i++) throttle.recordFailure(`user-${i}`, '10.0.0.1');
    expect(() => throttle.assertAllowed('someone-else', '10.0.0.1', response())).toThrow('too many failed sign-ins');
    expect(() => throttle.assertAllowed('someone-else', '10.0.0.2', response())).not.toThrow();
  });
});
