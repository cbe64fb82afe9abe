import { Alert, Button, Modal, Table } from 'antd';
import { useReference } from '../../app/reference-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/dictionary.ts';
import { formatWanNumber } from '../../lib/format.ts';
import type { Indicator, IndicatorBody } from './admin-api.ts';
import {
  bodyFromValues,
  levelKey,
  measureKey,
  valuesFromIndicator,
  type IndicatorFormValues,
} from './indicator-form-values.ts';

type Row = { key: string; label: string; yours: string; theirs: string };

type Props = {
  current: Indicator;
  yours: IndicatorFormValues;
  onReload: () => void;
  onKeepEditing: () => void;
};

/** Shown on 409: what the other person saved next to what this user typed, field by field. */
export function IndicatorConflictModal({ current, yours, onReload, onKeepEditing }: Props) {
  const { t, labels } = useI18n();
  const reference = useReference();
  const theirs = bodyFromValues(valuesFromIndicator(current));
  const mine = bodyFromValues(yours);
  const sectorName = (code: string) => reference.sectors.find((sector) => sector.code === code)?.name ?? code;
  const join = (values: string[]) => values.join('、') || t('indicatorAdmin.any');

  const fields: [MessageKey, (body: IndicatorBody) => string][] = [
    ['indicatorAdmin.name', (body) => body.name],
    ['indicatorAdmin.measure', (body) => t(measureKey(body.measure))],
    ['indicatorAdmin.targetLevel', (body) => t(levelKey(body.targetLevel))],
    ['indicatorAdmin.sectors', (body) => join(body.filter.sectors.map(sectorName))],
    [
      'indicatorAdmin.funding',
      (body) => join(body.filter.fundingSources.map((value) => labels.funding[value])),
    ],
    [
      'indicatorAdmin.highTech',
      (body) =>
        body.filter.highTech === null
          ? t('indicatorAdmin.any')
          : body.filter.highTech
            ? t('common.yes')
            : t('common.no'),
    ],
    ['indicatorAdmin.lists', (body) => join(body.filter.lists.map(reference.listName))],
    ['indicatorAdmin.stages', (body) => join(body.filter.stages.map((value) => labels.stage[value]))],
    [
      'indicatorAdmin.minTotal',
      (body) =>
        body.filter.minTotalInvestment === null
          ? t('indicatorAdmin.any')
          : formatWanNumber(body.filter.minTotalInvestment),
    ],
    [
      'indicatorAdmin.window',
      (body) =>
        body.window
          ? t('indicatorAdmin.summaryWindow', { from: body.window.fromMonth, to: body.window.toMonth })
          : '—',
    ],
    ['indicatorAdmin.sortOrder', (body) => String(body.sortOrder)],
  ];

  const rows: Row[] = fields
    .map(([key, show]) => ({ key, label: t(key), yours: show(mine), theirs: show(theirs) }))
    .filter((row) => row.yours !== row.theirs);

  return (
    <Modal
      open
      width={720}
      title={t('indicatorAdmin.conflictTitle')}
      closable={false}
      mask={{ closable: false }}
      footer={[
        <Button key="keep" onClick={onKeepEditing}>
          {t('conflict.keep')}
        </Button>,
        <Button key="reload" type="primary" onClick={onReload} data-testid="conflict-reload">
          {t('conflict.reload')}
        </Button>,
      ]}
    >
      <Alert
        type="warning"
        showIcon
        title={t('indicatorAdmin.conflictBody', { version: current.version })}
        style={{ marginBottom: 12 }}
      />
      <Table<Row>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('conflict.noFieldDiff') }}
        columns={[
          { title: t('conflict.field'), dataIndex: 'label', width: 160 },
          { title: t('conflict.yours'), dataIndex: 'yours' },
          {
            title: t('conflict.theirs'),
            dataIndex: 'theirs',
            render: (value: string) => <strong style={{ color: '#d4380d' }}>{value}</strong>,
          },
        ]}
      />
    </Modal>
  );
}
