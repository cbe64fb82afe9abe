-- Site photos of a monthly report (形象进度照片), and the monthly sheet as a report source.

-- Photos are small (5 MB at most, nine per report), so they live in the database with the report
-- they document: one backup, one transaction, and the report's scope guards them.
create table report_photos (
  id uuid primary key default gen_random_uuid(),
  report_id uuid not null references progress_reports (id) on delete cascade,
  file_name text not null check (length(file_name) between 1 and 200),
  -- Detected from the file's first bytes, never taken from the upload's header.
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
  size integer not null check (size between 1 and 5242880),
  data bytea not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by uuid references users (id),
  created_at timestamptz not null default now(),
  constraint report_photos_data_size_check check (octet_length(data) = size)
);
create index report_photos_report_id_idx on report_photos (report_id);
create index report_photos_uploaded_by_idx on report_photos (uploaded_by);

-- 'sheet' rows were accepted from a county's monthly sheet upload rather than a form.
alter table progress_reports drop constraint progress_reports_source_check;
alter table progress_reports
  add constraint progress_reports_source_check check (source in ('form', 'history', 'sheet'));
