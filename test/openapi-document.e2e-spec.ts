import { Logger } from '@nestjs/common';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

interface MediaType {
  schema?: object;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, MediaType>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;
  components?: { schemas?: Record<string, object> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** A schema a client can be generated from: a reference or a type, not an example alone. */
const isSchema = (schema: object | undefined): boolean =>
  schema !== undefined && ['$ref', 'type', 'oneOf', 'anyOf', 'allOf'].some((key) => key in schema);

/**
 * The API's own OpenAPI document (/docs-json) is what clients are generated from. Whatever routes
 * the application has when this runs are checked: the document is valid for a third-party
 * validator, no two DTOs share a schema name, and every response of a /v1 route says what it
 * holds (a schema for each media type; only a 204 holds nothing).
 */
describe('OpenAPI document: fit for a generated client', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let text: string;
  const warnings: string[] = [];

  beforeAll(async () => {
    // @nestjs/swagger warns, and keeps only the last, when two DTOs of one name differ.
    const warn = Logger.warn.bind(Logger);
    const spy = jest.spyOn(Logger, 'warn').mockImplementation((message: unknown, ...rest: unknown[]) => {
      warnings.push(String(message));
      warn(message, ...(rest as string[]));
    });
    try {
      t = await startTestApp();
    } finally {
      spy.mockRestore();
    }
    const res = await request(t.http).get('/docs-json').expect(200);
    text = res.text;
    doc = res.body as OpenApiDocument;
  });
  afterAll(async () => t?.close());

  it('is valid OpenAPI for Redocly’s validator (recommended rules): no error', async () => {
    // Two recommended rules are about how the installation is served, not the document's shape: the
    // document names no server (a client is pointed at its installation), and a few routes are public
    // by design (health, sign-in). Every other recommended rule that is an error stays one.
    const config = await createConfig({ extends: ['recommended'], rules: { 'no-empty-servers': 'off', 'security-defined': 'off' } });
    const problems = await lintFromString({ source: text, absoluteRef: '/docs-json', config });
    const errors = problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`);
    expect(errors).toEqual([]);
  });

  it('has no two DTOs of one name with different shapes', () => {
    expect(warnings.filter((w) => /Duplicate DTO/.test(w))).toEqual([]);
  });

  it('documents a schema for every response of every /v1 route', () => {
    const v1 = Object.entries(doc.paths).filter(([path]) => path.startsWith('/v1/'));
    expect(v1.length).toBeGreaterThan(50);
    const missing: string[] = [];
    for (const [path, item] of v1) {
      for (const method of METHODS) {
        const operation = item[method];
        if (operation === undefined) continue;
        const responses = Object.entries(operation.responses ?? {});
        if (!responses.some(([status]) => /^2\d\d$/.test(status))) missing.push(`${method.toUpperCase()} ${path}: no success response`);
        for (const [status, response] of responses) {
          if (status === '204') continue;
          const media = Object.entries(response.content ?? {});
          if (media.length === 0) missing.push(`${method.toUpperCase()} ${path} ${status}: no content`);
          for (const [type, m] of media) {
            if (!isSchema(m.schema)) missing.push(`${method.toUpperCase()} ${path} ${status} ${type}: no schema`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('resolves every schema reference to a schema of the document', () => {
    const names = new Set(Object.keys(doc.components?.schemas ?? {}));
    const refs = [...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((name) => !names.has(name))).toEqual([]);
  });
});
