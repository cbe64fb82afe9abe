-- The dashboard reads a close's headline figures and the regions' light counts on every load. In
-- `content` they sit beside the red-project list, which at province scale runs to tens of
-- thousands of lines, and reading any part of a jsonb value reads all of it. So each close keeps
-- the small part in its own column, written with the close and as immutable as the rest.
alter table month_closes add column summary jsonb;

alter table month_closes disable trigger month_closes_immutable;
update month_closes
   set summary = jsonb_build_object(
         'headline', content->'headline',
         'regions', (select coalesce(jsonb_agg(jsonb_build_object('code', r->'code', 'lights', r->'lights')), '[]'::jsonb)
                       from jsonb_array_elements(content->'regions') r));
alter table month_closes enable trigger month_closes_immutable;

alter table month_closes alter column summary set not null;
