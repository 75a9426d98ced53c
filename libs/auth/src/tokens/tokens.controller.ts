import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedRequest, principalOf, Roles } from '../roles';
import { CreateTokenDto, TokenResponseDto } from './tokens.dto';
import { TokensService } from './tokens.service';

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('v1/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Issue an API token; its secret is shown only in this answer' })
  @ApiCreatedResponse({ type: TokenResponseDto, description: 'The token, with its secret (`token`)' })
  async create(@Body() body: CreateTokenDto, @Req() request: AuthenticatedRequest): Promise<TokenResponseDto> {
    const actor = principalOf(request);
    // created_by references api_tokens: it names the issuing token. A token issued by a person
    // signed in to the console has none; the audit log names the person.
    return this.tokens.issue(body.name, body.role, actor.kind === 'token' ? actor.tokenId : undefined);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List tokens (never their secrets)' })
  @ApiOkResponse({ type: [TokenResponseDto] })
  async list(): Promise<TokenResponseDto[]> {
    const rows = await this.tokens.list();
    return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, revokedAt: r.revokedAt?.toISOString() ?? null }));
  }

  @Delete(':id')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Revoke a token; it stops working at once' })
  @ApiOkResponse({ type: TokenResponseDto, description: 'The revoked token' })
  async revoke(@Param('id') id: string): Promise<TokenResponseDto> {
    const r = await this.tokens.revoke(id);
    return { id: r.id, name: r.name, role: r.role, revokedAt: r.revokedAt?.toISOString() ?? null };
  }
}
