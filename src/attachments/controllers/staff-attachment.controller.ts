import { Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Admin, StaffPermission } from '../../common/auth/access.decorators.js';
import { CurrentActor } from '../../common/auth/current-actor.js';
import type { StaffActor } from '../../common/state-machine/actor.js';
import { NoIdempotencyKey } from '../../common/http/idempotent-route.js';
import {
  ApiArrayEnvelope,
  ApiEnvelope,
  ApiPageEnvelope,
} from '../../common/swagger/api-envelope.decorators.js';
import { ApiTag } from '../../common/swagger/api-tags.js';
import { UPLOAD_ERRORS } from '../attachments.errors.js';
import { StaffAttachmentListQueryDto } from '../dto/attachment.request.dto.js';
import {
  AttachmentCategoryResponseDto,
  AttachmentResponseDto,
} from '../dto/attachment.response.dto.js';
import { AttachmentService } from '../services/attachment.service.js';

/**
 * The staff panel's image picker and upload dialog (`src/components/attachment`), at AnqiCMS's
 * paths: the same upload as `POST /api/attachment/upload`, and the library of staff uploads.
 */
@ApiTag('Staff: catalogue')
@Admin()
@StaffPermission('attachments.upload')
@Controller('system/api/attachment')
export class StaffAttachmentController {
  constructor(private readonly attachments: AttachmentService) {}

  @Post('upload')
  @HttpCode(200)
  @NoIdempotencyKey(
    'a multipart stream is never buffered to be hashed; a retry stores one more file',
  )
  @ApiOperation({
    summary: 'Upload an image (the panel’s upload dialog)',
    description:
      'multipart/form-data with the image in `file`; the dialog’s `category_id`, `file_name` and `md5` fields are ignored. Files the panel splits into pieces (`chunks` > 1, over 2 MB) are refused with ATTACHMENT.CHUNKED. Answers the attachment (`logo` is the URL the product form keeps).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        category_id: { type: 'string', description: 'Ignored' },
        file_name: { type: 'string', description: 'Ignored: the file part’s name is kept' },
        md5: { type: 'string', description: 'Ignored' },
        chunks: { type: 'string', description: 'More than 1 is refused' },
      },
    },
  })
  @ApiEnvelope(AttachmentResponseDto, { errors: UPLOAD_ERRORS })
  upload(@CurrentActor() staff: StaffActor, @Req() request: FastifyRequest) {
    return this.attachments.upload(staff, request);
  }

  @Get('list')
  @ApiOperation({
    summary: 'Images staff uploaded, newest first (the panel’s image picker)',
    description: 'Paging current + pageSize; `q` searches file names; `category_id` is ignored.',
  })
  @ApiPageEnvelope(AttachmentResponseDto)
  list(@Query() query: StaffAttachmentListQueryDto) {
    return this.attachments.staffList(query);
  }

  @Get('category/list')
  @ApiOperation({
    summary: 'Image folders: none (an empty list; the picker shows all images)',
  })
  @ApiArrayEnvelope(AttachmentCategoryResponseDto)
  categories() {
    return [];
  }
}
