import { Alert, Stack } from '@mantine/core';
import type { Role } from '../../app/pages';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';

/**
 * A page for some roles only. The navigation already hides it from the others and the API refuses
 * them anyway (403); someone who follows a link sees the page's title and why there is nothing here.
 */
export function RoleGate({
  roles,
  title,
  message,
  children,
}: {
  roles: readonly Role[];
  title: string;
  message: string;
  children: React.ReactNode;
}) {
  const { user } = useSession();
  if (!user || !roles.includes(user.role)) {
    return (
      <Stack>
        <PageHeader title={title} />
        <Alert color="yellow" role="alert" data-no-access>
          {message}
        </Alert>
      </Stack>
    );
  }
  return children;
}
