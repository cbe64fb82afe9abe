import type { BulletinContent, BulletinProjectLine } from '@beacon/domain';
import { sql, type Kysely } from 'kysely';
import type { RequestContext, Services, Tx } from '../../context.ts';
import type { DB } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/record.ts';
import { inScope } from '../projects/repository.ts';
import { bulletinDocx, bulletinTitle, bulletinXlsx, type BulletinHeader } from './bulletin-files.ts';
import { SEES_UNPUBLISHED } from './policy.ts';

type Db = Kysely<DB> | Tx;

const META_COLUMNS = [
  'id',
  'year',
  'month',
  'edition',
  'reason',
  'as_of',
  'content_sha256',
  'closed_by_name',
  'closed_at',
  'document_number',
  'published_by_name',
  'published_at',
] as const;

type MetaRow = {
  id: string;
  year: number;
  month: number;
  edition: number;
  reason: string | null;
  as_of: string;
  content_sha256: string;
  closed_by_name: string;
  closed_at: Date;
  document_number: string | null;
  published_by_name: string | null;
  published_at: Date | null;
};

const metaDto = (row: MetaRow) => ({
  id: row.id,
  year: row.year,
  month: row.month,
  edition: row.edition,
  reason: row.reason,
  asOf: row.as_of,
  contentSha256: row.content_sha256,
  closedByName: row.closed_by_name,
  closedAt: row.closed_at.toISOString(),
  documentNumber: row.document_number,
  publishedByName: row.published_by_name,
  publishedAt: row.published_at?.toISOString() ?? null,
});

const seesUnpublished = (ctx: RequestContext) => SEES_UNPUBLISHED.includes(ctx.actor.role);

/** Closes of a year, newest first; unpublished ones only for the city commander and administrators. */
export async function listCloses(services: Services, ctx: RequestContext, year: number | undefined) {
  let query = services.db.selectFrom('month_closes').select(META_COLUMNS);
  if (year !== undefined) query = query.where('year', '=', year);
  if (!seesUnpublished(ctx)) query = query.where('published_at', 'is not', null);
  const rows = await query
    .orderBy('year', 'desc')
    .orderBy('month', 'desc')
    .orderBy('edition', 'desc')
    .execute();
  return { items: rows.map(metaDto) };
}

/**
 * One close with its bulletin. The region ranking and the city's figures are public to every
 * user in scope (晾晒); project lines (red lights, additions, removals) only name projects the
 * caller may see, so a county never reads another county's project details.
 */
export async function getClose(services: Services, ctx: RequestContext, id: string) {
  const row = await services.db
    .selectFrom('month_closes')
    .select([...META_COLUMNS, 'content'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || (row.published_at === null && !seesUnpublished(ctx))) throw notFound('月度关账');
  const content = row.content as BulletinContent;
  return { close: metaDto(row), content: await scopedContent(services.db, ctx, content) };
}

async function scopedContent(
  db: Db,
  ctx: RequestContext,
  content: BulletinContent,
): Promise<BulletinContent> {
  const scope = ctx.actor.scope;
  if (scope.kind === 'all') return content;
  let visible: (line: BulletinProjectLine) => boolean;
  if (scope.kind === 'region') {
    visible = (line) => line.regionCode === scope.regionCode;
  } else {
    const ids = [...content.redProjects, ...content.additions, ...content.removals].map((line) => line.id);
    const allowed =
      ids.length === 0
        ? new Set<string>()
        : new Set(
            (
              await db
                .selectFrom('projects')
                .select('projects.id')
                .where('projects.id', 'in', [...new Set(ids)])
                .where(inScope(scope))
                .execute()
            ).map((project) => project.id),
          );
    visible = (line) => allowed.has(line.id);
  }
  return {
    ...content,
    redProjects: content.redProjects.filter(visible),
    additions: content.additions.filter(visible),
    removals: content.removals.filter(visible),
  };
}

/**
 * The 晾晒 view: for each month of the year, the regions' ranking and light counts from the newest
 * visible edition of its close. The ranking is public to every user, as in the bulletin.
 */
export async function rankings(services: Services, ctx: RequestContext, year: number) {
  let query = services.db
    .selectFrom('month_closes')
    .select([
      'id',
      'month',
      'edition',
      'published_at',
      sql<BulletinContent['regions']>`content->'regions'`.as('regions'),
    ])
    .where('year', '=', year);
  if (!seesUnpublished(ctx)) query = query.where('published_at', 'is not', null);
  const rows = await query.orderBy('month').orderBy('edition', 'desc').execute();
  const newest = new Map<number, (typeof rows)[number]>();
  for (const row of rows) if (!newest.has(row.month)) newest.set(row.month, row);
  return {
    year,
    months: [...newest.values()].map((row) => ({
      month: row.month,
      closeId: row.id,
      edition: row.edition,
      published: row.published_at !== null,
      regions: row.regions.map((region) => ({
        code: region.code,
        name: region.name,
        rank: region.rank,
        rankChange: region.rankChange,
        completionPct: region.completionPct,
        gapPts: region.gapPts,
        growthPct: region.growthPct,
        lights: region.lights,
        light: region.light,
      })),
    })),
  };
}

/** Publishing makes the bulletin visible to every user in scope and records who published it, once. */
export async function publishClose(
  services: Services,
  ctx: RequestContext,
  id: string,
  documentNumber: string,
) {
  return services.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('month_closes')
      .select(META_COLUMNS)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('月度关账');
    if (row.published_at !== null) throw new AppError('CONFLICT', '该通报已发布，不能重复发布');
    const published = await trx
      .updateTable('month_closes')
      .set({
        document_number: documentNumber.trim(),
        published_by: ctx.actor.userId,
        published_by_name: ctx.actor.name,
        published_at: new Date(),
      })
      .where('id', '=', id)
      .returning(META_COLUMNS)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'bulletin.publish',
      objectType: 'month_close',
      objectId: id,
      after: {
        year: row.year,
        month: row.month,
        edition: row.edition,
        documentNumber: published.document_number,
      },
    });
    return metaDto(published);
  });
}

/** A project's light month by month (each edition of each close), oldest first. */
export async function projectLightHistory(services: Services, ctx: RequestContext, projectId: string) {
  const project = await services.db
    .selectFrom('projects')
    .select('projects.id')
    .where('projects.id', '=', projectId)
    .where(inScope(ctx.actor.scope))
    .executeTakeFirst();
  if (!project) throw notFound('项目');
  let query = services.db
    .selectFrom('project_lights as pl')
    .innerJoin('month_closes as c', 'c.id', 'pl.close_id')
    .select(['c.id', 'c.year', 'c.month', 'c.edition', 'pl.light', 'pl.explanation', 'pl.dimensions'])
    .where('pl.project_id', '=', projectId);
  if (!seesUnpublished(ctx)) query = query.where('c.published_at', 'is not', null);
  const rows = await query.orderBy('c.year').orderBy('c.month').orderBy('c.edition').execute();
  return {
    items: rows.map((row) => ({
      closeId: row.id,
      year: row.year,
      month: row.month,
      edition: row.edition,
      light: row.light,
      explanation: row.explanation,
      dimensions: row.dimensions as {
        dimension: string;
        light: 'green' | 'yellow' | 'red';
        explanation: string;
      }[],
    })),
  };
}

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * The bulletin of a close as a Word document or a workbook, with the same scoped content as the
 * page. A draft (not yet published) prints "未发布稿" where the document number goes.
 */
export async function bulletinFile(
  services: Services,
  ctx: RequestContext,
  id: string,
  kind: 'docx' | 'xlsx',
) {
  const row = await services.db
    .selectFrom('month_closes')
    .select([
      'id',
      'year',
      'month',
      'edition',
      'reason',
      'as_of',
      'content',
      'document_number',
      'published_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || (row.published_at === null && !seesUnpublished(ctx))) throw notFound('月度关账');
  const content = await scopedContent(services.db, ctx, row.content as BulletinContent);
  const regions = await services.db.selectFrom('regions').select(['code', 'name', 'kind']).execute();
  const city =
    regions.find((region) => region.kind === 'city') ??
    regions.find((region) => region.code === services.config.rootRegion);
  const cityName = city?.name ?? '';
  const header: BulletinHeader = {
    issuer: services.config.bulletinIssuer ?? `${cityName}重大项目推进指挥部办公室`,
    cityName: cityName.endsWith('市') ? '全市' : cityName,
    documentNumber: row.document_number,
    // China is UTC+8 all year, so the publishing instant plus eight hours is its calendar date.
    issuedOn: row.published_at
      ? new Date(row.published_at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
      : row.as_of,
    edition: row.edition,
    reason: row.reason,
    regionNames: new Map(
      regions.map((region) => [region.code, region.kind === 'city' ? `${region.name}本级` : region.name]),
    ),
  };
  const title = bulletinTitle(content, header.cityName);
  const suffix = row.edition > 1 ? `（第${row.edition}版）` : '';
  const asciiName = `bulletin-${row.year}-${String(row.month).padStart(2, '0')}-e${row.edition}.${kind}`;
  return kind === 'docx'
    ? {
        fileName: `${title}${suffix}.docx`,
        asciiFileName: asciiName,
        mime: DOCX_MIME,
        content: await bulletinDocx(content, header),
      }
    : {
        fileName: `${title}${suffix}.xlsx`,
        asciiFileName: asciiName,
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        content: await bulletinXlsx(content, header),
      };
}
