import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** Length is what makes a password hard to guess; nothing else is imposed (NIST SP 800-63B). */
export const PASSWORD_MIN_LENGTH = 12;
/** A bound on the work one password costs to hash. */
export const PASSWORD_MAX_LENGTH = 256;

/** A new password: validated against the policy; the 400 says what the policy is. */
export const IsNewPassword = () =>
  applyDecorators(
    IsString(),
    MinLength(PASSWORD_MIN_LENGTH, { message: `must be at least ${PASSWORD_MIN_LENGTH} characters long` }),
    MaxLength(PASSWORD_MAX_LENGTH, { message: `must be at most ${PASSWORD_MAX_LENGTH} characters long` }),
  );

/** OpenAPI description of a new password field. */
export const newPasswordSchema = (description: string) => ({
  description: `${description} (${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters)`,
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
  format: 'password',
  example: 'correct horse battery staple',
});
