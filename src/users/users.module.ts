import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../common/config/app-config.js';
import type { AppConfig } from '../common/config/app-config.js';
import { AdminAuthController } from './controllers/admin-auth.controller.js';
import { AdminCustomerController } from './controllers/admin-customer.controller.js';
import { CustomerAdminService } from './services/customer-admin.service.js';
import { StaffAccountController } from './controllers/staff-account.controller.js';
import { AdminUserGroupController } from './controllers/admin-user-group.controller.js';
import { CustomerAuthController } from './controllers/customer-auth.controller.js';
import { UserGroupController } from './controllers/user-group.controller.js';
import { UserController } from './controllers/user.controller.js';
import { Admin } from './entities/admin.entity.js';
import { UserGroup } from './entities/user-group.entity.js';
import { User } from './entities/user.entity.js';
import { AccountCheckService } from './services/account-check.service.js';
import { AdminAccountService } from './services/admin-account.service.js';
import { CustomerAccountService } from './services/customer-account.service.js';
import { StaffAccountService } from './services/staff-account.service.js';
import { TokenService } from './services/token.service.js';
import { UserBalanceService } from './services/user-balance.service.js';
import { UserDirectoryService } from './services/user-directory.service.js';
import { UserGroupAdminService } from './services/user-group-admin.service.js';
import { UserGroupService } from './services/user-group.service.js';
import { AdminTokenCheck, CustomerTokenCheck } from '../common/auth/token-check.js';
import { AdminJwtStrategy } from './strategies/admin-jwt.strategy.js';
import { CustomerJwtStrategy } from './strategies/customer-jwt.strategy.js';

/**
 * Customers, staff, customer groups, login and the passport strategies the global AccessGuard
 * runs. UserGroupService gives orders the discount/commission rules and vip memberships.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([User, Admin, UserGroup]),
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [
    CustomerAuthController,
    UserController,
    AdminAuthController,
    StaffAccountController,
    UserGroupController,
    AdminUserGroupController,
    AdminCustomerController,
  ],
  providers: [
    AccountCheckService,
    TokenService,
    CustomerAccountService,
    AdminAccountService,
    StaffAccountService,
    UserDirectoryService,
    UserBalanceService,
    CustomerAdminService,
    UserGroupService,
    UserGroupAdminService,
    CustomerJwtStrategy,
    AdminJwtStrategy,
    // The AccessGuard's token checks (src/common/auth/token-check.ts).
    { provide: CustomerTokenCheck, useExisting: CustomerJwtStrategy },
    { provide: AdminTokenCheck, useExisting: AdminJwtStrategy },
  ],
  exports: [
    CustomerTokenCheck,
    AdminTokenCheck,
    AccountCheckService,
    UserDirectoryService,
    // Staff login (the staff inbox pages); the demo's first staff account and, with
    // CustomerAccountService, the start banner's check that the demo logins still work.
    AdminAccountService,
    CustomerAccountService,
    UserBalanceService,
    UserGroupService,
  ],
})
export class UsersModule {}
