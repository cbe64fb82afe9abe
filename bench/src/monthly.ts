import { MONTHLY_SHEET_FIELDS, MONTHLY_SHEET_HEADERS, type MonthlySheetField } from '@beacon/domain';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../packages/server/src/db/schema.ts';
import { writeWorkbook, type ExportCell } from '../../packages/server/src/modules/projects/excel.ts';

/** One row of a filled-in monthly sheet: a project and the month's figures. */
export type SheetRow = {
  code: string;
  name: string;
  owner: string;
  region: string;
  amount: string;
  percent: string;
};

/**
 * The month's batch: `size` projects under construction with a project code, chosen by a hash of
 * name and month (reproducible), with an amount in the range the generator gives them.
 */
export async function monthlyBatch(
  db: Kysely<DB>,
  period: { year: number; month: number },
  size: number,
): Promise<SheetRow[]> {
  const { rows } = await sql<SheetRow>`
    select p.code, p.name, e.name as owner, r.name as region,
           round((p.total_investment::float8
             / greatest(12, (extract(year from age(p.planned_completion, p.planned_start)) * 12
                             + extract(month from age(p.planned_completion, p.planned_start)) + 1))::float8
             * (0.6 + 0.8 * (('x' || substr(md5(p.name || ${`:${period.year}:${period.month}`}), 1, 8))::bit(32)::bigint
                             / 4294967296.0)))::numeric, 2)::text as amount,
           '60.00' as percent
      from projects p
      join enterprises e on e.id = p.owner_id
      join regions r on r.code = p.region_code
     where p.stage = 'construction' and p.code is not null
     order by md5(p.name || ${`:${period.year}:${period.month}`})
     limit ${size}`.execute(db);
  return rows;
}

/** The batch as the monthly sheet the download gives (title row, header row, the same columns), filled in. */
export async function monthlySheet(
  period: { year: number; month: number },
  rows: SheetRow[],
): Promise<Buffer> {
  return writeWorkbook({
    name: `${period.month}月`,
    title: `${period.year}年${period.month}月项目月报（共 ${rows.length} 个项目）`,
    columns: MONTHLY_SHEET_FIELDS.map((field) => ({ header: MONTHLY_SHEET_HEADERS[field], width: 16 })),
    rows: rows.map((row) => {
      const values: Record<MonthlySheetField, ExportCell> = {
        code: row.code,
        name: row.name,
        owner: row.owner,
        region: row.region,
        planned: null,
        cumulative: null,
        amount: row.amount,
        physicalProgress: '主体施工',
        percentComplete: Number(row.percent),
        startedOn: null,
        statsRegistered: '是',
      };
      return MONTHLY_SHEET_FIELDS.map((field) => values[field]);
    }),
  });
}

/**
 * The floor of the import: the same writes in hand-written set-based SQL — the month's accepted
 * first revisions, the summary rows (the rollup follows by its statement trigger) — in one
 * transaction that is rolled back, so the import then runs on the same month as if the floor never
 * had. It skips what the import adds on top: reading the workbook, checking every cell, the
 * existing-revision lookup and the audit.
 */
export async function importFloor(
  db: Kysely<DB>,
  period: { year: number; month: number },
  rows: SheetRow[],
  reviewerId: string,
) {
  const batch = JSON.stringify(
    rows.map((row) => ({ code: row.code, amount: row.amount, percent: row.percent })),
  );
  await db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    try {
      await sql`create temp table bench_batch on commit drop as
        select p.id as project_id, b.amount, b.percent
          from jsonb_to_recordset(${batch}::jsonb) as b(code text, amount numeric(18, 4), percent numeric(5, 2))
          join projects p on p.code = b.code`.execute(conn);
      await sql`insert into progress_reports (project_id, year, month, revision, state, completed_amount,
          physical_progress, percent_complete, stats_registered, submitted_at, late, reviewed_by, reviewed_at,
          created_by)
        select project_id, ${period.year}::int, ${period.month}::int, 1, 'accepted', amount, '主体施工', percent,
               true, now(), false, ${reviewerId}::uuid, now(), ${reviewerId}::uuid
          from bench_batch`.execute(conn);
      await sql`insert into project_year_progress (project_id, year)
        select project_id, ${period.year}::int from bench_batch
        on conflict (project_id, year) do nothing`.execute(conn);
      await sql`update project_year_progress y
           set monthly[${sql.lit(period.month)}] = b.amount,
               accepted_through_month = greatest(y.accepted_through_month, ${period.month}::int),
               updated_at = now()
          from bench_batch b
         where y.project_id = b.project_id and y.year = ${period.year}::int`.execute(conn);
    } finally {
      await sql`rollback`.execute(conn);
    }
  });
}
