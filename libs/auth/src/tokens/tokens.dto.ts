import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { ROLES, Role } from '../roles';

export class CreateTokenDto {
  @ApiProperty({ description: 'Who or what holds the token', example: 'Technical Secretariat treasurer' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ description: 'Role granted to the token', enum: ROLES, example: 'secretariat' })
  @IsIn(ROLES)
  role: Role;
}

export class TokenResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Technical Secretariat treasurer' }) name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ description: 'The secret, shown only in the answer that creates it', required: false })
  token?: string;
  @ApiProperty({ required: false, nullable: true, type: String, format: 'date-time' }) revokedAt?: string | null;
}
