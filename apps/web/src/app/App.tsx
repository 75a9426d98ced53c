import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, type RouteObject } from 'react-router';
import { ApiError } from '../api/client';
import { RequireSession } from '../auth/session';
import { FullPageLoader } from '../components/FullPageLoader';
import { RouteError } from '../components/RouteError';
import { NotFoundPage } from '../pages/not-found/NotFoundPage';
import { HOME_PATH, PAGES, SIGN_IN_PATH } from './pages';
import { Shell } from './Shell';
import { cssVariablesResolver, theme } from './theme';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not go away by asking again.
        retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      },
    },
  });
}

export function routes(): RouteObject[] {
  return [
    // Loaded on its own: a signed-in person never needs the sign-in form's code.
    { path: SIGN_IN_PATH, lazy: async () => ({ Component: (await import('../pages/sign-in/SignInPage')).SignInPage }), hydrateFallbackElement: <FullPageLoader />, errorElement: <RouteError /> },
    {
      path: '/',
      element: (
        <RequireSession>
          <Shell />
        </RequireSession>
      ),
      hydrateFallbackElement: <FullPageLoader />,
      errorElement: <RouteError />,
      children: [
        { index: true, element: <Navigate to={HOME_PATH} replace /> },
        ...PAGES.map(
          (page): RouteObject => ({
            path: page.path,
            errorElement: <RouteError />,
            lazy: async () => ({ Component: (await page.load()).default }),
          }),
        ),
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ];
}

export function App({ queryClient: given }: { queryClient?: QueryClient }) {
  const [queryClient] = useState(() => given ?? createQueryClient());
  const [router] = useState(() => createBrowserRouter(routes()));
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
