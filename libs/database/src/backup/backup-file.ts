import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as yauzl from 'yauzl';
import { BACKUP_MANIFEST_NAME, BackupManifest, manifestProblem } from './backup-manifest';
import { BackupError } from './backup-error';
import { HashingStream } from './hashing-stream';

/** The largest manifest read (a manifest lists tables and files: a few kilobytes). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * A backup file opened for reading: its zip directory read, its manifest parsed and checked. Any
 * file that is not a whole backup (cut short, damaged, something else) is refused with a
 * BackupError saying so.
 */
export class BackupFile {
  private constructor(
    readonly path: string,
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
    readonly manifest: BackupManifest,
  ) {}

  static async open(file: string): Promise<BackupFile> {
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT') throw new BackupError(`no such file: ${file}`);
      throw new BackupError(
        `${file} is not a whole backup file (${reason(error)}): it may have been cut short while being written or copied`,
      );
    }
    try {
      const entries = new Map<string, yauzl.Entry>();
      for await (const entry of zip.eachEntry()) {
        if (entries.has(entry.fileName)) throw new BackupError(`${file} is damaged: ${entry.fileName} appears twice`);
        entries.set(entry.fileName, entry);
      }
      const manifestEntry = entries.get(BACKUP_MANIFEST_NAME);
      if (!manifestEntry) throw new BackupError(`${file} is not a backup file: it has no ${BACKUP_MANIFEST_NAME}`);
      if (manifestEntry.uncompressedSize > MAX_MANIFEST_BYTES)
        throw new BackupError(`${file}: ${BACKUP_MANIFEST_NAME} is too large to be a manifest`);
      const chunks: Buffer[] = [];
      try {
        for await (const chunk of (await zip.openReadStreamPromise(manifestEntry)) as AsyncIterable<Buffer>)
          chunks.push(chunk);
      } catch (error) {
        throw new BackupError(`${file} is damaged: ${BACKUP_MANIFEST_NAME} cannot be read (${reason(error)})`);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        throw new BackupError(`${file} is damaged: ${BACKUP_MANIFEST_NAME} is not valid JSON`);
      }
      const problem = manifestProblem(parsed);
      if (problem) throw new BackupError(`${file}: ${BACKUP_MANIFEST_NAME} ${problem}`);
      const manifest = parsed as BackupManifest;
      for (const f of manifest.files) {
        if (!entries.has(f.name))
          throw new BackupError(`${file} is damaged: ${f.name}, listed in the manifest, is missing`);
      }
      return new BackupFile(file, zip, entries, manifest);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  /** The bytes of one file listed in the manifest, decompressed. */
  async stream(name: string): Promise<Readable> {
    const entry = this.entries.get(name);
    if (!entry) throw new BackupError(`${this.path} is damaged: ${name} is missing`);
    try {
      return await this.zip.openReadStreamPromise(entry);
    } catch (error) {
      throw new BackupError(`${this.path} is damaged: ${name} cannot be read (${reason(error)})`);
    }
  }

  /**
   * Reads every file the manifest lists to its end and checks its size and sha256, before the
   * database is touched: a damaged backup is refused as a whole.
   */
  async check(onFile?: (done: number, total: number) => void): Promise<void> {
    const files = this.manifest.files;
    for (const [i, f] of files.entries()) {
      onFile?.(i, files.length);
      const hasher = new HashingStream();
      try {
        await pipeline(await this.stream(f.name), hasher, new Writable({ write: (_chunk, _encoding, done) => done() }));
      } catch (error) {
        if (error instanceof BackupError) throw error;
        throw new BackupError(`${this.path} is damaged: ${f.name} cannot be read (${reason(error)})`);
      }
      this.assertIntact(f.name, hasher, f);
    }
    onFile?.(files.length, files.length);
  }

  /** Refuses a file whose bytes are not those the manifest describes. */
  assertIntact(name: string, hasher: HashingStream, expected: { sha256: string | null; bytes: number | null }): void {
    if (expected.bytes !== null && hasher.bytes() !== expected.bytes) {
      throw new BackupError(
        `${this.path} is damaged: ${name} holds ${hasher.bytes()} bytes, the manifest says ${expected.bytes}`,
      );
    }
    if (expected.sha256 !== null && hasher.sha256() !== expected.sha256) {
      throw new BackupError(`${this.path} is damaged: the checksum of ${name} is not the one in the manifest`);
    }
  }

  close(): void {
    this.zip.close();
  }
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));
