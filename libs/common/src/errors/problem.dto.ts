import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from './error-codes';

export class FieldErrorResponse {
  @ApiProperty({ example: 'lines[0].amount' }) field: string;
  @ApiProperty({ example: 'must be greater than zero' }) message: string;
}

/**
 * The OpenAPI shape of every error answer (application/problem+json, RFC 9457), for routes that
 * document their 4xx answers: `@ApiNotFoundResponse({ type: ProblemResponse })`.
 */
export class ProblemResponse {
  @ApiProperty({ example: 'urn:contributions-ledger:problem:not_found' }) type: string;
  @ApiProperty({ example: 'Not found' }) title: string;
  @ApiProperty({ example: 404 }) status: number;
  @ApiProperty({ example: "member 'ZZZ' does not exist" }) detail: string;
  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode', description: 'Stable: clients branch on it' }) code: ErrorCode;
  @ApiPropertyOptional({ type: [FieldErrorResponse], description: 'Each field that is wrong (400)' }) errors?: FieldErrorResponse[];
  @ApiPropertyOptional({ description: 'The request id, as in the logs' }) requestId?: string;
}
