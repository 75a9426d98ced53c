import { readZipEntry, ZipError } from './zip';

/** libs/statements/src/audit-package/audit-package.manifest.ts ManifestFile */
export interface ManifestFile {
  name: string;
  kind: string;
  sha256: string;
  rows: number | null;
  bytes: number;
}

/** libs/statements/src/audit-package/audit-package.manifest.ts AuditPackageManifest */
export interface AuditPackageManifest {
  format: string;
  fiscalYear: number;
  baseCurrency: string;
  startsOn: string;
  endsOn: string;
  yearStatus: 'open' | 'closed';
  generatedAt: string;
  chainHead: string;
  firstSequence: number;
  lastSequence: number;
  prevHashBeforeYear: string;
  entriesInYear: number;
  textFields?: string;
  files: ManifestFile[];
}

export const MANIFEST_NAME = 'manifest.json';

const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const HASH = /^[0-9a-f]{64}$/;

function isFile(v: unknown): v is ManifestFile {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  return isString(f.name) && isString(f.kind) && isString(f.sha256) && HASH.test(f.sha256) && (f.rows === null || isCount(f.rows)) && isCount(f.bytes);
}

/** The manifest as the package states it, or a ZipError naming what is missing. */
export function parseManifest(text: string): AuditPackageManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ZipError(`${MANIFEST_NAME} is not JSON`);
  }
  if (typeof value !== 'object' || value === null) throw new ZipError(`${MANIFEST_NAME} is not an object`);
  const m = value as Record<string, unknown>;
  const wrong = (
    [
      ['format', isString(m.format)],
      ['fiscalYear', isCount(m.fiscalYear)],
      ['baseCurrency', isString(m.baseCurrency)],
      ['startsOn', isString(m.startsOn)],
      ['endsOn', isString(m.endsOn)],
      ['yearStatus', m.yearStatus === 'open' || m.yearStatus === 'closed'],
      ['generatedAt', isString(m.generatedAt)],
      ['chainHead', isString(m.chainHead)],
      ['firstSequence', isCount(m.firstSequence)],
      ['lastSequence', isCount(m.lastSequence)],
      ['prevHashBeforeYear', isString(m.prevHashBeforeYear)],
      ['entriesInYear', isCount(m.entriesInYear)],
      ['textFields', m.textFields === undefined || isString(m.textFields)],
      ['files', Array.isArray(m.files) && m.files.every(isFile)],
    ] as const
  )
    .filter(([, ok]) => !ok)
    .map(([field]) => field);
  if (wrong.length > 0) throw new ZipError(`${MANIFEST_NAME}: unexpected ${wrong.join(', ')}`);
  return value as AuditPackageManifest;
}

/** The manifest of an audit package held in a Blob. */
export async function readManifest(zip: Blob): Promise<AuditPackageManifest> {
  const bytes = await readZipEntry(zip, MANIFEST_NAME, 4 * 1024 * 1024);
  return parseManifest(new TextDecoder().decode(bytes));
}
