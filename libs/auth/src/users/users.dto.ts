import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ROLES, Role } from '../roles';
import { IsNewPassword, newPasswordSchema } from './password-policy';

export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const USERNAME_RULE = "1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit";

export class CreateUserDto {
  @ApiProperty({ description: `Sign-in name, unique regardless of case (${USERNAME_RULE})`, example: 'mlopez' })
  @IsString()
  @Matches(USERNAME, { message: `must be ${USERNAME_RULE}` })
  username: string;

  @ApiProperty({ description: 'Name shown in the console and the audit log', example: 'María López' })
  @IsString()
  @Length(1, 100)
  displayName: string;

  @ApiProperty({ description: 'Role granted to the person', enum: ROLES, example: 'secretariat' })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty(newPasswordSchema('Initial password; never returned, stored only as an argon2id hash'))
  @IsNewPassword()
  password: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'María López Pérez' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, description: "Takes effect on the person's next request" })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'true: the person can no longer sign in, and their sessions end at once' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional(newPasswordSchema("A new password; the person's sessions end at once"))
  @IsOptional()
  @IsNewPassword()
  password?: string;
}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'mlopez' }) username: string;
  @ApiProperty({ example: 'María López' }) displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ description: 'A disabled person cannot sign in' }) disabled: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}
