import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createBrowserRouter, RouterProvider, useSearchParams } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { useSetSearchParams, withChanges } from './search-params';

describe('withChanges', () => {
  it.each([
    [
      'sets a parameter, keeping the others',
      '?cuenta=BNK&asOf=2025-03-31',
      { asOf: '2025-04-30' },
      'cuenta=BNK&asOf=2025-04-30',
    ],
    ['adds one', '?cuenta=BNK', { asOf: '2025-03-31' }, 'cuenta=BNK&asOf=2025-03-31'],
    ['removes one given null', '?fund=GEN&asOf=2025-03-31', { fund: null }, 'asOf=2025-03-31'],
    ['from an empty address', '', { ejercicio: '2025' }, 'ejercicio=2025'],
  ])('%s', (_, search, changes, expected) => expect(withChanges(search, changes).toString()).toBe(expected));
});

/** Two parts of a page, each keeping its own parameter (as the bank page's account and date). */
function Account() {
  const setParams = useSetSearchParams();
  return <button onClick={() => setParams({ cuenta: 'BNK-EUR' })}>account</button>;
}
function AsOf() {
  const setParams = useSetSearchParams();
  return <button onClick={() => setParams({ asOf: '2025-03-31' }, { replace: true })}>date</button>;
}
function Both() {
  const account = useSetSearchParams();
  const date = useSetSearchParams();
  return (
    <button
      onClick={() => {
        account({ cuenta: 'BNK-USD' });
        date({ asOf: '2025-06-30' });
      }}
    >
      both
    </button>
  );
}
function Page() {
  const [params] = useSearchParams();
  return (
    <>
      <Account />
      <AsOf />
      <Both />
      <output>{params.toString()}</output>
    </>
  );
}

describe('useSetSearchParams', () => {
  afterEach(cleanup);

  it('each change keeps the parameters set before it, even before the page has rendered them', async () => {
    window.history.replaceState(null, '', '/banco?x=1');
    const router = createBrowserRouter([{ path: '/banco', element: <Page /> }]);
    render(<RouterProvider router={router} />);
    fireEvent.click(screen.getByRole('button', { name: 'account' }));
    await waitFor(() => expect(window.location.search).toBe('?x=1&cuenta=BNK-EUR'));
    fireEvent.click(screen.getByRole('button', { name: 'date' }));
    await waitFor(() => expect(window.location.search).toBe('?x=1&cuenta=BNK-EUR&asOf=2025-03-31'));
    // Two changes in one event: the second is made before any render of the first.
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'both' }));
    });
    await waitFor(() => expect(window.location.search).toBe('?x=1&cuenta=BNK-USD&asOf=2025-06-30'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('x=1&cuenta=BNK-USD&asOf=2025-06-30'));
  });
});
