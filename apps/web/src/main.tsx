import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/console.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createQueryClient } from './app/App';
import { fetchSession, SESSION_KEY } from './auth/session';
import { initI18n } from './i18n';

initI18n();
const queryClient = createQueryClient();
// Who is signed in is asked at once, while the first page's code is still loading.
void queryClient.prefetchQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000 });
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App queryClient={queryClient} />
  </StrictMode>,
);
