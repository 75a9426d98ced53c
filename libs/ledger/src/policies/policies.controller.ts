import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, Roles } from '@app/auth';
import { Policies } from './policies';
import { PoliciesDto } from './policies.dto';
import { PoliciesService } from './policies.service';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('v1/policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: "The installation's rules" })
  @ApiOkResponse({ type: PoliciesDto })
  get(): Promise<Policies> {
    return this.policies.get();
  }

  @Put()
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the rules (each change is in the audit log)' })
  @ApiOkResponse({ type: PoliciesDto })
  put(@Body() body: PoliciesDto): Promise<Policies> {
    return this.policies.put(body);
  }
}
