import { toUnixSeconds } from '../common/database/column-types.js';
import { AdminResponseDto, UserResponseDto } from './dto/user.response.dto.js';
import { Admin } from './entities/admin.entity.js';
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
  };
}

export function toAdminResponse(admin: Admin): AdminResponseDto {
  return {
    id: admin.id,
    user_name: admin.userName,
    real_name: admin.realName,
    status: admin.status,
    last_login: toUnixSeconds(admin.lastLogin),
    created_time: toUnixSeconds(admin.createdTime),
    updated_time: toUnixSeconds(admin.updatedTime),
  };
}
