-- A rollup cell adds up many projects, each of which may hold up to numeric(18,4); a cell's sum
-- (and a statement's delta) can pass that bound where no single project does, and the overflow
-- would fail the acceptance or plan change that caused it. The cells therefore hold unbounded
-- numerics; every amount added to them still has four decimals, so the sums stay exact to the yuan.
alter table investment_rollup
  alter column monthly drop default,
  alter column monthly type numeric[] using monthly::numeric[],
  alter column monthly set default array_fill(0::numeric, array[12]),
  alter column planned type numeric;

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
      (year, region_code, sector_code, funding_source, high_tech, stage, monthly, planned)
    select year, region_code, sector_code, funding_source, high_tech, stage,
           array[%s]::numeric[],
           sum(sign * planned)
      from (%s) d
     group by year, region_code, sector_code, funding_source, high_tech, stage
    on conflict (year, region_code, sector_code, funding_source, high_tech, stage) do update
       set monthly = array[%s]::numeric[],
           planned = r.planned + excluded.planned
  $sql$,
    'sum(sign * monthly[1]), sum(sign * monthly[2]), sum(sign * monthly[3]), sum(sign * monthly[4]), sum(sign * monthly[5]), sum(sign * monthly[6]), sum(sign * monthly[7]), sum(sign * monthly[8]), sum(sign * monthly[9]), sum(sign * monthly[10]), sum(sign * monthly[11]), sum(sign * monthly[12])',
    source,
    'r.monthly[1] + excluded.monthly[1], r.monthly[2] + excluded.monthly[2], r.monthly[3] + excluded.monthly[3], r.monthly[4] + excluded.monthly[4], r.monthly[5] + excluded.monthly[5], r.monthly[6] + excluded.monthly[6], r.monthly[7] + excluded.monthly[7], r.monthly[8] + excluded.monthly[8], r.monthly[9] + excluded.monthly[9], r.monthly[10] + excluded.monthly[10], r.monthly[11] + excluded.monthly[11], r.monthly[12] + excluded.monthly[12]');
  return null;
end $$;
