import { Anchor, AppShell, Box, Burger, Button, Group, Menu, NavLink, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { SESSION_KEY, signOut, useSession } from '../auth/session';
import { switchLang, useLang } from '../i18n';
import { PAGES, visibleTo } from './pages';

/** How long (× 50 ms) a page may take to draw its title before the focus stays where it is. */
const TITLE_FOCUS_TRIES = 60;

/** Header (title, language, the signed-in person), navigation from PAGES, and the page. */
export function Shell(): React.ReactNode {
  const { t, lang } = useLang();
  const { user } = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const queryClient = useQueryClient();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After a navigation, focus goes to the new page's title (keyboard and screen-reader users
  // land on what changed) as soon as the page has drawn it, unless the person has already put the
  // focus somewhere else (a button, a field, a dialog): that is never taken from them. The
  // navigation drawer closes on small screens.
  useEffect(() => {
    close();
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const whereItWas = document.activeElement;
    let tries = 0;
    const timer = window.setInterval(() => {
      const title = main.current?.querySelector<HTMLElement>('[data-page-title]');
      const untouched = document.activeElement === whereItWas || document.activeElement === document.body;
      if (title && untouched) title.focus();
      if (title || !untouched || ++tries >= TITLE_FOCUS_TRIES) window.clearInterval(timer);
    }, 50);
    return () => window.clearInterval(timer);
  }, [location.pathname, close]);

  // Without a session the guard shows the sign-in page, which brings the person back here.
  const leave = async (): Promise<void> => {
    await signOut();
    // The guard watches the session query: it must stay in the cache (cleared of its user).
    queryClient.setQueryData(SESSION_KEY, null);
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
  };

  const nav = PAGES.filter((page) => page.nav && visibleTo(page, user?.role));
  // Moving between pages keeps the date the figures are read at.
  const asOf = new URLSearchParams(location.search).get('asOf');
  const search = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <Anchor href="#main" className="skip-link">
        {t('app.skipToContent')}
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('app.closeMenu') : t('app.openMenu')}
              aria-expanded={opened}
              aria-controls="main-navigation"
            />
            <Title order={2} size="h4" fw={700} lineClamp={1}>
              {t('app.title')}
            </Title>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Button
              variant="subtle"
              onClick={() => void switchLang(lang === 'es' ? 'en' : 'es')}
              title={t('lang.otherLabel')}
              style={{ flexShrink: 0 }}
            >
              <span lang={lang === 'es' ? 'en' : 'es'}>{t('lang.other')}</span>
            </Button>
            {user ? (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <UnstyledButton px="xs" title={t('user.signedInAs', { name: user.username })}>
                    <Text size="sm" fw={600} lineClamp={1} maw={200}>
                      {user.displayName}
                    </Text>
                    <Text size="xs" c="dimmed" visibleFrom="xs">
                      {t(`user.roles.${user.role}`)}
                    </Text>
                  </UnstyledButton>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>{t('user.signedInAs', { name: user.username })}</Menu.Label>
                  <Menu.Item onClick={() => void leave()}>{t('user.signOut')}</Menu.Item>
                </Menu.Dropdown>
              </Menu>
            ) : null}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" id="main-navigation" component="nav" aria-label={t('app.mainNav')}>
        {nav.map((page) => (
          <NavLink
            key={page.path}
            component={RouterNavLink}
            to={`/${page.path}${search}`}
            label={t(`nav.${page.nav!}`)}
            active={location.pathname === `/${page.path}` || location.pathname.startsWith(`/${page.path}/`)}
            variant="filled"
            styles={{ root: { borderRadius: 'var(--mantine-radius-sm)' } }}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" ref={main} tabIndex={-1}>
        <Box maw={1400}>
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
