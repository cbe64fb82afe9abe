-- Text search on the project list ("name, code or owner contains …") must not scan the registry:
-- trigram GIN indexes serve ILIKE '%term%' on each column.
create extension if not exists pg_trgm;
create index projects_name_trgm_idx on projects using gin (name gin_trgm_ops);
create index projects_code_trgm_idx on projects using gin (code gin_trgm_ops);
create index enterprises_name_trgm_idx on enterprises using gin (name gin_trgm_ops);
