import { DomainError, ErrorCode } from '../errors';

/** A rendered report, ready to send: the controller sets the headers from it. */
export interface RenderedReport {
  contentType: string;
  /** Suggested file name (Content-Disposition). */
  fileName: string;
  body: Buffer | string;
}

/**
 * A report's renderers by format. A domain lib creates one with its JSON renderer; another module
 * registers CSV/XLSX/PDF at start-up (in its `onModuleInit`), and the report route then answers
 * `?format=…`. Registering a format twice replaces the first; an unknown format is a 400.
 */
export class RendererRegistry<R extends { readonly format: string }> {
  private readonly byFormat = new Map<string, R>();

  constructor(...initial: R[]) {
    for (const renderer of initial) this.register(renderer);
  }

  register(renderer: R): void {
    this.byFormat.set(renderer.format, renderer);
  }

  formats(): string[] {
    return [...this.byFormat.keys()].sort();
  }

  get(format: string): R {
    const renderer = this.byFormat.get(format);
    if (!renderer) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `format: '${format}' is not available; use one of ${this.formats().join(', ')}`,
        [{ field: 'format', message: `one of ${this.formats().join(', ')}` }],
      );
    }
    return renderer;
  }
}
