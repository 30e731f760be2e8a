import { STAFF_ROLES } from '../../common/auth/staff-roles.js';
import type { StaffRole } from '../../common/auth/staff-roles.js';
import { ApiProperty } from '@nestjs/swagger';

/** The AnqiCMS `user` object. Built only by toUserResponse: no hash, no token version, ever. */
export class UserResponseDto {
  @ApiProperty({ example: 1000 }) id: number;
  @ApiProperty({ example: 0, description: 'Inviting user id, 0 = none' }) parent_id: number;
  @ApiProperty({ example: 'sinclair' }) user_name: string;
  @ApiProperty({ example: '' }) real_name: string;
  @ApiProperty({ example: 'uploads/202211/21/14f56760596b5328.webp' }) avatar_url: string;
  @ApiProperty({ example: '' }) full_avatar_url: string;
  @ApiProperty({ example: '' }) email: string;
  @ApiProperty({ example: '' }) phone: string;
  @ApiProperty({ example: 2 }) group_id: number;
  @ApiProperty({ example: 0, description: '1 = distributor' }) is_retailer: number;
  @ApiProperty({ example: 0, description: 'Fen' }) balance: number;
  @ApiProperty({ example: 0, description: 'Fen' }) total_reward: number;
  @ApiProperty({ example: '1dzil93' }) invite_code: string;
  @ApiProperty({ example: 1702912236, description: 'Unix seconds, 0 = never' }) last_login: number;
  @ApiProperty({ example: 0, description: 'VIP expiry, unix seconds, 0 = none' })
  expire_time: number;
  @ApiProperty({ example: 1669012062 }) created_time: number;
  @ApiProperty({ example: 1679536756 }) updated_time: number;
  @ApiProperty({ example: 1, description: '1 = active, 0 = disabled' }) status: number;
  // AnqiCMS user fields without a feature here, sent with AnqiCMS's empty values so clients
  // reading the full spec object find every field (the token only ever comes from login).
  @ApiProperty({ example: 0, description: 'Points (not used here)' }) integral: number;
  @ApiProperty({ example: 0 }) ai_remain: number;
  @ApiProperty({ example: null, nullable: true, type: 'object', additionalProperties: true })
  extra: null;
  @ApiProperty({ example: null, nullable: true, type: 'object', additionalProperties: true })
  group: null;
  @ApiProperty({ example: '' }) link: string;
}

/** Login/register answer: the user plus its token (top level of `data`, never nested elsewhere). */
export class UserWithTokenDto extends UserResponseDto {
  @ApiProperty({ description: 'Send back as the `Token` header (or cookie, or Bearer)' })
  token: string;
}

export class TokenDto {
  @ApiProperty() token: string;
}

export class AdminResponseDto {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'admin' }) user_name: string;
  @ApiProperty({ example: '' }) real_name: string;
  @ApiProperty({ example: 1, description: '1 = active, 0 = disabled' }) status: number;
  @ApiProperty({ enum: STAFF_ROLES, example: 'owner' }) role: StaffRole;
  @ApiProperty({
    example: ['account.self', 'orders.read'],
    description: "What the role may do (docs/staff.md); a panel may hide what's not listed",
  })
  permissions: string[];
  @ApiProperty({ example: 1702912236 }) last_login: number;
  @ApiProperty({ example: 1669012062 }) created_time: number;
  @ApiProperty({ example: 1679536756 }) updated_time: number;
}

export class AdminWithTokenDto extends AdminResponseDto {
  @ApiProperty({ description: 'Send back as the `admin` header (or Bearer)' }) token: string;
}
