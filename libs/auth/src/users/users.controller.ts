import { Body, Controller, Get, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedRequest, principalOf, Roles } from '../roles';
import { CreateUserDto, UpdateUserDto, UserResponseDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a person who signs in to the console (the password is never returned)' })
  @ApiCreatedResponse({ type: UserResponseDto })
  create(@Body() body: CreateUserDto, @Req() request: AuthenticatedRequest): Promise<UserResponseDto> {
    const actor = principalOf(request);
    return this.users.create(body, { tokenId: actor.tokenId, role: actor.role });
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List the people who sign in to the console' })
  @ApiOkResponse({ type: [UserResponseDto] })
  list(): Promise<UserResponseDto[]> {
    return this.users.list();
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary: "Change a person's display name, role, password or disabled flag",
    description: 'A new password or disabled: true ends the person’s sessions at once; a new role applies to their next request.',
  })
  @ApiOkResponse({ type: UserResponseDto })
  update(@Param('id') id: string, @Body() body: UpdateUserDto, @Req() request: AuthenticatedRequest): Promise<UserResponseDto> {
    const actor = principalOf(request);
    return this.users.update(id, body, { tokenId: actor.tokenId, role: actor.role });
  }
}
