-- The start-of-work counts (policy §5: projects of 1亿 and more started in Q1) look projects up by
-- their actual start within a few months of one year; without this index every count of the
-- indicator table would read the whole registry.
create index projects_actual_start_idx on projects (actual_start) where actual_start is not null;
