import { performance } from 'node:perf_hooks';
import { SaxesParser, SaxesTagPlain } from 'saxes';
import { DomainError } from '@app/common';
import { quoteValue, statementMalformed } from './statement-parse.util';

/**
 * Bounds on an XML file's shape, checked while it is read: a file past one is refused at that
 * point, never read whole. A bank statement is far inside all of them.
 */
export interface XmlLimits {
  /** Elements open at once (camt.053 nests about a dozen deep). */
  maxDepth: number;
  /** Attributes of one element, namespace declarations included. */
  maxAttributesPerElement: number;
  /** Elements in the whole file. */
  maxElements: number;
  /** Time spent reading the file, summed over its slices (not the waits between them). */
  maxParseMs: number;
}

export const XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxDepth: 64,
  maxAttributesPerElement: 32,
  maxElements: 2_000_000,
  maxParseMs: 20_000,
});

/** Text handed to the XML parser at once: the parse-time limit is checked between slices. */
const SLICE_CHARS = 64 * 1024;

/**
 * A declaration of a document type, an entity, an element, an attribute list or a notation —
 * in any case, with any spacing, wherever it stands (even inside a comment or a CDATA section, so
 * that no disagreement between two readers of the file can let one through).
 */
const DECLARATION = /<!\s*(doctype|entity|element|attlist|notation)/i;
/** Kept from the end of one pushed text to find a declaration cut in two by the chunking. */
const DECLARATION_OVERLAP_CHARS = 64;

export type XmlElement = Record<string, unknown>;

/** The root's start tag as written: its qualified name and attributes (namespace declarations included). */
export interface XmlRootTag {
  name: string;
  attributes: Readonly<Record<string, string>>;
}

export interface XmlTreeOptions {
  /** Element names (without prefix) read as arrays even when they occur once. */
  repeatable: ReadonlySet<string>;
  /** Called with the root's start tag before anything inside it is read: may refuse the file by throwing. */
  onRoot?: (root: XmlRootTag) => void;
  /**
   * Called as each element is complete, with the names of the elements still open around it
   * (root first; valid during the call only). Returning true means the caller has read the
   * element: it is left out of the tree, so a long run of items is read as it streams in and
   * never held whole.
   */
  onClose?: (name: string, value: unknown, ancestors: readonly string[]) => boolean;
  limits?: Partial<XmlLimits>;
  /** Names the kind of file in messages ("a camt.053 file"). */
  kind: string;
}

interface OpenElement {
  name: string;
  node: XmlElement;
  text: string;
  hasAttributes: boolean;
  hasChildren: boolean;
}

const localName = (qualified: string): string => {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
};

const isNamespaceDeclaration = (name: string): boolean => name === 'xmlns' || name.startsWith('xmlns:');

/**
 * Reads an XML document pushed as text (in pieces of any size) into a tree, in the shape the
 * statement readers walk: names without their namespace prefix; an element with neither
 * attributes nor child elements is its trimmed text; any other is an object of its children by
 * name (an array when the name repeats or is `repeatable`), its attributes as `@_name` and its
 * text as `#text`. Only the five entities of XML itself and character references are decoded: a
 * DTD is refused, so no entity is ever expanded, and the limits bound depth, attributes, elements
 * and time. Every problem is a StatementMalformed error.
 */
export class XmlTreeReader {
  private readonly parser = new SaxesParser({ xmlns: false, position: true });
  private readonly limits: XmlLimits;
  private readonly open: OpenElement[] = [];
  /** The names of `open`, kept alongside for onClose. */
  private readonly openNames: string[] = [];
  private root: XmlElement | undefined;
  private elements = 0;
  private attributesOfTag = 0;
  private parseMs = 0;
  private sawContent = false;
  /** Where the whitespace read before the first markup ends (to place an error at the first character). */
  private leading = { line: 1, column: 0 };
  private overlap = '';

  constructor(private readonly options: XmlTreeOptions) {
    this.limits = { ...XML_LIMITS, ...options.limits };
    this.parser.on('opentagstart', (tag) => this.startTag(tag.name));
    this.parser.on('attribute', () => this.countAttribute());
    this.parser.on('opentag', (tag) => this.openTag(tag));
    this.parser.on('closetag', () => this.closeTag());
    this.parser.on('text', (text) => this.addText(text));
    this.parser.on('cdata', (text) => this.addText(text));
    this.parser.on('doctype', () => this.refuseDeclaration('<!DOCTYPE'));
  }

  /** Reads the next piece of the document. */
  push(text: string): void {
    if (!this.sawContent) this.checkStart(text);
    for (let start = 0; start < text.length; start += SLICE_CHARS) {
      const slice = text.slice(start, start + SLICE_CHARS);
      const began = performance.now();
      this.checkDeclarations(slice);
      this.write(slice);
      this.parseMs += performance.now() - began;
      if (this.parseMs > this.limits.maxParseMs) {
        throw statementMalformed(
          'Document',
          `reading the file took longer than ${this.limits.maxParseMs / 1000} s; ${this.options.kind} is read far faster`,
        );
      }
    }
  }

  /** The document's tree, `{ [rootName]: root }`, once the whole text has been pushed. */
  end(): XmlElement {
    if (!this.sawContent) throw statementMalformed('Document', 'the file is empty');
    this.write(undefined);
    if (this.root === undefined) throw statementMalformed('Document', 'the file has no root element');
    return this.root;
  }

  /** A file that does not open with markup is told so where it starts (the parser would say it where the text ends). */
  private checkStart(text: string): void {
    const first = text.search(/\S/);
    const blank = first < 0 ? text : text.slice(0, first);
    const newlines = blank.split('\n').length - 1;
    this.leading = {
      line: this.leading.line + newlines,
      column: newlines > 0 ? blank.length - blank.lastIndexOf('\n') - 1 : this.leading.column + blank.length,
    };
    if (first < 0) return;
    this.sawContent = true;
    if (text[first] === '<') return;
    throw statementMalformed(
      `line ${this.leading.line}, column ${this.leading.column + 1}`,
      `the file is not well-formed XML: text before the root element (${quoteValue(text.slice(first, first + 20))})`,
      'Document',
    );
  }

  private write(slice: string | undefined): void {
    try {
      if (slice === undefined) this.parser.close();
      else this.parser.write(slice);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw this.notWellFormed(error);
    }
  }

  private notWellFormed(error: unknown): Error {
    const raw = error instanceof Error ? error.message : String(error);
    // saxes leads its messages with "line:column: ".
    const message = raw.replace(/^\d+:\d+:\s*/, '');
    const detail = /undefined entity/.test(message)
      ? `an entity other than &lt; &gt; &amp; &quot; &apos; or a character reference (&#233;): entities are never expanded`
      : message.replace(/\.$/, '');
    return statementMalformed(this.where(), `the file is not well-formed XML: ${detail}`, 'Document');
  }

  private where(): string {
    return `line ${this.parser.line}, column ${this.parser.column}`;
  }

  private checkDeclarations(slice: string): void {
    const scanned = this.overlap + slice;
    const found = DECLARATION.exec(scanned);
    if (found) this.refuseDeclaration(found[0]);
    this.overlap = scanned.slice(-DECLARATION_OVERLAP_CHARS);
  }

  private refuseDeclaration(found: string): never {
    throw statementMalformed(
      'Document',
      `DOCTYPE declarations are not accepted in ${this.options.kind}, nor ENTITY or any other DTD declaration, ` +
        `wherever it stands: found ${quoteValue(found.replace(/\s+/g, ' '))}`,
    );
  }

  private startTag(name: string): void {
    this.attributesOfTag = 0;
    if (this.open.length >= this.limits.maxDepth) {
      throw statementMalformed(
        this.where(),
        `elements are nested more than ${this.limits.maxDepth} deep (at ${quoteValue(name)}); ${this.options.kind} never is`,
        'Document',
      );
    }
    if (++this.elements > this.limits.maxElements) {
      throw statementMalformed(
        this.where(),
        `the file holds more than ${this.limits.maxElements} elements`,
        'Document',
      );
    }
  }

  private countAttribute(): void {
    if (++this.attributesOfTag > this.limits.maxAttributesPerElement) {
      throw statementMalformed(
        this.where(),
        `an element has more than ${this.limits.maxAttributesPerElement} attributes; ${this.options.kind} never does`,
        'Document',
      );
    }
  }

  private openTag(tag: SaxesTagPlain): void {
    if (this.open.length === 0) {
      this.options.onRoot?.({ name: tag.name, attributes: tag.attributes });
    }
    // No prototype: an element named "constructor" or "__proto__" is just a name.
    const node = Object.create(null) as XmlElement;
    let hasAttributes = false;
    for (const [name, value] of Object.entries(tag.attributes)) {
      if (isNamespaceDeclaration(name)) continue;
      node[`@_${localName(name)}`] = value;
      hasAttributes = true;
    }
    const name = localName(tag.name);
    this.open.push({ name, node, text: '', hasAttributes, hasChildren: false });
    this.openNames.push(name);
  }

  private addText(text: string): void {
    const current = this.open[this.open.length - 1];
    // Text outside the root is refused by the parser itself.
    if (current) current.text += text;
  }

  private closeTag(): void {
    const closed = this.open.pop();
    if (!closed) return;
    this.openNames.pop();
    const text = closed.text.trim();
    let value: unknown;
    if (!closed.hasAttributes && !closed.hasChildren) {
      value = text;
    } else {
      if (text !== '') closed.node['#text'] = text;
      value = closed.node;
    }
    const parent = this.open[this.open.length - 1];
    if (parent) parent.hasChildren = true;
    if (this.options.onClose?.(closed.name, value, this.openNames) === true) return;
    if (!parent) {
      const root = Object.create(null) as XmlElement;
      root[closed.name] = value;
      this.root = root;
      return;
    }
    const siblings = parent.node;
    const existing = Object.prototype.hasOwnProperty.call(siblings, closed.name) ? siblings[closed.name] : undefined;
    if (existing === undefined) {
      siblings[closed.name] = this.options.repeatable.has(closed.name) ? [value] : value;
    } else if (Array.isArray(existing)) {
      existing.push(value);
    } else {
      siblings[closed.name] = [existing, value];
    }
  }
}
