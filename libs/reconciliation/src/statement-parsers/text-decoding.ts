import * as iconv from 'iconv-lite';
import { TextDecoder } from 'node:util';
import type { CsvEncoding } from './csv-profile';

/** Turns bytes cut anywhere (even inside a character) into text, chunk by chunk. */
export interface ChunkDecoder {
  write(bytes: Buffer): string;
  end(): string;
}

/**
 * A decoder for a bank file's encoding. UTF-8 is decoded leniently (an invalid byte becomes
 * U+FFFD, which the CSV tokenizer refuses naming its line) and loses its BOM. Windows-1252 and
 * ISO-8859-1 go through iconv-lite: Node 20's TextDecoder reads 'windows-1252' as Latin-1 when
 * given a whole buffer (€, — and the curly quotes of 0x80–0x9F come out as control characters).
 * Files said to be ISO-8859-1 are read as Windows-1252, as browsers do: the C1 control characters
 * that alone tell them apart never occur in a bank's text, the Windows characters do.
 */
export function chunkDecoder(encoding: CsvEncoding): ChunkDecoder {
  if (encoding === 'utf-8') {
    const decoder = new TextDecoder('utf-8');
    return {
      write: (bytes) => decoder.decode(bytes, { stream: true }),
      end: () => decoder.decode(),
    };
  }
  const decoder = iconv.getDecoder('windows-1252');
  return {
    write: (bytes) => decoder.write(bytes),
    end: () => decoder.end() ?? '',
  };
}

/** One piece of text in Windows-1252 (an MT940 line that is not valid UTF-8). */
export function decodeWindows1252(bytes: Buffer): string {
  return iconv.decode(bytes, 'windows-1252');
}
