import { ApiRequestExample, ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Admin, StaffPermission } from '../../common/auth/access.decorators.js';
import { ApiEnvelope, ApiPageEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import { CouponErrors } from '../coupons.errors.js';
import {
  CouponCodeResponseDto,
  CouponCodesQueryDto,
  CouponCodeStatusRequestDto,
  CouponIdBodyDto,
  CouponIdQueryDto,
  CouponListQueryDto,
  CouponResponseDto,
  GenerateCodesRequestDto,
  SaveCouponRequestDto,
} from '../dto/coupon.dto.js';
import { CouponAdminService } from '../services/coupon-admin.service.js';
import { CouponCodeAdminService } from '../services/coupon-code-admin.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

@ApiTag('Staff: coupons')
@Admin()
@StaffPermission('coupons.manage')
@Controller('system/api/coupon')
export class AdminCouponController {
  constructor(
    private readonly coupons: CouponAdminService,
    private readonly codes: CouponCodeAdminService,
  ) {}

  @Get('list')
  @ApiOperation({ summary: 'Coupons, newest first (filters: status, keyword in the name)' })
  @ApiPageEnvelope(CouponResponseDto)
  list(@Query() query: CouponListQueryDto) {
    return this.coupons.list(query);
  }

  @Get('detail')
  @ApiOperation({ summary: 'One coupon' })
  @ApiEnvelope(CouponResponseDto, { errors: [CouponErrors.notFound] })
  detail(@Query() query: CouponIdQueryDto) {
    return this.coupons.detail(query.id);
  }

  @Post('detail')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create (no id) or update (id) a coupon',
    description: 'Updates change only the fields sent. Times are unix seconds, 0 = none.',
  })
  @ApiEnvelope(CouponResponseDto, {
    errors: [CouponErrors.notFound, CouponErrors.invalidRule, CouponErrors.limitBelowUsed],
  })
  save(@Body() body: SaveCouponRequestDto) {
    return this.coupons.save(body);
  }

  @ApiExampleNeeds(
    'put the id of a coupon you created (POST /system/api/coupon/detail); the demo WELCOME10 coupon is id 1.',
  )
  @Post('delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a coupon (soft: its codes stop working)' })
  @ApiEnvelope('null', { errors: [CouponErrors.notFound] })
  delete(@Body() body: CouponIdBodyDto) {
    return this.coupons.delete(body.id);
  }

  @Get('codes')
  @ApiOperation({ summary: "A coupon's voucher codes, newest first" })
  @ApiPageEnvelope(CouponCodeResponseDto, { errors: [CouponErrors.notFound] })
  codeList(@Query() query: CouponCodesQueryDto) {
    return this.codes.list(query);
  }

  @Post('codes/generate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Make voucher codes: one named `code`, or `count` random ones',
    description: 'Codes are case-insensitive (stored upper-case) and unique across coupons.',
  })
  @ApiPageEnvelope(CouponCodeResponseDto, {
    description: 'The codes made; total = how many',
    errors: [CouponErrors.notFound, CouponErrors.codeTaken],
  })
  @ApiRequestExample(GenerateCodesRequestDto, 'Five random codes for the demo coupon', {
    coupon_id: 1,
    count: 5,
    prefix: 'VIP-',
    usage_limit: 1,
  })
  generate(@Body() body: GenerateCodesRequestDto) {
    return this.codes.generate(body);
  }

  @Post('code/status')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable (0) or re-enable (1) one voucher code' })
  @ApiEnvelope(CouponCodeResponseDto, { errors: [CouponErrors.notFound] })
  codeStatus(@Body() body: CouponCodeStatusRequestDto) {
    return this.codes.setStatus(body);
  }
}
