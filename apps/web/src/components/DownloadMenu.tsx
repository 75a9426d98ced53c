import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveDownload, type BlobAnswer } from '../api/download';
import type { Lang } from '../i18n/languages';
import { errorDetail } from './QueryState';

export type FileFormat = 'pdf' | 'xlsx' | 'csv';

const FORMAT_LABEL: Record<FileFormat, string> = { pdf: 'PDF', xlsx: 'Excel (XLSX)', csv: 'CSV' };

/**
 * Report files from the API's own routes, in Spanish or English whatever the console's language:
 * a delegate may need the other language's copy for a meeting.
 */
export function DownloadMenu<F extends FileFormat>({
  formats,
  fetchFile,
  baseName,
}: {
  formats: F[];
  fetchFile: (format: F, lang: Lang) => Promise<BlobAnswer>;
  baseName: string;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);

  const download = async (format: F, lang: Lang): Promise<void> => {
    setBusy(true);
    try {
      const name = await saveDownload(fetchFile(format, lang), `${baseName}-${lang}.${format}`);
      notifications.show({ message: t('common.downloaded', { name }), color: 'teal', closeButtonProps: { 'aria-label': t('common.close') } });
    } catch (error) {
      notifications.show({
        message: t('common.error', { detail: errorDetail(error) }),
        color: 'red',
        closeButtonProps: { 'aria-label': t('common.close') },
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" loading={busy}>
          {t('common.download')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {formats.map((format) =>
          (['es', 'en'] as const).map((lang) => (
            <Menu.Item key={`${format}-${lang}`} onClick={() => void download(format, lang)}>
              {`${FORMAT_LABEL[format]} — ${t(lang === 'es' ? 'common.spanish' : 'common.english')}`}
            </Menu.Item>
          )),
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
