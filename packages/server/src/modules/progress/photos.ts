import { createHash } from 'node:crypto';
import {
  detectPhotoType,
  PHOTO_EXTENSIONS,
  PHOTO_LIMITS,
  PHOTO_TYPES,
  photoFileName,
  type ReportState,
} from '@beacon/domain';
import type { RequestContext, Services, Tx } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import {
  findPhotoInScope,
  findReportInScope,
  listPhotoViews,
  lockReports,
  type PhotoView,
} from './repository.ts';
import type { PhotoDto } from './schemas.ts';

const AUDIT_OBJECT = 'report_photo';

/** Photos document the month being reported; once it is submitted they are part of what was reviewed. */
const EDITABLE: readonly ReportState[] = ['draft', 'returned'];

const toDto = (view: PhotoView): PhotoDto => ({
  ...view,
  createdAt: view.createdAt.toISOString(),
  url: `/api/photos/${view.id}`,
});

/** The report locked inside the caller's scope, refused unless its photos may still change. */
async function lockEditableReport(trx: Tx, ctx: RequestContext, reportId: string) {
  const report = (await lockReports(trx, ctx.actor.scope, [reportId])).get(reportId);
  if (!report) throw notFound('月报');
  if (!EDITABLE.includes(report.state) || !report.latest)
    throw new AppError('CONFLICT', '只有草稿或已退回的月报可以增删照片');
  return report;
}

/**
 * Adds one site photo to a draft or returned report: JPEG, PNG or WebP by its first bytes, at most
 * 5 MB, at most nine per report. The report row is locked, so two uploads cannot both be the ninth.
 */
export async function addPhoto(
  services: Services,
  ctx: RequestContext,
  options: { reportId: string; fileName: string | undefined; content: Buffer },
): Promise<PhotoDto> {
  const { content } = options;
  if (content.length === 0) throw new AppError('VALIDATION', '照片文件为空');
  if (content.length > PHOTO_LIMITS.maxBytes)
    throw new AppError('PAYLOAD_TOO_LARGE', `照片不能超过 ${PHOTO_LIMITS.maxBytes / 1024 / 1024} MB`);
  const type = detectPhotoType(content);
  return services.db.transaction().execute(async (trx) => {
    const report = await lockEditableReport(trx, ctx, options.reportId);
    // Checked after the scope, so a hidden report answers 404 whatever the file.
    if (!type)
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `只能上传 ${PHOTO_TYPES.map((t) => PHOTO_EXTENSIONS[t].toUpperCase()).join('、')} 格式的照片`,
      );
    const existing = await listPhotoViews(trx, report.id);
    if (existing.length >= PHOTO_LIMITS.perReport)
      throw new AppError('CONFLICT', `每份月报最多 ${PHOTO_LIMITS.perReport} 张照片，请先删除不需要的照片`);
    const { id } = await trx
      .insertInto('report_photos')
      .values({
        report_id: report.id,
        file_name: photoFileName(options.fileName, type),
        content_type: type,
        size: content.length,
        data: content,
        sha256: createHash('sha256').update(content).digest('hex'),
        uploaded_by: ctx.actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const after = toDto((await listPhotoViews(trx, report.id)).find((photo) => photo.id === id)!);
    await recordAudit(trx, ctx, {
      action: 'progress.photo.add',
      objectType: AUDIT_OBJECT,
      objectId: id,
      after,
    });
    return after;
  });
}

export async function listPhotos(services: Services, ctx: RequestContext, reportId: string) {
  const report = await findReportInScope(services.db, ctx.actor.scope, reportId);
  if (!report) throw notFound('月报');
  return { items: (await listPhotoViews(services.db, report.id)).map(toDto) };
}

/** The photo's bytes, with the type detected at upload; hidden like its report. */
export async function readPhoto(services: Services, ctx: RequestContext, id: string) {
  const photo = await findPhotoInScope(services.db, ctx.actor.scope, id);
  if (!photo) throw notFound('照片');
  return { ...photo, data: Buffer.from(photo.data), extension: PHOTO_EXTENSIONS[photo.contentType] };
}

export async function deletePhoto(services: Services, ctx: RequestContext, id: string): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    const photo = await findPhotoInScope(trx, ctx.actor.scope, id);
    if (!photo) throw notFound('照片');
    const report = await lockEditableReport(trx, ctx, photo.reportId);
    const before = toDto((await listPhotoViews(trx, report.id)).find((view) => view.id === id)!);
    await trx.deleteFrom('report_photos').where('id', '=', id).execute();
    await recordAudit(trx, ctx, {
      action: 'progress.photo.delete',
      objectType: AUDIT_OBJECT,
      objectId: id,
      before,
    });
  });
}
