import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { RequestError } from './QueryState';

describe('RequestError: a failed request in the API’s words', () => {
  afterEach(cleanup);

  it.each<[string, unknown, string]>([
    ['the API’s detail', new ApiError(409, 'conflict', 'the token is already revoked'), 'the token is already revoked'],
    ['the status when the API said nothing more', new ApiError(502, 'unknown', undefined), 'HTTP 502'],
    ['the message of any other error', new Error('Failed to fetch'), 'Failed to fetch'],
  ])('%s, read out at once', (_name, error, text) => {
    render(
      <MantineProvider>
        <RequestError request={{ isError: true, error }} />
      </MantineProvider>,
    );
    expect(screen.getByRole('alert').textContent).toBe(text);
  });

  it('nothing while the request has not failed', () => {
    render(
      <MantineProvider>
        <RequestError request={{ isError: false, error: null }} />
      </MantineProvider>,
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.querySelector('.mantine-Alert-root')).toBeNull();
  });
});
