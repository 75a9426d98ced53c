import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, AuthenticatedRequest, PostsToLedger, principalOf, Roles } from '@app/auth';
import { MemberCodePipe } from '../shared/pipes';
import { CreateStandingExemptionDto, CreateWriteOffDto, StandingExemptionResponse, WriteOffRecord, WriteOffResponse } from './arrears.dto';
import { ArrearsService, RecordedWriteOff, StandingExemption } from './arrears.service';

@ApiTags('contributions')
@ApiBearerAuth()
@Controller('v1/members/:code')
export class ArrearsController {
  constructor(private readonly arrears: ArrearsService) {}

  @Post('write-offs')
  @Roles('secretariat', 'admin')
  @PostsToLedger()
  @ApiOperation({
    summary: 'Write off or waive part of an assessment by decision (Dr 5700 / Cr 1100): settled, not paid',
  })
  @ApiCreatedResponse({ type: WriteOffResponse })
  writeOff(
    @Param('code', MemberCodePipe) code: string,
    @Body() body: CreateWriteOffDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<RecordedWriteOff> {
    return this.arrears.writeOff(code, body, principalOf(request).tokenId);
  }

  @Get('write-offs')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: "A member's write-offs, waivers and reductions of them" })
  @ApiOkResponse({ type: [WriteOffRecord] })
  writeOffs(@Param('code', MemberCodePipe) code: string) {
    return this.arrears.writeOffs(code);
  }

  @Post('standing-exemptions')
  @Roles('secretariat', 'admin')
  @ApiOperation({
    summary: 'Record a decision that keeps a member in good standing for some fiscal years despite arrears',
  })
  @ApiCreatedResponse({ type: StandingExemptionResponse })
  exempt(
    @Param('code', MemberCodePipe) code: string,
    @Body() body: CreateStandingExemptionDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<StandingExemption> {
    return this.arrears.exempt(code, body, principalOf(request).tokenId);
  }

  @Get('standing-exemptions')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: "A member's standing exemptions" })
  @ApiOkResponse({ type: [StandingExemptionResponse] })
  exemptions(@Param('code', MemberCodePipe) code: string): Promise<StandingExemption[]> {
    return this.arrears.exemptions(code);
  }
}
