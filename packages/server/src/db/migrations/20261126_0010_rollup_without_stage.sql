-- The rollup's cells no longer split by stage. None of the policy's sum indicators filters on
-- stage, and at province scale the stage split multiplied a year's cells by six (54 000 possible
-- cells at 100 regions), which made the indicator table's one pass over them the slow part. A sum
-- indicator that does filter on stage is answered from the project-year rows instead (the
-- indicators repository's fallback path), which keep the stage.

create table investment_rollup_by_cell (
  year integer not null,
  region_code text not null,
  sector_code text not null,
  funding_source text not null,
  high_tech boolean not null,
  monthly numeric[] not null default array_fill(0::numeric, array[12]),
  planned numeric not null default 0,
  primary key (year, region_code, sector_code, funding_source, high_tech)
);

insert into investment_rollup_by_cell (year, region_code, sector_code, funding_source, high_tech, monthly, planned)
select year, region_code, sector_code, funding_source, high_tech,
       array[sum(monthly[1]), sum(monthly[2]), sum(monthly[3]), sum(monthly[4]), sum(monthly[5]), sum(monthly[6]), sum(monthly[7]), sum(monthly[8]), sum(monthly[9]), sum(monthly[10]), sum(monthly[11]), sum(monthly[12])]::numeric[],
       sum(planned)
  from investment_rollup
 group by year, region_code, sector_code, funding_source, high_tech;

drop table investment_rollup;
alter table investment_rollup_by_cell rename to investment_rollup;
alter index investment_rollup_by_cell_pkey rename to investment_rollup_pkey;

create or replace function investment_rollup_track() returns trigger language plpgsql as $$
declare
  source text := case tg_op
    when 'INSERT' then 'select *, 1 as sign from new_rows'
    when 'DELETE' then 'select *, -1 as sign from old_rows'
    else 'select *, 1 as sign from new_rows union all select *, -1 as sign from old_rows'
  end;
begin
  execute format($sql$
    insert into investment_rollup as r
      (year, region_code, sector_code, funding_source, high_tech, monthly, planned)
    select year, region_code, sector_code, funding_source, high_tech,
           array[%s]::numeric[],
           sum(sign * planned)
      from (%s) d
     group by year, region_code, sector_code, funding_source, high_tech
    on conflict (year, region_code, sector_code, funding_source, high_tech) do update
       set monthly = array[%s]::numeric[],
           planned = r.planned + excluded.planned
  $sql$,
    'sum(sign * monthly[1]), sum(sign * monthly[2]), sum(sign * monthly[3]), sum(sign * monthly[4]), sum(sign * monthly[5]), sum(sign * monthly[6]), sum(sign * monthly[7]), sum(sign * monthly[8]), sum(sign * monthly[9]), sum(sign * monthly[10]), sum(sign * monthly[11]), sum(sign * monthly[12])',
    source,
    'r.monthly[1] + excluded.monthly[1], r.monthly[2] + excluded.monthly[2], r.monthly[3] + excluded.monthly[3], r.monthly[4] + excluded.monthly[4], r.monthly[5] + excluded.monthly[5], r.monthly[6] + excluded.monthly[6], r.monthly[7] + excluded.monthly[7], r.monthly[8] + excluded.monthly[8], r.monthly[9] + excluded.monthly[9], r.monthly[10] + excluded.monthly[10], r.monthly[11] + excluded.monthly[11], r.monthly[12] + excluded.monthly[12]');
  return null;
end $$;
