import { ApiRequestExample, ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentCustomer, CustomerOnly } from '../../common/auth/access.decorators.js';
import type { CustomerPrincipal } from '../../common/auth/principal.js';
import { ApiArrayEnvelope, ApiEnvelope } from '../../common/swagger/api-envelope.decorators.js';
import {
  AddressIdQueryDto,
  AddressIdRequestDto,
  OrderAddressResponseDto,
  SaveAddressRequestDto,
} from '../dto/order-address.dto.js';
import { OrderErrors } from '../orders.errors.js';
import { OrderAddressService } from '../services/order-address.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

@ApiTag('Order addresses')
@CustomerOnly()
@Controller('api/order')
export class OrderAddressController {
  constructor(private readonly addresses: OrderAddressService) {}

  @Get('addresses')
  @ApiOperation({ summary: 'Own saved addresses, newest first' })
  @ApiArrayEnvelope(OrderAddressResponseDto)
  list(@CurrentCustomer() me: CustomerPrincipal) {
    return this.addresses.list(me.id);
  }

  @Get('address')
  @ApiOperation({ summary: 'One own address by id, or the most recent one (null when none)' })
  @ApiEnvelope(OrderAddressResponseDto, {
    errors: [OrderErrors.addressNotFound],
    nullable: true,
  })
  get(@CurrentCustomer() me: CustomerPrincipal, @Query() query: AddressIdQueryDto) {
    return this.addresses.get(me.id, query.id);
  }

  @Post('address')
  @HttpCode(200)
  @ApiOperation({ summary: 'Save an address: without id creates, with id updates an own one' })
  @ApiEnvelope(OrderAddressResponseDto, {
    errors: [OrderErrors.addressNotFound, OrderErrors.addressLimit],
  })
  @ApiRequestExample(SaveAddressRequestDto, 'A new address', {
    name: '张三',
    phone: '13888888888',
    province: '广东省',
    city: '深圳市',
    country: '南山区',
    address_info: '科技园1号',
    postcode: '518000',
  })
  save(@CurrentCustomer() me: CustomerPrincipal, @Body() body: SaveAddressRequestDto) {
    return this.addresses.save(me.id, body);
  }

  @ApiExampleNeeds('put the id of one of your addresses (GET /api/order/addresses).')
  @Post('address/delete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete an own address (orders keep their copy)' })
  @ApiEnvelope('null', { errors: [OrderErrors.addressNotFound] })
  remove(@CurrentCustomer() me: CustomerPrincipal, @Body() body: AddressIdRequestDto) {
    return this.addresses.remove(me.id, body.id);
  }
}
