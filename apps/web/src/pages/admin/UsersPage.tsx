import { Button, Group, Menu, Modal, NativeSelect, PasswordInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryState, RequestError } from '../../components/QueryState';
import { formatTimestamp } from '../../format/dates';
import { RoleGate } from '../audit/RoleGate';
import { ScrollTable, Tag } from '../audit/ui';
import { adminCommands, adminQueries, generatePassword, PASSWORD_MIN_LENGTH, USERNAME, type Role, type UserView } from './api';
import { ConfirmStep, DialogButtons, SecretStep, useChanged, useRoleLabel, useRoleOptions } from './dialogs';
import { useAdminText } from './messages';
import { notifyDone } from './notify';

type Dialog =
  | { kind: 'create' }
  | { kind: 'role'; user: UserView }
  | { kind: 'disable'; user: UserView }
  | { kind: 'reset'; user: UserView }
  | { kind: 'password'; user: UserView; password: string };

function CreateUser({ onClose }: { onClose: () => void }) {
  const { t } = useAdminText();
  const roleOptions = useRoleOptions();
  const changed = useChanged('users');
  const [shown, setShown] = useState(false);
  const form = useForm({
    initialValues: { username: '', displayName: '', role: 'viewer' as Role, password: '' },
    validate: {
      username: (v) => (!v.trim() ? t('required') : USERNAME.test(v.trim()) ? null : t('users.usernameWrong')),
      displayName: (v) => (v.trim() ? null : t('required')),
      password: (v) => (v.length >= PASSWORD_MIN_LENGTH ? null : t('users.passwordShort', { min: PASSWORD_MIN_LENGTH })),
    },
  });
  const create = useMutation({
    mutationFn: (values: typeof form.values) =>
      adminCommands.createUser({ ...values, username: values.username.trim(), displayName: values.displayName.trim() }),
    onSuccess: async (user) => {
      notifyDone(t('users.created', { username: user.username }));
      await changed();
      onClose();
    },
  });
  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
      <Stack>
        <RequestError request={create} />
        <TextInput
          label={t('users.username')}
          description={t('users.usernameHint')}
          autoComplete="off"
          required
          data-autofocus
          {...form.getInputProps('username')}
        />
        <TextInput label={t('users.displayName')} required maxLength={100} {...form.getInputProps('displayName')} />
        <NativeSelect label={t('role')} data={roleOptions} {...form.getInputProps('role')} />
        <Group align="flex-end" gap="sm" wrap="nowrap">
          <PasswordInput
            label={t('users.password')}
            description={t('users.passwordHint', { min: PASSWORD_MIN_LENGTH })}
            autoComplete="new-password"
            required
            style={{ flex: 1 }}
            visible={shown}
            onVisibilityChange={setShown}
            {...form.getInputProps('password')}
          />
          <Button
            variant="default"
            onClick={() => {
              form.setFieldValue('password', generatePassword());
              setShown(true);
            }}
          >
            {t('users.generate')}
          </Button>
        </Group>
        <DialogButtons onCancel={onClose}>
          <Button type="submit" loading={create.isPending}>
            {t('users.createSubmit')}
          </Button>
        </DialogButtons>
      </Stack>
    </form>
  );
}

function ChangeRole({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { t } = useAdminText();
  const roleOptions = useRoleOptions();
  const changed = useChanged('users');
  const [role, setRole] = useState<Role>(user.role);
  const update = useMutation({
    mutationFn: () => adminCommands.updateUser(user.id, { role }),
    onSuccess: async (u) => {
      notifyDone(t('users.roleChanged', { username: u.username }));
      await changed();
      onClose();
    },
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate();
      }}
    >
      <Stack>
        <RequestError request={update} />
        <NativeSelect
          label={t('role')}
          value={role}
          onChange={(e) => setRole(e.currentTarget.value as Role)}
          data={roleOptions}
          data-autofocus
        />
        <Text size="sm" c="dimmed">
          {t('users.roleNote')}
        </Text>
        <DialogButtons onCancel={onClose}>
          <Button type="submit" loading={update.isPending} disabled={role === user.role}>
            {t('save')}
          </Button>
        </DialogButtons>
      </Stack>
    </form>
  );
}

function ToggleDisabled({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { t } = useAdminText();
  const changed = useChanged('users');
  const disable = !user.disabled;
  const update = useMutation({
    mutationFn: () => adminCommands.updateUser(user.id, { disabled: disable }),
    onSuccess: async (u) => {
      notifyDone(t(disable ? 'users.disabledDone' : 'users.enabledDone', { username: u.username }));
      await changed();
      onClose();
    },
  });
  return (
    <ConfirmStep
      request={update}
      text={t(disable ? 'users.disableText' : 'users.enableText', { name: user.displayName })}
      action={t(disable ? 'users.disable' : 'users.enable')}
      color={disable ? 'red' : undefined}
      onConfirm={() => update.mutate()}
      onCancel={onClose}
    />
  );
}

function ResetPassword({ user, onClose, onDone }: { user: UserView; onClose: () => void; onDone: (password: string) => void }) {
  const { t } = useAdminText();
  const changed = useChanged('users');
  const reset = useMutation({
    mutationFn: async () => {
      const password = generatePassword();
      await adminCommands.updateUser(user.id, { password });
      return password;
    },
    onSuccess: async (password) => {
      await changed();
      onDone(password);
    },
  });
  return (
    <ConfirmStep
      request={reset}
      text={t('users.resetText')}
      action={t('users.resetDo')}
      color="red"
      onConfirm={() => reset.mutate()}
      onCancel={onClose}
    />
  );
}

function UsersTable({ users, selfId, open }: { users: UserView[]; selfId?: string; open: (d: Dialog) => void }) {
  const { t, lang } = useAdminText();
  const roleLabel = useRoleLabel();
  if (users.length === 0) return <Text c="dimmed">{t('users.none')}</Text>;
  const sorted = [...users].sort((a, b) => a.username.localeCompare(b.username));
  return (
    <ScrollTable minWidth={820} label={t('users.title')}>
      <Table striped highlightOnHover withTableBorder verticalSpacing={6} data-table="users">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('users.username')}</Table.Th>
            <Table.Th scope="col">{t('users.displayName')}</Table.Th>
            <Table.Th scope="col">{t('role')}</Table.Th>
            <Table.Th scope="col">{t('users.status')}</Table.Th>
            <Table.Th scope="col">{t('users.createdAt')}</Table.Th>
            <Table.Th scope="col">{t('actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((u) => {
            const self = u.id === selfId;
            return (
              <Table.Tr key={u.id} data-user={u.username} data-disabled={u.disabled}>
                <Table.Th scope="row" fw={600}>
                  {u.username}{' '}
                  {self ? (
                    <Text span size="xs" c="dimmed">
                      {t('users.you')}
                    </Text>
                  ) : null}
                </Table.Th>
                <Table.Td>{u.displayName}</Table.Td>
                <Table.Td data-column="role">{roleLabel(u.role)}</Table.Td>
                <Table.Td data-column="status">
                  <Tag color={u.disabled ? 'red' : 'teal'}>{u.disabled ? t('users.disabled') : t('users.active')}</Tag>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTimestamp(u.createdAt, lang)}</Table.Td>
                <Table.Td>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <Button variant="default" size="compact-sm" aria-label={t('actionsFor', { name: u.username })}>
                        {t('actions')} ▾
                      </Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => open({ kind: 'role', user: u })} disabled={self}>
                        {t('users.changeRole')}
                      </Menu.Item>
                      <Menu.Item onClick={() => open({ kind: 'reset', user: u })}>{t('users.resetPassword')}</Menu.Item>
                      <Menu.Item onClick={() => open({ kind: 'disable', user: u })} disabled={self} color={u.disabled ? undefined : 'red'}>
                        {u.disabled ? t('users.enable') : t('users.disable')}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function Users() {
  const { t } = useAdminText();
  const { user } = useSession();
  const users = useQuery(adminQueries.users());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = (): void => setDialog(null);

  const title =
    dialog === null
      ? ''
      : dialog.kind === 'create'
        ? t('users.createTitle')
        : dialog.kind === 'role'
          ? t('users.changeRoleTitle', { name: dialog.user.displayName })
          : dialog.kind === 'disable'
            ? t(dialog.user.disabled ? 'users.enableTitle' : 'users.disableTitle', { name: dialog.user.displayName })
            : dialog.kind === 'reset'
              ? t('users.resetTitle', { name: dialog.user.displayName })
              : t('users.newPassword', { username: dialog.user.username });

  return (
    <Stack gap="lg">
      <PageHeader title={t('users.title')} subtitle={t('users.intro')}>
        <Button onClick={() => setDialog({ kind: 'create' })}>{t('users.create')}</Button>
      </PageHeader>
      <QueryState query={users}>{(list) => <UsersTable users={list} selfId={user?.id} open={setDialog} />}</QueryState>
      <Text size="xs" c="dimmed">
        {t('users.selfNote')}
      </Text>
      <Modal opened={dialog !== null} onClose={close} title={title} size="lg" centered closeButtonProps={{ 'aria-label': t('closeDialog') }}>
        {dialog?.kind === 'create' ? <CreateUser onClose={close} /> : null}
        {dialog?.kind === 'role' ? <ChangeRole user={dialog.user} onClose={close} /> : null}
        {dialog?.kind === 'disable' ? <ToggleDisabled user={dialog.user} onClose={close} /> : null}
        {dialog?.kind === 'reset' ? (
          <ResetPassword user={dialog.user} onClose={close} onDone={(password) => setDialog({ kind: 'password', user: dialog.user, password })} />
        ) : null}
        {dialog?.kind === 'password' ? (
          <SecretStep
            label={t('users.newPassword', { username: dialog.user.username })}
            value={dialog.password}
            note={t('users.newPasswordNote')}
            onClose={close}
          />
        ) : null}
      </Modal>
    </Stack>
  );
}

export default function UsersPage() {
  const { t } = useAdminText();
  return (
    <RoleGate roles={['admin']} title={t('users.title')} message={t('noAccess')}>
      <Users />
    </RoleGate>
  );
}
