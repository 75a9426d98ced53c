import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';

/**
 * A query client for component tests: nothing retried, and each `answered` query already in the
 * cache and never fetched again (a test gives the API's answers; it does not wait for them).
 */
export function testQueryClient(answered: [QueryKey, unknown][] = []): QueryClient {
  const client = new QueryClient({
    defaultOptions: { queries: { staleTime: Infinity, retry: false }, mutations: { retry: false } },
  });
  for (const [key, data] of answered) client.setQueryData(key, data);
  return client;
}

/** `node` inside the providers the console's pages run in (queries and Mantine). */
export function withProviders(node: ReactNode, client: QueryClient = testQueryClient()): ReactNode {
  return (
    <QueryClientProvider client={client}>
      <MantineProvider>{node}</MantineProvider>
    </QueryClientProvider>
  );
}
