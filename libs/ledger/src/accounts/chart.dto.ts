import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ACCOUNT_TYPES, AccountType } from '../reference-data.repository';

export class CreateAccountDto {
  @ApiProperty({ example: '5310', description: 'Letters, digits, . _ - (≤ 20)' })
  @Matches(/^[A-Za-z0-9._-]{1,20}$/)
  code: string;

  @ApiProperty({ example: 'Awareness campaigns', description: 'Name in English' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'Campañas de sensibilización', description: 'Name in Spanish (defaults to `name`)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  nameEs?: string;

  @ApiProperty({ enum: ACCOUNT_TYPES, example: 'expense' })
  @IsIn(ACCOUNT_TYPES)
  type: AccountType;

  @ApiPropertyOptional({ example: '5300', description: 'Parent account code (same type)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,20}$/)
  parent?: string;
}

export class UpdateAccountDto {
  @ApiPropertyOptional({ example: 'Awareness campaigns' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: 'Campañas de sensibilización' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  nameEs?: string;

  @ApiPropertyOptional({ example: false, description: 'An inactive account accepts no new posting' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CreateFundDto {
  @ApiProperty({ example: 'CAMPAIGN', description: 'Letters, digits, . _ - (≤ 30)' })
  @Matches(/^[A-Za-z0-9._-]{1,30}$/)
  code: string;

  @ApiProperty({ example: 'Awareness campaign fund' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ['general', 'reserve', 'restricted'], example: 'restricted' })
  @IsIn(['general', 'reserve', 'restricted'])
  kind: 'general' | 'reserve' | 'restricted';

  @ApiPropertyOptional({ example: '3300', description: 'Net-assets account (defaults by kind: 3100, 3200, 3300)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,20}$/)
  netAssetsAccount?: string;
}

export class AccountNamesResponse {
  @ApiProperty({ example: 'Awareness campaigns' }) en: string;
  @ApiProperty({ example: 'Campañas de sensibilización' }) es: string;
}

export class AccountResponse {
  @ApiProperty({ example: '5310' }) code: string;
  @ApiProperty({ example: 'Awareness campaigns', description: 'Name in English' }) name: string;
  @ApiProperty({ type: AccountNamesResponse }) names: AccountNamesResponse;
  @ApiProperty({ enum: ACCOUNT_TYPES, example: 'expense' }) type: AccountType;
  @ApiProperty({ type: String, nullable: true, example: '5300' }) parent: string | null;
  @ApiProperty({ example: true }) active: boolean;
}

export class FundResponse {
  @ApiProperty({ example: 'CAMPAIGN' }) code: string;
  @ApiProperty({ example: 'Awareness campaign fund' }) name: string;
  @ApiProperty({ enum: ['general', 'reserve', 'restricted'], example: 'restricted' }) kind: 'general' | 'reserve' | 'restricted';
  @ApiProperty({ example: '3300' }) netAssetsAccount: string;
  @ApiProperty({ example: true }) active: boolean;
}
