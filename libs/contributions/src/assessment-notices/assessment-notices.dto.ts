import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LANGS, Lang } from '@app/reports';

export const NOTICE_FORMATS = ['pdf', 'json'] as const;
export type NoticeFormat = (typeof NOTICE_FORMATS)[number];

export class AssessmentNoticeQuery {
  @ApiPropertyOptional({ enum: LANGS, example: 'es', description: 'Language of the notice; default Spanish' })
  @IsOptional()
  @IsIn(LANGS)
  lang?: Lang;

  @ApiPropertyOptional({
    enum: NOTICE_FORMATS,
    example: 'pdf',
    description: 'pdf (default): the notice to send; json: its figures',
  })
  @IsOptional()
  @IsIn(NOTICE_FORMATS)
  format?: NoticeFormat;
}
