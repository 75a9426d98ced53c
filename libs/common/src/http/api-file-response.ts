import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, ProblemResponse } from '../errors';

/** The media type of each file format the API answers with. */
export const FILE_MEDIA_TYPES = {
  csv: 'text/csv',
  jsonl: 'application/x-ndjson',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  zip: 'application/zip',
} as const;
export type FileFormat = keyof typeof FILE_MEDIA_TYPES;

const BINARY = { type: 'string', format: 'binary' } as const;

/**
 * A 200 whose body depends on the `format` asked for: the JSON document (`json`, when there is
 * one: a schema a client can be generated from) or a file, each under its own media type.
 */
export function ApiFileResponse(options: {
  description: string;
  formats: readonly FileFormat[];
  json?: Type<unknown>;
  example?: unknown;
}): MethodDecorator {
  const content: Record<string, { schema: object; example?: unknown }> = {};
  if (options.json) {
    content['application/json'] = { schema: { $ref: getSchemaPath(options.json) }, ...(options.example === undefined ? {} : { example: options.example }) };
  }
  for (const format of options.formats) content[FILE_MEDIA_TYPES[format]] = { schema: BINARY };
  return applyDecorators(
    ...(options.json ? [ApiExtraModels(options.json)] : []),
    ApiOkResponse({ description: options.description, content }),
  );
}

/** Error answers of a route, each an application/problem+json body (ProblemResponse), with what it means. */
export function ApiProblemResponses(answers: Record<number, string>): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemResponse),
    ...Object.entries(answers).map(([status, description]) =>
      ApiResponse({
        status: Number(status),
        description,
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemResponse) } } },
      }),
    ),
  );
}
