import {
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Req,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiDefaultResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  AnyAccount,
  CurrentPrincipal,
  Public,
  StaffPermission,
} from '../../common/auth/access.decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { RawResponse } from '../../common/http/envelope.interceptor.js';
import { NoIdempotencyKey } from '../../common/http/idempotent-route.js';
import { ApiEnvelope, ErrorEnvelopeDto } from '../../common/swagger/api-envelope.decorators.js';
import { AttachmentErrors } from '../attachments.errors.js';
import { AttachmentResponseDto } from '../dto/attachment.response.dto.js';
import { AttachmentService } from '../services/attachment.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';

@ApiTag('Attachments')
@Controller()
export class AttachmentController {
  constructor(private readonly attachments: AttachmentService) {}

  @Post('api/attachment/upload')
  @HttpCode(200)
  @AnyAccount()
  @NoIdempotencyKey(
    'a multipart stream is never buffered to be hashed; a retry stores one more file',
  )
  @StaffPermission('attachments.upload')
  @ApiOperation({
    summary: 'Upload an image (customer or staff)',
    description:
      'multipart/form-data with one file in the field `file`. JPEG, PNG, GIF or WebP, recognised from the bytes (the name and the declared type are ignored); at most UPLOAD_MAX_BYTES. Use the returned `url` in `images`, sketch/finished images and image messages.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiEnvelope(AttachmentResponseDto, {
    errors: [
      AttachmentErrors.notMultipart,
      AttachmentErrors.noFile,
      AttachmentErrors.tooLarge,
      AttachmentErrors.empty,
      AttachmentErrors.notAnImage,
      AttachmentErrors.badUpload,
    ],
  })
  upload(@CurrentPrincipal() uploader: Principal, @Req() request: FastifyRequest) {
    return this.attachments.upload(uploader, request);
  }

  @Get('uploads/:month/:file')
  @Public()
  @RawResponse()
  @Header('cache-control', 'public, max-age=31536000, immutable')
  @ApiOperation({
    summary: 'An uploaded image, as raw bytes',
    description: 'Not an envelope: the image itself. Unknown files answer 404.',
  })
  @ApiProduces('image/jpeg', 'image/png', 'image/gif', 'image/webp')
  @ApiOkResponse({ description: 'The image', schema: { type: 'string', format: 'binary' } })
  @ApiDefaultResponse({ description: '404 with an error envelope', type: ErrorEnvelopeDto })
  async serve(@Param('month') month: string, @Param('file') file: string) {
    const opened = await this.attachments.open(`${month}/${file}`);
    return new StreamableFile(opened.stream, { type: opened.mimeType, length: opened.size });
  }
}
