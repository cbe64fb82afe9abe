import { Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import type { AuditEvent } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';

type Row = { key: string; before: string; after: string; changed: boolean };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const show = (value: unknown) => (value === undefined ? '' : JSON.stringify(value));

/** Before and after side by side, field by field, with the changed fields first and marked. */
export function AuditDiff({ event }: { event: AuditEvent }) {
  const { t } = useI18n();
  const [showAll, setShowAll] = useState(false);
  const before = isRecord(event.before) ? event.before : event.before === null ? {} : { value: event.before };
  const after = isRecord(event.after) ? event.after : event.after === null ? {} : { value: event.after };
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const rows: Row[] = keys
    .map((key) => {
      const a = show(before[key]);
      const b = show(after[key]);
      return { key, before: a, after: b, changed: a !== b };
    })
    .sort((x, y) => Number(y.changed) - Number(x.changed));
  const changed = rows.filter((row) => row.changed);
  const visible = showAll ? rows : changed;

  return (
    <div data-testid="audit-diff">
      <div style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Text strong>
          {t('audit.changed')}：
          {changed.length ? changed.map((row) => row.key).join('、') : t('audit.noChange')}
        </Typography.Text>
        <span>
          <Switch size="small" checked={showAll} onChange={setShowAll} /> {t('audit.showAll')}
        </span>
      </div>
      <Table<Row>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={visible}
        columns={[
          { title: t('conflict.field'), dataIndex: 'key', width: 200 },
          {
            title: t('audit.before'),
            dataIndex: 'before',
            render: (value: string, row) => (
              <code className={row.changed ? 'diff-old' : undefined}>{value || '—'}</code>
            ),
          },
          {
            title: t('audit.after'),
            dataIndex: 'after',
            render: (value: string, row) => (
              <code className={row.changed ? 'diff-new' : undefined}>{value || '—'}</code>
            ),
          },
        ]}
      />
      {event.requestId && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('audit.requestId')}：{event.requestId}
        </Typography.Text>
      )}
    </div>
  );
}
