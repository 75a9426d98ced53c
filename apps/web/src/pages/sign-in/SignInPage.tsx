import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { SESSION_KEY, signIn, useSession } from '../../auth/session';
import { HOME_PATH } from '../../app/pages';
import { switchLang, useLang } from '../../i18n';
import { errorDetail } from '../../components/QueryState';

/** Where to go after signing in: a path of this console only (never another site). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : HOME_PATH;
}

export function SignInPage() {
  const { t, lang } = useLang();
  const { user } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { username: '', password: '' },
    validate: {
      username: (v) => (v.trim() ? null : t('signIn.required')),
      password: (v) => (v ? null : t('signIn.required')),
    },
  });
  const next = safeNext(params.get('next'));

  if (user) return <Navigate to={next} replace />;

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setProblem(null);
    try {
      const signedIn = await signIn(values.username.trim(), values.password);
      queryClient.setQueryData(SESSION_KEY, signedIn);
      await navigate(next, { replace: true });
    } catch (error) {
      form.setFieldValue('password', '');
      if (error instanceof ApiError && error.status === 401) setProblem(t('signIn.wrong'));
      else if (error instanceof ApiError && error.status === 429) setProblem(t('signIn.tooMany'));
      else setProblem(t('signIn.failed', { detail: errorDetail(error) }));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <Stack>
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Title order={1} size="h3">
              {t('app.title')}
            </Title>
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => void switchLang(lang === 'es' ? 'en' : 'es')}
              title={t('lang.otherLabel')}
              style={{ flexShrink: 0 }}
            >
              <span lang={lang === 'es' ? 'en' : 'es'}>{t('lang.other')}</span>
            </Button>
          </Group>
          <Text c="dimmed" size="sm">
            {t('signIn.intro')}
          </Text>
          <form onSubmit={submit} noValidate>
            <Stack>
              <Title order={2} size="h4">
                {t('signIn.title')}
              </Title>
              {problem ? (
                <Alert color="red" role="alert">
                  {problem}
                </Alert>
              ) : null}
              <TextInput label={t('signIn.username')} autoComplete="username" required {...form.getInputProps('username')} />
              <PasswordInput
                label={t('signIn.password')}
                autoComplete="current-password"
                required
                {...form.getInputProps('password')}
              />
              <Button type="submit" loading={busy} fullWidth>
                {t('signIn.submit')}
              </Button>
            </Stack>
          </form>
        </Stack>
      </Paper>
    </Center>
  );
}
