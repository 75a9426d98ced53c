import fc from 'fast-check';
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import { DomainError, ErrorCode } from '@app/common';
import { ParsedStatement, parseCamt053, parseCamt053Stream } from './index';
import { XML_LIMITS } from './xml-tree';

const NS = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02';
const MULTIPAGE = readFileSync(path.join(__dirname, 'fixtures', 'camt053.v2.multipage.usd.xml'));
const SAMPLES = path.resolve(__dirname, '..', '..', '..', '..', '..', 'shared', 'fixtures', 'camt053');
const samples = ((): string[] => {
  try {
    return readdirSync(SAMPLES).filter((name) => name.endsWith('.xml'));
  } catch {
    return [];
  }
})();

/** One statement of one entry, `head` before the root, `inside` right after its start tag. */
function camt({ head = '', inside = '', description = 'plain' } = {}): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>${head}<Document xmlns="${NS}">${inside}<BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr>` +
    `<Stmt><Id>S1</Id><Ntry><Amt Ccy="USD">3.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>` +
    `<BookgDt><Dt>2024-06-03</Dt></BookgDt><AddtlNtryInf>${description}</AddtlNtryInf></Ntry></Stmt></BkToCstmrStmt></Document>`
  );
}

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.StatementMalformed);
    return error as DomainError;
  }
  throw new Error('expected StatementMalformed, nothing was thrown');
}

async function streamRefusal(run: () => Promise<unknown>): Promise<DomainError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.StatementMalformed);
    return error as DomainError;
  }
  throw new Error('expected StatementMalformed, nothing was thrown');
}

/** The bytes in pieces of `size` (the last one shorter). */
function* piecesOf(bytes: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const facts = (statements: ParsedStatement[]) =>
  statements.map((s) => ({
    ...s,
    openingBalance: s.openingBalance?.toFixed(),
    closingBalance: s.closingBalance?.toFixed(),
    lines: s.lines.map((l) => ({ ...l, amount: l.amount.toFixed() })),
  }));

describe('camt.053: DOCTYPE and ENTITY declarations are refused wherever they stand', () => {
  const declared = '<!DOCTYPE d [<!ENTITY e "EXPANDED">]>';
  it.each([
    ['before the root', { head: declared, description: '&e;' }],
    ['after the root start tag', { inside: declared, description: '&e;' }],
    ['a SYSTEM entity', { inside: '<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/hostname">]>', description: '&e;' }],
    ['a parameter entity', { head: '<!DOCTYPE d [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>' }],
    ['in lower case', { head: '<!doctype d [<!entity e "EXPANDED">]>', description: '&e;' }],
    ['with tabs and new lines', { head: '<!DOCTYPE\n\td\t[\n<!ENTITY\te\t"EXPANDED"\t>\n]\n>', description: '&e;' }],
    ['with a space after <!', { head: '<! DOCTYPE d>' }],
    ['an ENTITY declaration alone', { inside: '<!ENTITY e "EXPANDED">', description: '&e;' }],
    ['an ELEMENT declaration alone', { inside: '<!ELEMENT d ANY>' }],
    ['after a comment', { head: `<!-- bank export -->${declared}`, description: '&e;' }],
    ['behind a comment-looking <!-->', { head: `<!-->${declared}<!-- -->`, description: '&e;' }],
    ['inside a comment', { inside: `<!-- ${declared} -->` }],
    ['inside a CDATA section', { description: `<![CDATA[${declared}]]>` }],
  ])('%s', (_where, parts) => {
    const error = refusal(() => parseCamt053(camt(parts)));
    expect(error.message).toMatch(/^Document: DOCTYPE declarations are not accepted in a camt\.053 file, nor ENTITY/);
    expect(error.errors?.[0].field).toBe('Document');
  });

  it('a declaration cut in two by the chunks of a stream', async () => {
    const text = camt({ inside: declared });
    const at = text.indexOf('<!DOC') + 3;
    const error = await streamRefusal(() =>
      parseCamt053Stream([Buffer.from(text.slice(0, at)), Buffer.from(text.slice(at))]),
    );
    expect(error.message).toMatch(/DOCTYPE declarations are not accepted/);
  });
});

describe('camt.053: no entity is ever expanded', () => {
  it.each([
    ['an HTML entity', 'caf&eacute;'],
    ['&nbsp;', 'a&nbsp;b'],
    ['an undeclared entity', '&custom;'],
  ])('%s is refused', (_what, description) => {
    const error = refusal(() => parseCamt053(camt({ description })));
    expect(error.message).toMatch(/not well-formed XML: an entity other than &lt; &gt; &amp; &quot; &apos;/);
  });

  it("XML's own five entities and character references are read", () => {
    const [statement] = parseCamt053(
      camt({ description: 'Caf&#233; &amp; th&#xE9; &lt;ok&gt; &quot;q&quot; &apos;a&apos;' }),
    );
    expect(statement.lines[0].description).toBe(`Café & thé <ok> "q" 'a'`);
  });
});

describe('camt.053: limits on the shape of the XML', () => {
  it.each([
    [
      'attributes on the root',
      `<Document xmlns="${NS}" ${Array.from({ length: 33 }, (_, i) => `a${i}="x"`).join(' ')}><BkToCstmrStmt/></Document>`,
      /has more than 32 attributes/,
    ],
    [
      'attributes on an inner element',
      camt({ description: `<x ${Array.from({ length: 33 }, (_, i) => `a${i}="x"`).join(' ')}/>` }),
      /has more than 32 attributes/,
    ],
    [
      'nesting',
      `<Document xmlns="${NS}">${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</Document>`,
      /nested more than 64 deep/,
    ],
  ])('%s past the limit is refused where it happens', (_what, xml, message) => {
    const error = refusal(() => parseCamt053(xml));
    expect(error.message).toMatch(/^line 1, column \d+: /);
    expect(error.message).toMatch(message);
  });

  it('the limits are what the messages say', () => {
    expect(XML_LIMITS).toMatchObject({ maxDepth: 64, maxAttributesPerElement: 32 });
  });

  it('32 attributes and 64 levels are still read', () => {
    const attributes = Array.from({ length: 30 }, (_, i) => `a${i}="x"`).join(' ');
    const nested = `${'<x>'.repeat(64 - 6)}${'</x>'.repeat(64 - 6)}`;
    const xml = camt({ description: 'ok' })
      .replace(`<Document xmlns="${NS}">`, `<Document xmlns="${NS}" xmlns:xsi="urn:x" ${attributes}>`)
      .replace(
        '<AddtlNtryInf>ok</AddtlNtryInf>',
        `<AddtlNtryInf>ok</AddtlNtryInf><NtryDtls><TxDtls>${nested}</TxDtls></NtryDtls>`,
      );
    expect(parseCamt053(xml)[0].lines).toHaveLength(1);
  });

  it('a smaller element budget is enforced', () => {
    expect(refusal(() => parseCamt053(MULTIPAGE, { maxElements: 50 })).message).toMatch(/more than 50 elements/);
  });

  it('reading is bounded in time', async () => {
    const big = Buffer.from(
      camt({ description: 'x'.repeat(10) }).replace(
        '<Stmt>',
        `<Stmt>${'<Ntry><Sts>INFO</Sts><Amt Ccy="USD">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>'.repeat(20_000)}`,
      ),
    );
    const error = await streamRefusal(() => parseCamt053Stream(piecesOf(big, 64 * 1024), { maxParseMs: 1 }));
    expect(error.message).toMatch(/^Document: reading the file took longer than 0\.001 s/);
  });
});

describe('camt.053: whatever the bytes, the answer is statements or StatementMalformed', () => {
  const text = MULTIPAGE.toString('utf8');
  const markup = fc.constantFrom(
    '<',
    '>',
    '</',
    '/>',
    '<!',
    '<!--',
    '-->',
    '<![CDATA[',
    ']]>',
    '&',
    '&#',
    ';',
    '"',
    "'",
    '=',
    '<?',
    '?>',
    'Ntry',
    '\u0000',
    '\uFFFE',
    '&#0;',
    '&#x110000;',
  );

  it('for the fixture with a piece cut out, repeated or replaced by markup', () => {
    fc.assert(
      fc.property(fc.nat(text.length), fc.nat(200), fc.array(markup, { maxLength: 4 }), (at, length, inserted) => {
        const mutated = text.slice(0, at) + inserted.join('') + text.slice(Math.min(text.length, at + length));
        try {
          parseCamt053(mutated);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe(ErrorCode.StatementMalformed);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('for random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        try {
          parseCamt053(Buffer.from(bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('camt.053 read as a stream', () => {
  const whole = facts(parseCamt053(MULTIPAGE));

  it.each([1, 7, 199, 200, 4096])('in pieces of %i bytes gives what the whole file gives', async (size) => {
    expect(facts(await parseCamt053Stream(piecesOf(MULTIPAGE, size)))).toEqual(whole);
  });

  it('an ISO-8859-1 file whose declaration is cut between two pieces', async () => {
    const latin = Buffer.from(
      camt({ description: 'Cotisation réglée' }).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'),
      'latin1',
    );
    const [statement] = await parseCamt053Stream(piecesOf(latin, 30));
    expect(statement.lines[0].description).toBe('Cotisation réglée');
  });

  it('a character cut between two pieces', async () => {
    const bytes = Buffer.from(camt({ description: 'réglée' }));
    const at = bytes.indexOf(Buffer.from('é')) + 1;
    const [statement] = await parseCamt053Stream([bytes.subarray(0, at), bytes.subarray(at)]);
    expect(statement.lines[0].description).toBe('réglée');
  });

  it('an empty stream is an empty file', async () => {
    expect((await streamRefusal(() => parseCamt053Stream([]))).message).toBe('Document: the file is empty');
  });

  const describeSamples = samples.length > 0 ? describe : describe.skip;
  describeSamples('third-party samples, read in place', () => {
    it.each(samples)('%s: the same statements whole and streamed', async (name) => {
      const bytes = readFileSync(path.join(SAMPLES, name));
      expect(facts(await parseCamt053Stream(piecesOf(bytes, 512)))).toEqual(facts(parseCamt053(bytes)));
    });
  });
});
