import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig, createValidationPipe, DEFAULT_UPLOAD_TIMEOUT_MS, validationError } from '@app/common';
import { bankAccountCode } from '../http/params';
import { receiveUpload } from '../http/receive-upload';
import { CheckedStatementFile, MAX_STATEMENT_BYTES, StatementImportService } from './statement-import.service';
import { ImportStatementDto } from './statements.dto';

/** Uploads land here (streamed to disk, never held in memory) and are removed once imported. */
const UPLOAD_DIR = join(tmpdir(), 'ledger-statement-uploads');

/** A statement upload received and read whole, waiting for its import. */
export interface CheckedUpload {
  path: string;
  originalName: string;
  fields: ImportStatementDto;
  checked: CheckedStatementFile;
  /** Removes the file and the lines staged from it; its taker calls it once done. */
  discard(): Promise<void>;
}

const CHECKED_UPLOAD = Symbol('checked statement upload');
/** Hands the upload over to its import, once. */
type WithUpload = Request & { [CHECKED_UPLOAD]?: () => CheckedUpload };

/**
 * A statement upload is received and read whole — its size, its form fields, its bank account and
 * every line of the file — before the request takes a database connection: the request's
 * transaction is opened by an interceptor, and guards run before interceptors. A client that
 * trickles its body, or sends a file that takes long to read, then holds a socket, never a
 * connection of the pool.
 */
@Injectable()
export class StatementUploadGuard implements CanActivate {
  private readonly validation = createValidationPipe();
  private readonly timeoutMs: number;

  constructor(
    private readonly imports: StatementImportService,
    // Absent where no HTTP server runs (the CLI loads the same module).
    @Optional() @Inject(APP_CONFIG) config?: AppConfig,
  ) {
    this.timeoutMs = config?.uploadTimeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<WithUpload>();
    const response = http.getResponse<Response>();
    const upload = await receiveUpload(request, response, {
      field: 'file',
      directory: UPLOAD_DIR,
      maxBytes: MAX_STATEMENT_BYTES,
      timeoutMs: this.timeoutMs,
    });
    let handedOver = false;
    try {
      if (!upload.file) throw validationError('file', 'attach the statement file in the multipart field "file"');
      const fields = (await this.validation.transform(upload.fields ?? {}, {
        type: 'body',
        metatype: ImportStatementDto,
      })) as ImportStatementDto;
      const code = bankAccountCode.transform(String(request.params.code));
      const checked = await this.imports.checkStatementFile(code, upload.file.path, fields.format, {
        columns: fields.columns,
        dateFormat: fields.dateFormat,
        openingBalance: fields.openingBalance,
        closingBalance: fields.closingBalance,
        statementRef: fields.statementId,
      });
      const checkedUpload: CheckedUpload = {
        path: upload.file.path,
        originalName: upload.file.originalName,
        fields,
        checked,
        discard: async () => {
          await Promise.all([upload.discard(), this.imports.discardChecked(checked)]);
        },
      };
      request[CHECKED_UPLOAD] = () => {
        handedOver = true;
        return checkedUpload;
      };
      // Refused after this guard (a bad Idempotency-Key...), the import never takes the file: the
      // answer's end removes it then.
      response.once('close', () => {
        if (!handedOver) void checkedUpload.discard();
      });
      return true;
    } catch (error) {
      await upload.discard();
      throw error;
    }
  }
}

/** Takes the upload StatementUploadGuard checked for this request: from here on the caller removes it. */
export function takeCheckedUpload(request: Request): CheckedUpload {
  const handOver = (request as WithUpload)[CHECKED_UPLOAD];
  if (!handOver) throw new Error('StatementUploadGuard did not run for this route');
  return handOver();
}
