import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { IsDecimalAmount } from '@app/common';
import { DecisionDto, IsCalendarDate } from '../shared/dto';

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

  @ApiProperty({ type: DecisionDto, description: 'The decision that allows it (required)' })
  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => DecisionDto)
  decision: DecisionDto;

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

  @ApiProperty({ type: DecisionDto })
  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => DecisionDto)
  decision: DecisionDto;
}
