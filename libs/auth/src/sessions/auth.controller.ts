import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiProblemResponses, DomainError, ErrorCode } from '@app/common';
import { ANY_ROLE, AuthenticatedRequest, Passive, principalOf, Public, Roles } from '../roles';
import { SECURE_SESSION_COOKIE, LOCAL_SESSION_COOKIE } from './session-cookie';
import { ChangePasswordDto, LoginDto, LoginResponseDto, SessionResponseDto } from './sign-in.dto';
import { SessionsService } from './sessions.service';
import { SignInService } from './sign-in.service';

const COOKIE_NOTE =
  `The session cookie is \`${SECURE_SESSION_COOKIE}\` (HttpOnly, SameSite=Lax, Secure, Path=/), or ` +
  `\`${LOCAL_SESSION_COOKIE}\` without Secure when the API is reached over plain http on localhost.`;
const WRITE_NOTE =
  'Requests signed in by the cookie that change anything must send `X-Requested-With` (any value) and come from the same origin, else 403.';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Sign in to the console: answers the person and sets a new session cookie',
    description:
      `${COOKIE_NOTE} The session ends after 30 minutes without activity, 12 hours after sign-in, at logout, ` +
      'when the password changes or the person is disabled. A wrong username and a wrong password get the same 401. ' +
      'Repeated failures for one username or from one address are slowed, then answered 429 (Retry-After).',
  })
  @ApiOkResponse({ type: LoginResponseDto, headers: { 'Set-Cookie': { description: COOKIE_NOTE, schema: { type: 'string' } } } })
  @ApiProblemResponses({
    401: 'The username or password is not correct (the same answer for both)',
    429: 'Too many failed sign-ins for this username or from this address',
  })
  login(@Body() body: LoginDto, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): Promise<LoginResponseDto> {
    return this.signIn.login(body.username, body.password, request, response);
  }

  @Get('session')
  @Roles(...ANY_ROLE)
  @Passive()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'The person signed in by the session cookie, and when the session ends',
    description: 'Does not count as activity: polling it does not keep a session alive. 401 without a live session (API tokens have none).',
  })
  @ApiOkResponse({ type: SessionResponseDto })
  async session(@Req() request: AuthenticatedRequest): Promise<SessionResponseDto> {
    const p = principalOf(request);
    const expiry = p.kind === 'user' && p.sessionId ? await this.sessions.expiry(p.sessionId) : undefined;
    if (!expiry || !p.userId || !p.username) {
      throw new DomainError(ErrorCode.Unauthenticated, 'no session: sign in with POST /v1/auth/login');
    }
    return {
      user: { id: p.userId, username: p.username, displayName: p.name, role: p.role },
      session: { expiresAt: expiry.expiresAt.toISOString(), idleExpiresAt: expiry.idleExpiresAt.toISOString() },
    };
  }

  @Post('logout')
  @HttpCode(204)
  @Public()
  @ApiHeader({ name: 'X-Requested-With', required: false, description: 'Required (any value) when the session cookie is sent' })
  @ApiOperation({ summary: 'Sign out: the session ends at once and the cookie is cleared (204 even without a session)', description: WRITE_NOTE })
  @ApiNoContentResponse({ description: 'Signed out' })
  async logout(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.signIn.logout(request, response);
  }

  @Post('password')
  @HttpCode(200)
  @Roles(...ANY_ROLE)
  @ApiBearerAuth()
  @ApiHeader({ name: 'X-Requested-With', required: true, description: 'Any value' })
  @ApiOperation({
    summary: "Change one's own password",
    description: `Every session of the person ends; this browser gets a new session cookie. 400 when \`current\` is wrong or \`next\` breaks the policy (at least 12 characters). 403 for an API token (it has no password). ${WRITE_NOTE}`,
  })
  @ApiOkResponse({ type: LoginResponseDto })
  changePassword(
    @Body() body: ChangePasswordDto,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponseDto> {
    return this.signIn.changePassword(principalOf(request), body.current, body.next, request, response);
  }
}
