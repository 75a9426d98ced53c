import { createHash, Hash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

/** Passes bytes through unchanged while hashing and counting them. */
export class HashingStream extends Transform {
  private readonly hash: Hash = createHash('sha256');
  private byteCount = 0;
  private hex: string | undefined;

  override _transform(chunk: Buffer | string, encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    this.hash.update(bytes);
    this.byteCount += bytes.length;
    callback(null, bytes);
  }

  override _flush(callback: TransformCallback): void {
    this.hex = this.hash.digest('hex');
    callback();
  }

  /** The sha256 of every byte that went through; only once the stream has ended. */
  sha256(): string {
    if (this.hex === undefined) throw new Error('sha256() read before the stream ended');
    return this.hex;
  }

  bytes(): number {
    return this.byteCount;
  }
}
