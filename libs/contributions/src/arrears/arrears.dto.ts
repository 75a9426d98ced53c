import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsDecimalAmount } from '@app/common';
import { IsCalendarDate, MeetingDecisionDto } from '../shared/dto';

export class CreateWriteOffDto {
  @ApiProperty({ example: 2003, description: 'Fiscal year whose assessment is written off or waived' })
  @IsInt()
  @Min(1900)
  @Max(2999)
  fiscalYear: number;

  @ApiProperty({ example: '5000.00', description: 'At most what the member owes for that year' })
  @IsDecimalAmount()
  amount: string;

  @ApiProperty({ example: '2005-06-30', description: 'Date of the write-off entry (on or after the decision)' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ type: MeetingDecisionDto, description: 'The decision that allows it (required)' })
  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => MeetingDecisionDto)
  decision: MeetingDecisionDto;

  @ApiProperty({ enum: ['write_off', 'waiver'], example: 'waiver' })
  @IsIn(['write_off', 'waiver'])
  kind: 'write_off' | 'waiver';
}

export class CreateStandingExemptionDto {
  @ApiProperty({ example: 2005, description: 'First fiscal year of the exemption' })
  @IsInt()
  @Min(1900)
  @Max(2999)
  fromYear: number;

  @ApiPropertyOptional({
    example: 2006,
    nullable: true,
    description: 'Last fiscal year (absent or null: until further decision)',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1900)
  @Max(2999)
  toYear?: number | null;

  @ApiProperty({ type: MeetingDecisionDto })
  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => MeetingDecisionDto)
  decision: MeetingDecisionDto;
}

export class WriteOffResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'NIC' }) member: string;
  @ApiProperty({ example: 2003 }) fiscalYear: number;
  @ApiProperty({ enum: ['write_off', 'waiver'], example: 'waiver' }) kind: 'write_off' | 'waiver';
  @ApiProperty({ example: '5000.00' }) amount: string;
  @ApiProperty({ example: '2005-06-30' }) date: string;
  @ApiProperty({ type: MeetingDecisionDto }) decision: MeetingDecisionDto;
  @ApiProperty({ format: 'uuid', description: 'The journal entry it posted' }) entryId: string;
  @ApiProperty({ example: '0.00', description: 'What the member still owes for that year afterwards' }) outstanding: string;
}

export class WriteOffRecord {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'NIC' }) member: string;
  @ApiProperty({ example: 2003 }) fiscalYear: number;
  @ApiProperty({
    enum: ['write_off', 'waiver', 'reduction'],
    description: "'reduction': a revision of the year's budget that lowered the member's assessment",
  })
  kind: 'write_off' | 'waiver' | 'reduction';
  @ApiProperty({ example: '5000.00' }) amount: string;
  @ApiProperty({ example: '2005-06-30' }) effectiveOn: string;
  @ApiProperty({ type: MeetingDecisionDto }) decision: MeetingDecisionDto;
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class StandingExemptionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'NIC' }) member: string;
  @ApiProperty({ example: 2005 }) fromYear: number;
  @ApiProperty({ type: Number, nullable: true, example: 2006, description: 'null: until further decision' }) toYear: number | null;
  @ApiProperty({ type: MeetingDecisionDto }) decision: MeetingDecisionDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
