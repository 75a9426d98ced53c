import { ConfigError, loadConfig } from './app-config';

describe('configuration from the environment', () => {
  it('has defaults for everything', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, rateLimitPerMinute: 6000, databasePoolSize: 20, logLevel: 'info', logFormat: 'auto' });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.adminToken).toBeUndefined();
    expect(c.metricsToken).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be a whole number between 1 and 65535 \(got "abc"\)/],
    [{ PORT: '0' }, /PORT must be/],
    [{ PORT: '70000' }, /PORT must be/],
    [{ PORT: '30.5' }, /PORT must be/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL must be a URL/],
    [{ DATABASE_URL: 'mysql://x@h/db' }, /DATABASE_URL must start with postgres/],
    [{ DATABASE_URL: 'postgres://x@h' }, /DATABASE_URL must name a database/],
    [{ RATE_LIMIT_PER_MINUTE: '-1' }, /RATE_LIMIT_PER_MINUTE/],
    [{ UPLOAD_TIMEOUT_MS: '500' }, /UPLOAD_TIMEOUT_MS must be a whole number between 1000 and 3600000/],
    [{ ADMIN_TOKEN: 'short' }, /ADMIN_TOKEN must be 16 to 256 characters/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ LOG_FORMAT: 'xml' }, /LOG_FORMAT must be one of auto, json, pretty \(got "xml"\)/],
    [{ METRICS_TOKEN: 'short' }, /METRICS_TOKEN must be 16 to 256 characters without spaces/],
    [{ METRICS_TOKEN: 'a token with spaces in it' }, /METRICS_TOKEN must be/],
  ])('refuses %j with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([
    [{ PORT: '8080' }, { port: 8080 }],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, { rateLimitPerMinute: 0 }],
    [{ UPLOAD_TIMEOUT_MS: '30000' }, { uploadTimeoutMs: 30_000 }],
    [{ DATABASE_URL: 'postgresql://u@127.0.0.1:5432/ledger' }, { databaseUrl: 'postgresql://u@127.0.0.1:5432/ledger' }],
    [{ ADMIN_TOKEN: 'a-long-enough-admin-token' }, { adminToken: 'a-long-enough-admin-token' }],
    [{ LOG_FORMAT: 'json' }, { logFormat: 'json' }],
    [{ LOG_FORMAT: 'pretty' }, { logFormat: 'pretty' }],
    [{ METRICS_TOKEN: 'a-long-enough-metrics-token' }, { metricsToken: 'a-long-enough-metrics-token' }],
  ])('accepts %j', (env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });
});
