import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsNewPassword, newPasswordSchema } from '../users/password-policy';
import { UserResponseDto } from '../users/users.dto';

export class LoginDto {
  @ApiProperty({ example: 'mlopez' })
  @IsString()
  @Length(1, 256)
  username: string;

  @ApiProperty({ format: 'password', example: 'correct horse battery staple' })
  @IsString()
  @Length(1, 1024)
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'The current password', format: 'password' })
  @IsString()
  @Length(1, 1024)
  current: string;

  @ApiProperty(newPasswordSchema('The new password'))
  @IsNewPassword()
  next: string;
}

export class SignedInUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'mlopez' }) username: string;
  @ApiProperty({ example: 'María López' }) displayName: string;
  @ApiProperty({ enum: ['admin', 'secretariat', 'viewer', 'auditor'] }) role: string;
}

export class LoginResponseDto {
  @ApiProperty({ type: SignedInUserDto }) user: SignedInUserDto;
}

export class SessionExpiryDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'The session ends at this time whatever the activity (12 h after sign-in)' })
  expiresAt: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'The session ends at this time unless a request counts as activity first (30 min idle)' })
  idleExpiresAt: string;
}

export class SessionResponseDto {
  @ApiProperty({ type: SignedInUserDto }) user: SignedInUserDto;
  @ApiProperty({ type: SessionExpiryDto }) session: SessionExpiryDto;
}

export { UserResponseDto };
