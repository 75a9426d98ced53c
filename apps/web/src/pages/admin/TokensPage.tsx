import { Button, Code, Modal, NativeSelect, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { QueryState, RequestError } from '../../components/QueryState';
import { formatTimestamp } from '../../format/dates';
import { RoleGate } from '../audit/RoleGate';
import { ScrollTable, Tag } from '../audit/ui';
import { adminCommands, adminQueries, type Role, type TokenView } from './api';
import { ConfirmStep, DialogButtons, SecretStep, useChanged, useRoleLabel, useRoleOptions } from './dialogs';
import { useAdminText } from './messages';
import { notifyDone } from './notify';

type Dialog = { kind: 'create' } | { kind: 'secret'; token: TokenView & { token: string } } | { kind: 'revoke'; token: TokenView };

function CreateToken({ onClose, onCreated }: { onClose: () => void; onCreated: (token: TokenView & { token: string }) => void }) {
  const { t } = useAdminText();
  const changed = useChanged('tokens');
  const roleOptions = useRoleOptions();
  const form = useForm({
    initialValues: { name: '', role: 'viewer' as Role },
    validate: { name: (v) => (v.trim() ? null : t('required')) },
  });
  const create = useMutation({
    mutationFn: (values: typeof form.values) => adminCommands.createToken({ name: values.name.trim(), role: values.role }),
    onSuccess: async (token) => {
      await changed();
      if (token.token) onCreated({ ...token, token: token.token });
      else onClose();
    },
  });
  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
      <Stack>
        <RequestError request={create} />
        <TextInput label={t('tokens.name')} description={t('tokens.nameHint')} required maxLength={100} data-autofocus {...form.getInputProps('name')} />
        <NativeSelect label={t('role')} data={roleOptions} {...form.getInputProps('role')} />
        <DialogButtons onCancel={onClose}>
          <Button type="submit" loading={create.isPending}>
            {t('tokens.createSubmit')}
          </Button>
        </DialogButtons>
      </Stack>
    </form>
  );
}

function RevokeToken({ token, onClose }: { token: TokenView; onClose: () => void }) {
  const { t } = useAdminText();
  const changed = useChanged('tokens');
  const revoke = useMutation({
    mutationFn: () => adminCommands.revokeToken(token.id),
    onSuccess: async () => {
      notifyDone(t('tokens.revokedDone', { name: token.name }));
      await changed();
      onClose();
    },
  });
  return (
    <ConfirmStep
      request={revoke}
      text={t('tokens.revokeText')}
      action={t('tokens.revoke')}
      color="red"
      onConfirm={() => revoke.mutate()}
      onCancel={onClose}
    />
  );
}

function TokensTable({ tokens, showRevoked, open }: { tokens: TokenView[]; showRevoked: boolean; open: (d: Dialog) => void }) {
  const { t, lang } = useAdminText();
  const roleLabel = useRoleLabel();
  const shown = tokens.filter((k) => showRevoked || !k.revokedAt).sort((a, b) => a.name.localeCompare(b.name));
  if (shown.length === 0) return <Text c="dimmed">{t('tokens.none')}</Text>;
  return (
    <ScrollTable minWidth={820} label={t('tokens.title')}>
      <Table striped highlightOnHover withTableBorder verticalSpacing={6} data-table="tokens">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('tokens.name')}</Table.Th>
            <Table.Th scope="col">{t('role')}</Table.Th>
            <Table.Th scope="col">{t('tokens.status')}</Table.Th>
            <Table.Th scope="col">{t('tokens.id')}</Table.Th>
            <Table.Th scope="col">{t('actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((k) => (
            <Table.Tr key={k.id} data-token={k.name} data-revoked={Boolean(k.revokedAt)}>
              <Table.Th scope="row" fw={600}>
                {k.name}
              </Table.Th>
              <Table.Td>{roleLabel(k.role)}</Table.Td>
              <Table.Td>
                {k.revokedAt ? (
                  <Tag color="red">{t('tokens.revoked', { date: formatTimestamp(k.revokedAt, lang) })}</Tag>
                ) : (
                  <Tag color="teal">{t('tokens.active')}</Tag>
                )}
              </Table.Td>
              <Table.Td>
                <Code fz="xs">{k.id}</Code>
              </Table.Td>
              <Table.Td>
                {k.revokedAt ? null : (
                  <Button
                    variant="default"
                    color="red"
                    size="compact-sm"
                    onClick={() => open({ kind: 'revoke', token: k })}
                    aria-label={`${t('tokens.revoke')}: ${k.name}`}
                  >
                    {t('tokens.revoke')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function Tokens() {
  const { t } = useAdminText();
  const tokens = useQuery(adminQueries.tokens());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [showRevoked, setShowRevoked] = useState(false);
  const close = (): void => setDialog(null);
  const title =
    dialog === null
      ? ''
      : dialog.kind === 'create'
        ? t('tokens.createTitle')
        : dialog.kind === 'secret'
          ? t('tokens.secretTitle', { name: dialog.token.name })
          : t('tokens.revokeTitle', { name: dialog.token.name });

  return (
    <Stack gap="lg">
      <PageHeader title={t('tokens.title')} subtitle={t('tokens.intro')}>
        <Button onClick={() => setDialog({ kind: 'create' })}>{t('tokens.create')}</Button>
      </PageHeader>
      <Switch label={t('tokens.showRevoked')} checked={showRevoked} onChange={(e) => setShowRevoked(e.currentTarget.checked)} />
      <QueryState query={tokens}>{(list) => <TokensTable tokens={list} showRevoked={showRevoked} open={setDialog} />}</QueryState>
      <Modal
        opened={dialog !== null}
        onClose={close}
        title={title}
        size="lg"
        centered
        closeButtonProps={{ 'aria-label': t('closeDialog') }}
        // The secret is lost if the dialog closes by a stray click: only its button closes it.
        closeOnClickOutside={dialog?.kind !== 'secret'}
      >
        {dialog?.kind === 'create' ? <CreateToken onClose={close} onCreated={(token) => setDialog({ kind: 'secret', token })} /> : null}
        {dialog?.kind === 'revoke' ? <RevokeToken token={dialog.token} onClose={close} /> : null}
        {dialog?.kind === 'secret' ? (
          <SecretStep label={t('tokens.secretLabel')} value={dialog.token.token} note={t('tokens.secretNote')} onClose={close} />
        ) : null}
      </Modal>
    </Stack>
  );
}

export default function TokensPage() {
  const { t } = useAdminText();
  return (
    <RoleGate roles={['admin']} title={t('tokens.title')} message={t('noAccess')}>
      <Tokens />
    </RoleGate>
  );
}
