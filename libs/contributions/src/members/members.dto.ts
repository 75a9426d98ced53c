import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { IsCalendarDate, MemberCode } from '../shared/dto';

export class CreateMemberDto {
  @ApiProperty({ example: 'MEX', description: 'ISO 3166-1 alpha-3 country code (assigned codes only)' })
  @MemberCode()
  code: string;

  @ApiProperty({ example: 'Mexico', description: 'Name in English' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({
    example: 'México',
    description: 'Name in Spanish; defaults to the ISO country name in Spanish',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  nameEs?: string;

  @ApiProperty({
    example: '1996-03-13',
    description: 'Date the member joined; not assessed for fiscal years ending before it',
  })
  @IsCalendarDate()
  joinedOn: string;

  @ApiPropertyOptional({
    example: null,
    nullable: true,
    description: 'Date the member left; not assessed for fiscal years starting after it',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsCalendarDate()
  leftOn?: string | null;
}

export class UpdateMemberDto {
  @ApiPropertyOptional({ example: 'Mexico' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: 'México' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  nameEs?: string;

  @ApiPropertyOptional({
    example: '2010-12-31',
    nullable: true,
    description: 'Date the member left (null: still a member)',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsCalendarDate()
  leftOn?: string | null;
}

export class MemberResponse {
  @ApiProperty({ example: 'MEX' }) code: string;
  @ApiProperty({ example: 'Mexico' }) name: string;
  @ApiProperty({ example: 'México' }) nameEs: string;
  @ApiProperty({ example: '1996-03-13' }) joinedOn: string;
  @ApiProperty({ example: null, nullable: true, type: String }) leftOn: string | null;
}
