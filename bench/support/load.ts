/** HTTP load from concurrent clients with autocannon (its own typings: the package ships none). */
import { createRequire } from 'node:module';

interface AutocannonRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}

export interface LoadResult {
  /** Responses with a 2xx status completed within the duration. */
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  perSecond: number;
  latency: { p50: number; p90: number; p99: number; max: number };
}

interface AutocannonResult {
  latency: { p50: number; p90: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  '2xx': number;
}

type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;

const autocannon = createRequire(__filename)('autocannon') as Autocannon;

/**
 * `connections` clients, each sending its next request as soon as the previous one is answered,
 * for `seconds`. `next()` builds each request (a fresh Idempotency-Key and body).
 */
export async function postLoad(options: {
  port: number;
  path: string;
  token: string;
  connections: number;
  seconds: number;
  next: () => { key: string; body: string };
}): Promise<LoadResult> {
  const result = await autocannon({
    url: `http://127.0.0.1:${options.port}`,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        path: options.path,
        headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' },
        setupRequest: (request) => {
          const { key, body } = options.next();
          return { ...request, headers: { ...request.headers, 'Idempotency-Key': key }, body };
        },
      },
    ],
  });
  return {
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    perSecond: result['2xx'] / result.duration,
    latency: result.latency,
  };
}
