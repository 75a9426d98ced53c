/** Minimal reading of the OpenAPI document the app serves, to generate requests from it. */
export interface SchemaObject {
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  $ref?: string;
  nullable?: boolean;
  allOf?: SchemaObject[];
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  pathParams: string[];
  queryParams: { name: string; required: boolean; schema?: SchemaObject }[];
  body?: SchemaObject;
  multipart: boolean;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean; schema?: SchemaObject }[]; requestBody?: { content: Record<string, { schema: SchemaObject }> } }>>;
  components: { schemas: Record<string, SchemaObject> };
}

export function resolve(doc: OpenApiDocument, schema: SchemaObject | undefined): SchemaObject | undefined {
  if (!schema) return undefined;
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf && schema.allOf.length === 1) return resolve(doc, schema.allOf[0]);
  return schema;
}

export function operations(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      out.push({
        method: method as Operation['method'],
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required === true, schema: p.schema })),
        body: resolve(doc, json),
        multipart: content['multipart/form-data'] !== undefined,
      });
    }
  }
  return out;
}

/** A plausible value from the schema's examples and types (the starting point of a mutation). */
export function sampleValue(doc: OpenApiDocument, schema: SchemaObject | undefined, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (!s || depth > 6) return 'x';
  if (s.example !== undefined) return s.example;
  if (s.enum && s.enum.length > 0) return s.enum[0];
  switch (s.type) {
    case 'object': {
      const obj: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) obj[k] = sampleValue(doc, v, depth + 1);
      return obj;
    }
    case 'array':
      return [sampleValue(doc, s.items, depth + 1), sampleValue(doc, s.items, depth + 1)];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    default:
      return s.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : 'x';
  }
}
