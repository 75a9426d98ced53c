import { createHash, Hash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

/**
 * Passes bytes through unchanged while hashing them: a file streamed into the zip is hashed on
 * the way, so its checksum is known when it ends without the file ever being held in memory.
 */
export class HashingPassThrough extends Transform {
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
