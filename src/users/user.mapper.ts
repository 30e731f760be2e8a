import { isStaffRole, permissionsOf } from '../common/auth/staff-roles.js';
import { toUnixSeconds } from '../common/database/column-types.js';
import { UserGroupResponseDto } from './dto/user-group.dto.js';
import { AdminResponseDto, UserResponseDto } from './dto/user.response.dto.js';
import { Admin } from './entities/admin.entity.js';
import { UserGroup } from './entities/user-group.entity.js';
import { User } from './entities/user.entity.js';

export function toUserResponse(user: User, publicUrl = ''): UserResponseDto {
  const avatar = user.avatarUrl;
  return {
    id: user.id,
    parent_id: user.parentId,
    user_name: user.userName,
    real_name: user.realName,
    avatar_url: avatar,
    full_avatar_url:
      avatar && !/^https?:\/\//.test(avatar) ? `${publicUrl}/${avatar.replace(/^\//, '')}` : avatar,
    email: user.email,
    phone: user.phone,
    group_id: user.groupId,
    is_retailer: user.isRetailer,
    balance: user.balance,
    total_reward: user.totalReward,
    invite_code: user.inviteCode,
    last_login: toUnixSeconds(user.lastLogin),
    expire_time: toUnixSeconds(user.expireTime),
    created_time: toUnixSeconds(user.createdTime),
    updated_time: toUnixSeconds(user.updatedTime),
    status: user.status,
    integral: 0,
    ai_remain: 0,
    extra: null,
    group: null,
    link: '',
  };
}

export function toAdminResponse(admin: Admin): AdminResponseDto {
  return {
    id: admin.id,
    user_name: admin.userName,
    real_name: admin.realName,
    status: admin.status,
    role: admin.role,
    permissions: isStaffRole(admin.role) ? permissionsOf(admin.role) : [],
    last_login: toUnixSeconds(admin.lastLogin),
    created_time: toUnixSeconds(admin.createdTime),
    updated_time: toUnixSeconds(admin.updatedTime),
  };
}

export function toUserGroupResponse(group: UserGroup): UserGroupResponseDto {
  return {
    id: group.id,
    title: group.title,
    description: group.description,
    level: group.level,
    status: group.status,
    price: group.price,
    discount: group.discount,
    share_reward: group.shareReward,
    parent_reward: group.parentReward,
    expire_day: group.expireDay,
    setting: {
      share_reward: group.shareReward,
      parent_reward: group.parentReward,
      discount: group.discount,
      expire_day: group.expireDay,
    },
    created_time: toUnixSeconds(group.createdTime),
    updated_time: toUnixSeconds(group.updatedTime),
  };
}
