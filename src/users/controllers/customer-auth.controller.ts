import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth/access.decorators.js';
import { APP_CONFIG } from '../../common/config/app-config.js';
import type { AppConfig } from '../../common/config/app-config.js';
import { ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { LoginThrottled, THROTTLED } from '../../login-throttle/login-throttle.decorator.js';
import { CustomerLoginRequestDto, RegisterRequestDto } from '../dto/account.request.dto.js';
import { UserWithTokenDto } from '../dto/user.response.dto.js';
import { CustomerAccountService } from '../services/customer-account.service.js';
import { UserErrors } from '../users.errors.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

/** Why a registration is refused: documented, and counted by the throttle. */
const REGISTER_REFUSALS = [
  UserErrors.userNameTaken,
  UserErrors.emailTaken,
  UserErrors.phoneTaken,
  UserErrors.inviterNotFound,
];

@ApiTag('Account')
@Controller('api')
export class CustomerAuthController {
  constructor(
    private readonly accounts: CustomerAccountService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('register')
  @HttpCode(200)
  @Public()
  // Refused names/emails/phones count per address: they are what an account enumerator gets.
  @LoginThrottled({
    realm: 'register',
    perAccount: false,
    failures: REGISTER_REFUSALS,
  })
  @ApiOperation({
    summary: 'Register a customer and log in',
    description: 'Sets the `token` cookie too.',
  })
  @ApiEnvelope(UserWithTokenDto, {
    errors: [...REGISTER_REFUSALS, THROTTLED],
  })
  async register(
    @Body() body: RegisterRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.withCookie(reply, await this.accounts.register(body));
  }

  @Post('login')
  @HttpCode(200)
  @Public()
  @LoginThrottled({ realm: 'customer', perAccount: true, failures: [UserErrors.badCredentials] })
  @ApiOperation({
    summary: 'Log in with user name, email or phone',
    description:
      'One of user_name, email or phone, plus password (as AnqiCMS). Sets the `token` cookie too.',
  })
  @ApiEnvelope(UserWithTokenDto, {
    errors: [
      UserErrors.badCredentials,
      UserErrors.disabled,
      UserErrors.loginIdRequired,
      UserErrors.loginAmbiguous,
      UserErrors.loginPlatformUnsupported,
      THROTTLED,
    ],
  })
  // Try it out sends this as-is: the demo customer (npm start seeds it), one identifier only.
  @ApiBody({
    type: CustomerLoginRequestDto,
    examples: {
      demo: { summary: 'The demo customer', value: { user_name: 'demo', password: 'demo123' } },
    },
  })
  async login(
    @Body() body: CustomerLoginRequestDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.withCookie(reply, await this.accounts.login(body));
  }

  private withCookie<T extends { token: string }>(reply: FastifyReply, result: T): T {
    reply.setCookie('token', result.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.isProduction,
      maxAge: this.config.tokenTtlSeconds,
    });
    return result;
  }
}
