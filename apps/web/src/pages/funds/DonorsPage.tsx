import { Anchor, Button, Card, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { SECRETARIAT } from '../../app/pages';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ProblemAlert, useSubmission } from '../../forms';
import { RoleGate } from '../audit/RoleGate';
import { fundsQueries, grantCommands } from './api';
import { useGrantsText } from './grant-messages';
import { notifyDone } from './ui';

export const CODE = /^[A-Za-z0-9._-]{1,30}$/;

function NewDonor() {
  const { t } = useGrantsText();
  const queryClient = useQueryClient();
  const members = useQuery(fundsQueries.members());
  const form = useForm({
    initialValues: { code: '', name: '', member: '' },
    validate: {
      code: (v) => (CODE.test(v.trim()) ? null : t('codeWrong')),
      name: (v) => (v.trim() ? null : t('required')),
    },
  });
  const submission = useSubmission(
    (v: typeof form.values) => grantCommands.createDonor({ code: v.code.trim(), name: v.name.trim(), ...(v.member ? { member: v.member } : {}) }),
    {
      onSuccess: async (donor) => {
        notifyDone(t('donorAdded', { code: donor.code }));
        form.reset();
        await queryClient.invalidateQueries({ queryKey: ['donors'] });
      },
    },
  );
  const labels = { code: t('donorCode'), name: t('donorName'), member: t('donorMember') };
  return (
    <Card withBorder radius="md" padding="lg" maw={720} component="section" aria-labelledby="new-donor">
      <Title order={2} size="h4" id="new-donor" mb="sm">
        {t('addDonor')}
      </Title>
      <form onSubmit={form.onSubmit((v) => submission.submit(v))} noValidate>
        <Stack>
          <TextInput label={labels.code} description={t('donorCodeHint')} required maxLength={30} {...form.getInputProps('code')} />
          <TextInput label={labels.name} required maxLength={200} {...form.getInputProps('name')} />
          <NativeSelect
            label={labels.member}
            data={[{ value: '', label: t('noMember') }, ...(members.data ?? []).map((m) => ({ value: m.code, label: `${m.code} — ${m.name}` }))]}
            {...form.getInputProps('member')}
          />
          <ProblemAlert problem={submission.problem} fieldLabels={labels} />
          <Group>
            <Button type="submit" loading={submission.pending}>
              {t('addDonor')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function DonorList() {
  const { t } = useGrantsText();
  const donors = useQuery(fundsQueries.donors());
  return (
    <QueryState query={donors}>
      {(list) =>
        list.length === 0 ? (
          <Text c="dimmed">{t('noDonors')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table withTableBorder striped verticalSpacing={6} data-table="donors">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('donorCode')}</Table.Th>
                  <Table.Th scope="col">{t('donorName')}</Table.Th>
                  <Table.Th scope="col">{t('donorMember')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((d) => (
                  <Table.Tr key={d.code} data-donor={d.code}>
                    <Table.Th scope="row">{d.code}</Table.Th>
                    <Table.Td>{d.name}</Table.Td>
                    <Table.Td>{d.member ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      }
    </QueryState>
  );
}

/** The donors of grants, and a new one. */
export default function DonorsPage() {
  const { t } = useGrantsText();
  return (
    <RoleGate roles={SECRETARIAT} title={t('donorsTitle')} message={t('notAllowed')}>
      <PageHeader title={t('donorsTitle')}>
        <Anchor component={Link} to="/donaciones">
          {t('back')}
        </Anchor>
      </PageHeader>
      <Stack gap="xl">
        <NewDonor />
        <DonorList />
      </Stack>
    </RoleGate>
  );
}
