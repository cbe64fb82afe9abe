import { DeleteOutlined, EditOutlined, PlusOutlined, ScheduleOutlined } from '@ant-design/icons';
import { shanghaiDate, type MilestoneStatus } from '@beacon/domain';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Typography,
  type TableProps,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, client, unwrap } from '../../api/client.ts';
import { useReference } from '../../app/reference-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDate } from '../../lib/format.ts';
import { MilestoneStatusTag } from './plan-tags.tsx';
import type { CreateMilestoneBody, Milestone, MilestoneList, ReverseScheduleReply } from './plan-types.ts';

const errorText = (error: unknown) => (error instanceof ApiError ? error.message : String(error));
const fromDay = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);
/** An actual date records what happened, so it cannot be later than today in China. */
const afterToday = (day: Dayjs) => day.format('YYYY-MM-DD') > shanghaiDate(new Date());

type MilestoneValues = {
  name: string;
  responsibleDepartmentId?: string | null;
  responsibleUnit?: string;
  plannedDate: Dayjs;
  actualDate?: Dayjs | null;
  sortOrder?: number;
};

function bodyOf(values: MilestoneValues): CreateMilestoneBody {
  return {
    name: values.name.trim(),
    responsibleDepartmentId: values.responsibleDepartmentId ?? null,
    responsibleUnit: values.responsibleUnit?.trim() || null,
    plannedDate: values.plannedDate.format('YYYY-MM-DD'),
    actualDate: fromDay(values.actualDate),
    ...(values.sortOrder !== undefined && values.sortOrder !== null ? { sortOrder: values.sortOrder } : {}),
  };
}

function MilestoneModal({
  projectId,
  milestone,
  nextOrder,
  onClose,
  onSaved,
}: {
  projectId: string;
  milestone: Milestone | null;
  nextOrder: number;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const reference = useReference();
  const { message } = App.useApp();
  const [form] = Form.useForm<MilestoneValues>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const save = async (values: MilestoneValues) => {
    setSaving(true);
    setFailure(null);
    try {
      const body = bodyOf(values);
      if (milestone) {
        await unwrap(
          client.PATCH('/api/milestones/{id}', {
            params: { path: { id: milestone.id } },
            body: { ...body, version: milestone.version },
          }),
        );
      } else {
        await unwrap(
          client.POST('/api/projects/{id}/milestones', { params: { path: { id: projectId } }, body }),
        );
      }
      message.success(t('milestone.saved'));
      onSaved();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
        message.warning(t('milestone.conflict'));
        onSaved();
      } else {
        setFailure(errorText(error));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={milestone ? t('milestone.edit') : t('milestone.add')}
      okText={t('common.save')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<MilestoneValues>
        form={form}
        layout="vertical"
        onFinish={(values) => void save(values)}
        initialValues={
          milestone
            ? {
                name: milestone.name,
                responsibleDepartmentId: milestone.responsibleDepartmentId,
                responsibleUnit: milestone.responsibleUnit ?? '',
                plannedDate: dayjs(milestone.plannedDate),
                actualDate: milestone.actualDate ? dayjs(milestone.actualDate) : null,
                sortOrder: milestone.sortOrder,
              }
            : { sortOrder: nextOrder }
        }
        data-testid="milestone-form"
      >
        <Form.Item
          name="name"
          label={t('milestone.name')}
          rules={[{ required: true, whitespace: true, message: t('milestone.nameRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Space size={12} wrap>
          <Form.Item name="responsibleDepartmentId" label={t('milestone.department')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 240 }}
              options={reference.departments.map((department) => ({
                value: department.id,
                label: department.name,
              }))}
            />
          </Form.Item>
          <Form.Item name="responsibleUnit" label={t('milestone.unit')}>
            <Input maxLength={200} style={{ width: 220 }} />
          </Form.Item>
        </Space>
        <Space size={12} wrap>
          <Form.Item
            name="plannedDate"
            label={t('milestone.plannedDate')}
            rules={[{ required: true, message: t('milestone.plannedRequired') }]}
          >
            <DatePicker format="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item name="actualDate" label={t('milestone.actualDate')}>
            <DatePicker format="YYYY-MM-DD" disabledDate={afterToday} />
          </Form.Item>
          <Form.Item name="sortOrder" label={t('milestone.order')}>
            <InputNumber min={0} max={10000} precision={0} />
          </Form.Item>
        </Space>
      </Form>
      {failure && <Alert type="error" showIcon title={failure} />}
    </Modal>
  );
}

type ProposedRow = {
  key: number;
  name: string;
  days: number;
  plannedDate: Dayjs | null;
  responsibleDepartmentId: string | null;
  responsibleUnit: string;
};

/**
 * 倒排计划: the server proposes dates back from the deadline by a template; the user may adjust
 * every row before the milestones are created. Nothing is stored until "save".
 */
function ReverseScheduleModal({
  projectId,
  defaultDeadline,
  nextOrder,
  onClose,
  onSaved,
}: {
  projectId: string;
  defaultDeadline: string | null;
  nextOrder: number;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const reference = useReference();
  const { message } = App.useApp();
  const [deadline, setDeadline] = useState<Dayjs | null>(defaultDeadline ? dayjs(defaultDeadline) : null);
  const [templateCode, setTemplateCode] = useState<string>('');
  const [templates, setTemplates] = useState<{ value: string; label: string }[]>([]);
  const [proposal, setProposal] = useState<ReverseScheduleReply | null>(null);
  const [rows, setRows] = useState<ProposedRow[]>([]);
  const [busy, setBusy] = useState<'propose' | 'save' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const propose = async () => {
    if (!deadline) return;
    setBusy('propose');
    setFailure(null);
    try {
      const reply = await unwrap(
        client.POST('/api/projects/{id}/milestones/reverse-schedule', {
          params: { path: { id: projectId } },
          body: { deadline: deadline.format('YYYY-MM-DD'), ...(templateCode ? { templateCode } : {}) },
        }),
      );
      setProposal(reply);
      setTemplates((known) =>
        known.some((option) => option.value === reply.templateCode)
          ? known
          : [...known, { value: reply.templateCode, label: reply.templateName }],
      );
      setRows(
        reply.steps.map((step, index) => ({
          key: index,
          name: step.name,
          days: step.days,
          plannedDate: dayjs(step.plannedDate),
          responsibleDepartmentId: null,
          responsibleUnit: '',
        })),
      );
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(null);
    }
  };

  const update = (key: number, changes: Partial<ProposedRow>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...changes } : row)));

  const save = async () => {
    if (rows.some((row) => !row.name.trim() || !row.plannedDate)) {
      setFailure(t('milestone.rowsIncomplete'));
      return;
    }
    setBusy('save');
    setFailure(null);
    let created = 0;
    try {
      for (const [index, row] of rows.entries()) {
        await unwrap(
          client.POST('/api/projects/{id}/milestones', {
            params: { path: { id: projectId } },
            body: {
              name: row.name.trim(),
              plannedDate: row.plannedDate!.format('YYYY-MM-DD'),
              responsibleDepartmentId: row.responsibleDepartmentId,
              responsibleUnit: row.responsibleUnit.trim() || null,
              sortOrder: nextOrder + index,
            },
          }),
        );
        created += 1;
      }
      message.success(t('milestone.scheduleSaved', { count: created }));
      onSaved();
    } catch (error) {
      setFailure(
        created > 0 ? t('milestone.partial', { count: created, reason: errorText(error) }) : errorText(error),
      );
      // The rows already created stay created; the rest stay here to retry.
      if (created > 0) setRows((current) => current.slice(created));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Modal
      open
      width={960}
      title={t('milestone.reverse')}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="save"
          type="primary"
          disabled={rows.length === 0}
          loading={busy === 'save'}
          onClick={() => void save()}
          data-testid="reverse-save"
        >
          {t('milestone.saveSchedule', { count: rows.length })}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t('milestone.reverseIntro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('milestone.template')}</span>
        <Select
          style={{ width: 240 }}
          value={templateCode}
          onChange={setTemplateCode}
          options={[{ value: '', label: t('milestone.templateAuto') }, ...templates]}
          data-testid="reverse-template"
        />
        <span>{t('milestone.deadline')}</span>
        <DatePicker
          value={deadline}
          onChange={setDeadline}
          format="YYYY-MM-DD"
          data-testid="reverse-deadline"
        />
        <Button
          icon={<ScheduleOutlined />}
          disabled={!deadline}
          loading={busy === 'propose'}
          onClick={() => void propose()}
          data-testid="reverse-propose"
        >
          {t('milestone.propose')}
        </Button>
      </Space>
      {proposal && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('milestone.proposal', {
            template: proposal.templateName,
            start: proposal.startBy,
            deadline: proposal.deadline,
          })}
        />
      )}
      {rows.length > 0 && (
        <Table<ProposedRow>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={rows}
          data-testid="reverse-rows"
          columns={[
            {
              title: t('milestone.name'),
              dataIndex: 'name',
              render: (name: string, row) => (
                <Input
                  size="small"
                  value={name}
                  onChange={(event) => update(row.key, { name: event.target.value })}
                />
              ),
            },
            { title: t('milestone.days'), dataIndex: 'days', width: 90, align: 'right' },
            {
              title: t('milestone.plannedDate'),
              dataIndex: 'plannedDate',
              width: 150,
              render: (value: Dayjs | null, row) => (
                <DatePicker
                  size="small"
                  value={value}
                  format="YYYY-MM-DD"
                  allowClear={false}
                  onChange={(day) => update(row.key, { plannedDate: day })}
                />
              ),
            },
            {
              title: t('milestone.department'),
              dataIndex: 'responsibleDepartmentId',
              width: 210,
              render: (value: string | null, row) => (
                <Select
                  size="small"
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  style={{ width: 196 }}
                  value={value ?? undefined}
                  onChange={(id?: string) => update(row.key, { responsibleDepartmentId: id ?? null })}
                  options={reference.departments.map((d) => ({ value: d.id, label: d.name }))}
                />
              ),
            },
            {
              title: t('milestone.unit'),
              dataIndex: 'responsibleUnit',
              width: 160,
              render: (value: string, row) => (
                <Input
                  size="small"
                  value={value}
                  onChange={(event) => update(row.key, { responsibleUnit: event.target.value })}
                />
              ),
            },
          ]}
        />
      )}
      {failure && <Alert type="error" showIcon title={failure} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

/** A project's milestones with their derived status, editable by the roles that keep its plan. */
export function MilestonesCard({
  projectId,
  editable,
  defaultDeadline,
}: {
  projectId: string;
  editable: boolean;
  defaultDeadline: string | null;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [list, setList] = useState<MilestoneList | null>(null);
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<Milestone | 'new' | null>(null);
  const [scheduling, setScheduling] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setList(
        await unwrap(client.GET('/api/projects/{id}/milestones', { params: { path: { id: projectId } } })),
      );
    } catch (error) {
      message.error(errorText(error));
    } finally {
      setLoading(false);
    }
  }, [projectId, message]);

  useEffect(() => {
    void load();
  }, [load]);

  const remove = async (milestone: Milestone) => {
    try {
      await unwrap(client.DELETE('/api/milestones/{id}', { params: { path: { id: milestone.id } } }));
      message.success(t('milestone.deleted'));
      void load();
    } catch (error) {
      message.error(errorText(error));
    }
  };

  const items = list?.items ?? [];
  const nextOrder = items.reduce((max, item) => Math.max(max, item.sortOrder + 1), 0);
  const counts = items.reduce<Partial<Record<MilestoneStatus, number>>>((acc, item) => {
    acc[item.status] = (acc[item.status] ?? 0) + 1;
    return acc;
  }, {});

  const columns: TableProps<Milestone>['columns'] = [
    { title: '#', key: 'index', width: 48, render: (_, __, index) => index + 1 },
    { title: t('milestone.name'), dataIndex: 'name', width: 180 },
    {
      title: t('milestone.responsible'),
      key: 'responsible',
      render: (_, item) =>
        [item.responsibleDepartmentName, item.responsibleUnit].filter(Boolean).join(' · ') || '—',
    },
    { title: t('milestone.plannedDate'), dataIndex: 'plannedDate', width: 120, render: formatDate },
    { title: t('milestone.actualDate'), dataIndex: 'actualDate', width: 120, render: formatDate },
    {
      title: t('milestone.status'),
      dataIndex: 'status',
      width: 110,
      render: (status: MilestoneStatus) => <MilestoneStatusTag status={status} />,
    },
    ...(editable
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, item: Milestone) => (
              <Space size={0}>
                <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(item)}>
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('milestone.deleteConfirm', { name: item.name })}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove(item)}
                >
                  <Button size="small" type="link" danger icon={<DeleteOutlined />}>
                    {t('milestone.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="page-card" data-testid="milestones">
      <div className="plan-card-title">
        <Space wrap>
          <Typography.Title level={5}>{t('milestone.title')}</Typography.Title>
          {(['overdue', 'due', 'done_late', 'done'] as const).map((status) =>
            counts[status] ? (
              <Typography.Text key={status} type="secondary">
                {t(`milestoneStatus.${status}`)} {counts[status]}
              </Typography.Text>
            ) : null,
          )}
          {list && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('milestone.asOf', { today: list.today })}
            </Typography.Text>
          )}
        </Space>
        {editable && (
          <Space>
            <Button
              icon={<ScheduleOutlined />}
              onClick={() => setScheduling(true)}
              data-testid="reverse-open"
            >
              {t('milestone.reverse')}
            </Button>
            <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="milestone-add">
              {t('milestone.add')}
            </Button>
          </Space>
        )}
      </div>
      <Table<Milestone>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={items}
        pagination={false}
        scroll={{ x: 860 }}
        locale={{ emptyText: t('milestone.empty') }}
        data-testid="milestone-table"
      />
      {editing && (
        <MilestoneModal
          projectId={projectId}
          milestone={editing === 'new' ? null : editing}
          nextOrder={nextOrder}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
        />
      )}
      {scheduling && (
        <ReverseScheduleModal
          projectId={projectId}
          defaultDeadline={defaultDeadline}
          nextOrder={nextOrder}
          onClose={() => {
            setScheduling(false);
            void load();
          }}
          onSaved={() => {
            setScheduling(false);
            void load();
          }}
        />
      )}
    </div>
  );
}
