import { Transform } from 'class-transformer';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { COMM_ORDER_STATUSES, CommOrderStatus } from '../../communication/comm-order-status.js';
import {
  MAX_CONTENT_LENGTH,
  MAX_REASON_LENGTH,
} from '../../communication/dto/comm-order.request.dto.js';
import {
  IsDbId,
  IsDbInt,
  OptionalNotNull,
  queryInteger,
} from '../../common/validation/db-bounds.decorators.js';
import { trimString } from '../../common/validation/dto-limits.js';
import { LoginRequestDto } from '../../users/dto/account.request.dto.js';

/**
 * What the staff pages' forms and links send: strings (form fields and query strings), turned
 * into the inputs of the communication services, which validate them again as the API does.
 */

/** An empty field (`?customer=`) means "not filtered". */
const optionalText = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() || undefined : value;

export class InboxFormDto {
  @OptionalNotNull()
  @Transform(queryInteger)
  @IsIn(COMM_ORDER_STATUSES)
  status?: CommOrderStatus;

  @OptionalNotNull()
  @Transform(queryInteger)
  @IsIn([0, 1])
  unread?: number;

  @OptionalNotNull()
  @Transform(optionalText)
  @IsString()
  @Length(1, 64)
  customer?: string;

  @OptionalNotNull()
  @Transform(optionalText)
  @IsString()
  @Length(1, 100)
  text?: string;

  @OptionalNotNull()
  @IsDbInt({ query: true, min: 1, max: 10_000 })
  page?: number;
}

export class RequestIdParamDto {
  @IsDbId({ query: true })
  id: number;
}

export class ThreadQueryDto {
  /** Scroll back: the messages before this one. */
  @OptionalNotNull()
  @IsDbId({ query: true, bigint: true })
  before?: number;
}

export class SignInFormDto extends LoginRequestDto {
  @OptionalNotNull()
  @IsString()
  @Length(0, 500)
  next?: string;
}

export class ReplyFormDto {
  @Transform(trimString)
  @IsString()
  @Length(1, MAX_CONTENT_LENGTH)
  content: string;
}

export class QuoteFormDto {
  /** Yuan with up to two decimals; the communication module parses it into fen. */
  @Transform(trimString)
  @IsString()
  @Length(1, 16)
  price: string;

  /** A quote prices the whole request, one order line of quantity 1 (see the accept rules). */
  @OptionalNotNull()
  @Transform(queryInteger)
  @IsIn([1])
  quantity?: number;

  /** The last day the quote may be accepted (the browser's date input), or empty. */
  @OptionalNotNull()
  @Transform(optionalText)
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  expires?: string;

  /** The browser's offset from UTC in minutes (east positive), filled in by the script. */
  @OptionalNotNull()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,4}$/.test(value.trim()) ? Number(value) : undefined,
  )
  @IsDbInt({ min: -720, max: 840 })
  utc_offset?: number;

  @Transform(trimString)
  @IsString()
  @Length(1, MAX_CONTENT_LENGTH)
  note: string;
}

export class CancelFormDto {
  @Transform(trimString)
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  reason: string;
}
