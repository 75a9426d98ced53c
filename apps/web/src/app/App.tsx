import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, RouterProvider, type RouteObject } from 'react-router';
import { ApiError } from '../api/client';
import { RequireSession } from '../auth/session';
import { FullPageLoader } from '../components/FullPageLoader';
import { NotFoundPage } from '../pages/not-found/NotFoundPage';
import { SignInPage } from '../pages/sign-in/SignInPage';
import { HOME_PATH, PAGES, SIGN_IN_PATH } from './pages';
import { Shell } from './Shell';
import { theme } from './theme';

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
    { path: SIGN_IN_PATH, element: <SignInPage /> },
    {
      path: '/',
      element: (
        <RequireSession>
          <Shell />
        </RequireSession>
      ),
      hydrateFallbackElement: <FullPageLoader />,
      children: [
        { index: true, element: <Navigate to={HOME_PATH} replace /> },
        ...PAGES.map(
          (page): RouteObject => ({
            path: page.path,
            lazy: async () => ({ Component: (await page.load()).default }),
          }),
        ),
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ];
}

export function App({ queryClient = createQueryClient() }: { queryClient?: QueryClient }) {
  const router = createBrowserRouter(routes());
  return (
    <MantineProvider theme={theme}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
