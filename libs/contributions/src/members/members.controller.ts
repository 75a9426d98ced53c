import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, Roles } from '@app/auth';
import { MemberCodePipe } from '../shared/pipes';
import { CreateMemberDto, MemberResponse, UpdateMemberDto } from './members.dto';
import { MemberRow } from './members.repository';
import { MembersService } from './members.service';

export const toMemberResponse = (r: MemberRow): MemberResponse => ({
  code: r.code,
  name: r.nameEn,
  nameEs: r.nameEs,
  joinedOn: r.joinedOn,
  leftOn: r.leftOn,
});

@ApiTags('contributions')
@ApiBearerAuth()
@Controller('v1/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Post()
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'Add a member state (ISO 3166 alpha-3 code)' })
  @ApiCreatedResponse({ type: MemberResponse })
  async create(@Body() body: CreateMemberDto): Promise<MemberResponse> {
    return toMemberResponse(await this.members.create(body));
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Member states, by code' })
  @ApiOkResponse({ type: [MemberResponse] })
  async list(): Promise<MemberResponse[]> {
    return (await this.members.list()).map(toMemberResponse);
  }

  @Get(':code')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'One member state' })
  @ApiOkResponse({ type: MemberResponse })
  async get(@Param('code', MemberCodePipe) code: string): Promise<MemberResponse> {
    return toMemberResponse(await this.members.get(code));
  }

  @Put(':code')
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'Rename a member or record the date it left' })
  @ApiOkResponse({ type: MemberResponse })
  async update(@Param('code', MemberCodePipe) code: string, @Body() body: UpdateMemberDto): Promise<MemberResponse> {
    return toMemberResponse(await this.members.update(code, body));
  }
}
