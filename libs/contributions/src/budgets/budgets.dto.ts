import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCurrencyCode, IsDecimalAmount } from '@app/common';
import { SHARE_PATTERN } from '../domain/budget-rules';
import { IsCalendarDate, LINE_CODE, MeetingDecisionDto, MemberCode } from '../shared/dto';

export class BudgetLineDto {
  @ApiProperty({
    example: 'PERSONNEL',
    description: 'Budget line code (letters, digits, . _ -); expenditures carry it',
  })
  @Matches(LINE_CODE)
  code: string;

  @ApiProperty({ example: 'Personnel of the Technical Secretariat' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ example: '120000.00', description: 'Decimal string in the base currency' })
  @IsDecimalAmount({ allowZero: true })
  amount: string;
}

export class ScaleEntryDto {
  @ApiProperty({ example: 'MEX', description: 'Member (ISO 3166 alpha-3)' })
  @MemberCode()
  member: string;

  @ApiPropertyOptional({
    example: '12.5',
    description: 'Percentage string, at most 4 decimals; all shares add up to exactly 100',
  })
  @IsOptional()
  @IsString()
  @Matches(SHARE_PATTERN, { message: 'share must be a percentage string with at most 4 decimals, such as "8.3333"' })
  share?: string;

  @ApiPropertyOptional({
    example: '25000.00',
    description: 'Fixed amount instead of a share; all amounts add up to the total',
  })
  @IsOptional()
  @IsDecimalAmount({ allowZero: true })
  amount?: string;
}

export class CreateBudgetDto {
  @ApiProperty({ example: 2005, description: 'Fiscal year (named by the calendar year in which it starts)' })
  @IsInt()
  @Min(1900)
  @Max(2999)
  fiscalYear: number;

  @ApiProperty({ example: '200000.00', description: 'Decimal string; Σ lines = total exactly' })
  @IsDecimalAmount({ currencyField: 'currency' })
  total: string;

  @ApiProperty({ example: 'USD', description: 'Must be the base currency' })
  @IsCurrencyCode()
  currency: string;

  @ApiProperty({ type: MeetingDecisionDto, description: 'The decision that approved this budget (or revision)' })
  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => MeetingDecisionDto)
  approval: MeetingDecisionDto;

  @ApiProperty({ type: [BudgetLineDto], minItems: 1, maxItems: 200 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => BudgetLineDto)
  lines: BudgetLineDto[];

  @ApiProperty({
    type: [ScaleEntryDto],
    minItems: 1,
    maxItems: 1000,
    description: 'Scale of assessments: shares or fixed amounts (not both)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ScaleEntryDto)
  scale: ScaleEntryDto[];
}

export class AssessDto {
  @ApiPropertyOptional({
    example: '2005-01-01',
    description:
      'Date of the assessment entry. Default: the first day of the fiscal year; for a revision, the later of that and the date the revision was approved',
  })
  @IsOptional()
  @IsCalendarDate()
  assessedOn?: string;
}

export class MemberAmount {
  @ApiProperty({ example: 'MEX' }) member: string;
  @ApiProperty({ example: '25000.00' }) amount: string;
}

export class AssessedMember {
  @ApiProperty({ example: 'MEX' }) member: string;
  @ApiProperty({ example: '25000.00', description: "The member's assessment for the year under this version" })
  amount: string;
  @ApiProperty({
    example: '25000.00',
    description: 'Change from the previously assessed version (what was posted); may be negative',
  })
  difference: string;
}

export class AssessmentResponse {
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ example: '2005-01-01' }) assessedOn: string;
  @ApiProperty({ type: [String], description: 'Journal entries posted (assessment, advances applied, releases)' })
  entryIds: string[];
  @ApiProperty({ type: [AssessedMember] }) assessments: AssessedMember[];
  @ApiProperty({ type: [MemberAmount], description: "Members' advances applied to their new assessment on that date" })
  advancesApplied: MemberAmount[];
  @ApiProperty({ type: [MemberAmount], description: 'Paid beyond a lowered assessment: returned to the advance' })
  releasedToAdvance: MemberAmount[];
  @ApiProperty({ type: [MemberAmount], description: 'Written off beyond a lowered assessment: given back' })
  writeOffsReduced: MemberAmount[];
}

export class AssessmentDryRunAnswer {
  @ApiProperty({ example: 201 }) status: number;
  @ApiProperty({ type: AssessmentResponse }) body: AssessmentResponse;
}

export class AssessmentDryRunResponse {
  @ApiProperty({ enum: [true] }) dryRun: true;
  @ApiProperty({ type: AssessmentDryRunAnswer, description: 'What assessing would answer; nothing was written' })
  wouldRespond: AssessmentDryRunAnswer;
}

export class BudgetScaleEntryResponse {
  @ApiProperty({ example: 'MEX' }) member: string;
  @ApiPropertyOptional({ example: '12.5', description: 'Percentage (a scale of shares)' }) share?: string;
  @ApiPropertyOptional({ example: '25000.00', description: 'Fixed amount (a scale of amounts)' }) amount?: string;
  @ApiProperty({ example: '25000.00', description: 'The assessment it gives: total × share, largest remainder' })
  assessment: string;
}

export class BudgetAssessedResponse {
  @ApiProperty({ example: '2005-01-01' }) assessedOn: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) entryId: string | null;
}

export class BudgetVersionResponse {
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ example: '200000.00' }) total: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ type: MeetingDecisionDto }) approval: MeetingDecisionDto;
  @ApiProperty({ type: [BudgetLineDto] }) lines: BudgetLineDto[];
  @ApiProperty({ enum: ['share', 'amount'] }) scaleKind: 'share' | 'amount';
  @ApiProperty({ type: [BudgetScaleEntryResponse], description: 'Each member: its share or fixed amount, and the assessment it gives' })
  scale: BudgetScaleEntryResponse[];
  @ApiProperty({ type: BudgetAssessedResponse, nullable: true, description: 'When this version was assessed' })
  assessed: BudgetAssessedResponse | null;
  @ApiProperty() createdAt: string;
}

export class BudgetYearResponse {
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ type: BudgetVersionResponse }) current: BudgetVersionResponse;
  @ApiProperty({ type: [BudgetVersionResponse], description: 'Every version, oldest first (the current one last)' })
  history: BudgetVersionResponse[];
}

export class BudgetSummaryResponse {
  @ApiProperty({ example: 2005 }) fiscalYear: number;
  @ApiProperty({ example: 2 }) version: number;
  @ApiProperty({ example: '200000.00' }) total: string;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ type: MeetingDecisionDto }) approval: MeetingDecisionDto;
  @ApiPropertyOptional({ nullable: true, type: Number, example: 1, description: 'Latest version assessed' })
  assessedVersion: number | null;
}
