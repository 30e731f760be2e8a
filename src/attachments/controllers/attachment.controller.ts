import { ApiExampleNeeds } from '../../common/swagger/openapi-first-contact.js';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiDefaultResponse,
  ApiFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Admin, AnyAccount, Public, StaffPermission } from '../../common/auth/access.decorators.js';
import { CurrentActor } from '../../common/auth/current-actor.js';
import type { PersonActor } from '../../common/state-machine/actor.js';
import { RawResponse } from '../../common/http/envelope.interceptor.js';
import { NoIdempotencyKey } from '../../common/http/idempotent-route.js';
import { ApiEnvelope, ErrorEnvelopeDto } from '../../common/swagger/api-envelope.decorators.js';
import { AttachmentErrors, UPLOAD_ERRORS } from '../attachments.errors.js';
import { AttachmentDeleteRequestDto } from '../dto/attachment-delete.request.dto.js';
import { AttachmentResponseDto } from '../dto/attachment.response.dto.js';
import { AttachmentService } from '../services/attachment.service.js';
import type { OpenedUpload } from '../services/attachment.service.js';
import { ApiTag } from '../../common/swagger/api-tags.js';
import { PRESIGNED_URL_SECONDS } from '../storage/s3-facts.js';

const REDIRECT_CACHE_SECONDS = Math.floor(PRESIGNED_URL_SECONDS / 5);

/** The bytes (immutable: keys never change), or a redirect to the bucket. */
function send(reply: FastifyReply, opened: OpenedUpload): StreamableFile | string {
  if ('redirect' in opened) {
    // A presigned link expires: the redirect itself is cached far shorter than the link lives.
    reply
      .status(302)
      .header('location', opened.redirect)
      .header('cache-control', `private, max-age=${REDIRECT_CACHE_SECONDS}`);
    return '';
  }
  reply.header('cache-control', 'public, max-age=31536000, immutable');
  return new StreamableFile(opened.stream, { type: opened.mimeType, length: opened.size });
}

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
  @ApiEnvelope(AttachmentResponseDto, { errors: UPLOAD_ERRORS })
  upload(@CurrentActor() uploader: PersonActor, @Req() request: FastifyRequest) {
    return this.attachments.upload(uploader, request);
  }

  @ApiExampleNeeds(
    'put the id of an upload (GET /system/api/attachment/list lists them; the demo data has none).',
  )
  @Post('system/api/attachment/delete')
  @HttpCode(200)
  @Admin()
  @ApiOperation({
    summary: 'Delete an attachment (owner)',
    description:
      'AnqiCMS’s staff attachment delete (`{id}`). The row goes (audited), then the stored file ' +
      '(disk or bucket) after the commit; URLs already used in messages or products answer 404 afterwards.',
  })
  @ApiEnvelope('null', { errors: [AttachmentErrors.attachmentNotFound] })
  remove(@Body() body: AttachmentDeleteRequestDto) {
    return this.attachments.remove(body.id);
  }

  @Get('uploads/:month/:file')
  @Public()
  @RawResponse()
  @ApiOperation({
    summary: 'An uploaded image, as raw bytes (or a redirect to the bucket)',
    description:
      'Not an envelope: the image itself. With S3 storage, a 302 to the public base (S3_PUBLIC_URL) ' +
      'or to a presigned URL valid for a few minutes, so the bytes do not pass through the service. ' +
      'Unknown files answer 404.',
  })
  @ApiProduces('image/jpeg', 'image/png', 'image/gif', 'image/webp')
  @ApiOkResponse({ description: 'The image', schema: { type: 'string', format: 'binary' } })
  @ApiFoundResponse({ description: 'S3 storage: where to fetch the image (Location header)' })
  @ApiDefaultResponse({ description: '404 with an error envelope', type: ErrorEnvelopeDto })
  async serve(
    @Param('month') month: string,
    @Param('file') file: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return send(reply, await this.attachments.open(`${month}/${file}`));
  }
}
