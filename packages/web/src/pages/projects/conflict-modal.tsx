import { Alert, Button, Modal, Table } from 'antd';
import type { CreateProjectBody, Project } from '../../api/types.ts';
import { useReference } from '../../app/reference-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/dictionary.ts';
import { formatWanNumber } from '../../lib/format.ts';
import { bodyFromValues, valuesFromProject } from './project-form-values.ts';

type Field = keyof CreateProjectBody;
type Row = { field: Field; yours: string; theirs: string };

const fieldKey = (field: Field): MessageKey => `field.${field}`;

const FIELDS: Field[] = [
  'name',
  'code',
  'ownerName',
  'regionCode',
  'address',
  'sectorCode',
  'fundingSource',
  'highTech',
  'totalInvestment',
  'stage',
  'startYear',
  'endYear',
  'plannedYear',
  'plannedStart',
  'plannedCompletion',
  'actualStart',
  'actualCompletion',
  'lists',
  'leadingOfficial',
  'officialInCharge',
  'responsibleDepartmentId',
  'serviceUnitIds',
  'team',
  'content',
  'lng',
  'lat',
];

type Props = {
  current: Project;
  yours: CreateProjectBody;
  onReload: () => void;
  onKeepEditing: () => void;
};

/** Shown on 409: what the other person saved next to what this clerk typed, field by field. */
export function ConflictModal({ current, yours, onReload, onKeepEditing }: Props) {
  const { t, labels } = useI18n();
  const reference = useReference();
  const theirs = bodyFromValues(valuesFromProject(current));

  const show = (field: Field, body: CreateProjectBody): string => {
    const value = body[field];
    if (value === null || value === undefined || value === '') return '—';
    switch (field) {
      case 'regionCode':
        return reference.regionName(body.regionCode);
      case 'sectorCode':
        return reference.sectors.find((sector) => sector.code === body.sectorCode)?.name ?? body.sectorCode;
      case 'fundingSource':
        return labels.funding[body.fundingSource];
      case 'stage':
        return labels.stage[body.stage];
      case 'highTech':
        return body.highTech ? t('common.yes') : t('common.no');
      case 'totalInvestment':
        return `${formatWanNumber(body.totalInvestment)} 万元`;
      case 'lists':
        return (body.lists ?? []).map(reference.listName).join('、') || '—';
      case 'responsibleDepartmentId':
        return reference.departmentName(body.responsibleDepartmentId);
      case 'serviceUnitIds':
        return (body.serviceUnitIds ?? []).map(reference.departmentName).join('、') || '—';
      case 'team':
        return (body.team ?? []).map((member) => `${member.name}（${member.duty}）`).join('、') || '—';
      default:
        return String(value);
    }
  };

  const rows: Row[] = FIELDS.map((field) => ({
    field,
    yours: show(field, yours),
    theirs: show(field, theirs),
  })).filter((row) => row.yours !== row.theirs);

  return (
    <Modal
      open
      width={760}
      title={t('conflict.title')}
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
        title={t('conflict.body', { version: current.version })}
        style={{ marginBottom: 12 }}
      />
      <Table<Row>
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('conflict.noFieldDiff') }}
        columns={[
          {
            title: t('conflict.field'),
            dataIndex: 'field',
            width: 140,
            render: (field: Field) => t(fieldKey(field)),
          },
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
