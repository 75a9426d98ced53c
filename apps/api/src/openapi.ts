import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The API's OpenAPI document (served at /docs-json; the console's typed client is generated from it). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Contributions Ledger API')
      .setDescription(
        'Double-entry ledger of member dues, donor grants and the reserve fund of an intergovernmental body. ' +
          'Amounts are decimal strings; errors are application/problem+json with a stable `code`.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}
