import type { Request, Response } from 'express';
import multer, { MulterError } from 'multer';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError, ErrorCode, validationError } from '@app/common';

export interface UploadRules {
  /** The multipart field that carries the file. */
  field: string;
  /** Where the file is written (created 0700 when missing). */
  directory: string;
  maxBytes: number;
  /** The whole body must have arrived within this time, counted from when it starts being read. */
  timeoutMs: number;
}

export interface ReceivedUpload {
  /** The file as written to disk; absent when the request carried none. */
  file?: { path: string; originalName: string; bytes: number };
  /** The other form fields, as sent. */
  fields: unknown;
  /** Removes the written file; safe to call more than once. */
  discard(): Promise<void>;
}

/**
 * Receives a multipart upload onto disk (never into memory) and gives it a deadline: a body that
 * has not fully arrived in `timeoutMs` is answered 408 and its connection closed, so a client
 * trickling its body holds a socket for a bounded time, and nothing else.
 */
export function receiveUpload(request: Request, response: Response, rules: UploadRules): Promise<ReceivedUpload> {
  const written: string[] = [];
  const discard = async (): Promise<void> => {
    await Promise.all(written.map((path) => unlink(path).catch(() => undefined)));
  };
  const storage = multer.diskStorage({
    destination: (_request, _file, done) => {
      try {
        mkdirSync(rules.directory, { recursive: true, mode: 0o700 });
        done(null, rules.directory);
      } catch (error) {
        done(error as Error, rules.directory);
      }
    },
    filename: (_request, _file, done) => {
      const name = `${randomUUID()}.upload`;
      written.push(join(rules.directory, name));
      done(null, name);
    },
  });
  const readBody = multer({
    storage,
    limits: { fileSize: rules.maxBytes, files: 1, fields: 20, fieldSize: 1024, parts: 21 },
  }).single(rules.field);

  return new Promise<ReceivedUpload>((resolve, reject) => {
    let settled = false;
    const deadline = setTimeout(() => {
      settled = true;
      // The answer goes out and the connection closes behind it; multer, seeing the request end,
      // stops writing and removes what it wrote.
      response.setHeader('Connection', 'close');
      void discard();
      reject(
        new DomainError(
          ErrorCode.RequestTimeout,
          `the upload did not arrive within ${rules.timeoutMs / 1000} s; send the whole file at once`,
        ),
      );
    }, rules.timeoutMs);
    readBody(request, response, (error?: unknown) => {
      clearTimeout(deadline);
      if (settled) {
        void discard();
        return;
      }
      settled = true;
      if (error !== undefined && error !== null) {
        void discard();
        reject(uploadError(error, rules));
        return;
      }
      const file = request.file;
      resolve({
        file: file ? { path: file.path, originalName: file.originalname, bytes: file.size } : undefined,
        fields: request.body as unknown,
        discard,
      });
    });
  });
}

/** What the client sent wrong is a 4xx naming it; a failure to write the disk stays a server error. */
function uploadError(error: unknown, rules: UploadRules): Error {
  if (error instanceof MulterError) {
    if (error.code === 'LIMIT_FILE_SIZE') {
      return new DomainError(ErrorCode.PayloadTooLarge, `the file may be at most ${rules.maxBytes} bytes`);
    }
    return validationError(error.field ?? rules.field, error.message);
  }
  if (error instanceof Error && (error as { syscall?: unknown }).syscall !== undefined) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return validationError(rules.field, `the multipart body could not be read: ${reason}`);
}
