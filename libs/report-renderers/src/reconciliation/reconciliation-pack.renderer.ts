import type { ReconciliationPack, ReconciliationPackLang, ReconciliationPackRenderer } from '@app/reconciliation';
import type { RenderedReport } from '@app/common';
import { render } from '../shared/kit';
import { reconciliationPackDocument } from './reconciliation-pack.document';

/** The formats of the reconciliation pack: one PDF and one XLSX. */
export const PACK_FILE_FORMATS = ['pdf', 'xlsx'] as const;

/** One format of the TS reconciliation pack (the reconciliation lib's hook takes one renderer per format). */
export class ReconciliationPackFileRenderer implements ReconciliationPackRenderer {
  constructor(readonly format: (typeof PACK_FILE_FORMATS)[number]) {}

  async render(pack: ReconciliationPack, lang: ReconciliationPackLang): Promise<RenderedReport> {
    const file = await render(reconciliationPackDocument(pack, lang), this.format, 'reconciliation', {
      cover: true,
      toc: true,
      landscape: true,
    });
    return { contentType: file.contentType, fileName: file.fileName, body: file.body };
  }
}
