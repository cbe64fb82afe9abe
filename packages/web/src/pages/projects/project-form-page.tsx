import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { allowedNextStages, FUNDING_SOURCES, PROJECT_STAGES, type ProjectStage } from '@beacon/domain';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Result,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import type { FormInstance, Rule } from 'antd/es/form';
import type { NamePath } from 'antd/es/form/interface';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, client, unwrap } from '../../api/client.ts';
import type { CreateProjectBody, Project } from '../../api/types.ts';
import { useReference } from '../../app/reference-context.tsx';
import { PageSpinner } from '../../app/router.tsx';
import { useUser } from '../../auth/auth-context.tsx';
import { canProject } from '../../auth/permissions.ts';
import type { MessageKey } from '../../i18n/dictionary.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { tryFormatYi } from '../../lib/format.ts';
import { ConflictModal } from './conflict-modal.tsx';
import {
  bodyFromValues,
  DATE_FIELDS,
  formPathOf,
  valuesFromProject,
  type ProjectFormValues,
} from './project-form-values.ts';
import { useProject } from './use-project.ts';

const MONEY_PATTERN = /^\d{1,14}(\.\d{1,4})?$/;
const CODE_PATTERN = /^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/;
const FORM_FIELDS = new Set<string>([
  'name',
  'code',
  'ownerName',
  'regionCode',
  'address',
  'lng',
  'lat',
  'sectorCode',
  'fundingSource',
  'highTech',
  'totalInvestment',
  'content',
  'startYear',
  'endYear',
  'plannedYear',
  'plannedStart',
  'plannedCompletion',
  'actualStart',
  'actualCompletion',
  'stage',
  'lists',
  'leadingOfficial',
  'officialInCharge',
  'responsibleDepartmentId',
  'serviceUnitIds',
  'team',
]);

type Conflict = { current: Project; yours: CreateProjectBody };

export default function ProjectFormPage() {
  const { id } = useParams();
  const editing = Boolean(id);
  const { t, labels } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const reference = useReference();
  const navigate = useNavigate();
  const [form] = Form.useForm<ProjectFormValues>();
  const { project, error, loading, reload } = useProject(id);
  /** The version the clerk is editing, so a save can tell whether someone saved in between. */
  const [base, setBase] = useState<Project | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const money = Form.useWatch('totalInvestment', form);

  useEffect(() => {
    if (project && !base) {
      setBase(project);
      form.setFieldsValue(valuesFromProject(project));
    }
  }, [project, base, form]);

  const stageOptions = useMemo(() => {
    const stages: readonly ProjectStage[] = base
      ? [base.stage, ...allowedNextStages(base.stage)]
      : PROJECT_STAGES;
    return stages.map((stage) => ({ value: stage, label: labels.stage[stage] }));
  }, [base, labels]);

  const allowed = canProject(user.role, editing ? 'update' : 'create');
  if (!allowed) return <Result status="403" title={t('common.forbidden')} />;
  if (editing && loading && !base) return <PageSpinner />;
  if (editing && (error || !project)) {
    return (
      <Result
        status={error?.status === 404 ? '404' : 'error'}
        title={error?.message ?? t('common.notFound')}
        extra={
          <Link to="/projects">
            <Button type="primary">{t('common.home')}</Button>
          </Link>
        }
      />
    );
  }

  const label = (key: MessageKey) => t(key);
  const required = (key: MessageKey, select = false): Rule => ({
    required: true,
    whitespace: !select,
    message: t(select ? 'form.select' : 'form.required', { label: label(key) }),
  });

  const showServerErrors = (apiError: ApiError) => {
    const unplaced: string[] = [];
    const fields: Parameters<FormInstance<ProjectFormValues>['setFields']>[0] = [];
    for (const detail of apiError.details) {
      const path = detail.field ? formPathOf(detail.field, FORM_FIELDS) : null;
      // The path's head was checked against FORM_FIELDS, so it names a real form field.
      if (path) fields.push({ name: path as NamePath<ProjectFormValues>, errors: [detail.reason] });
      else unplaced.push(detail.reason);
    }
    form.setFields(fields);
    if (fields[0]) form.scrollToField(fields[0].name);
    setFormError(
      fields.length === 0 || unplaced.length > 0 ? [apiError.message, ...unplaced].join('；') : null,
    );
  };

  const save = async (values: ProjectFormValues) => {
    const body = bodyFromValues(values);
    setSaving(true);
    setFormError(null);
    try {
      if (editing && base) {
        const saved = await unwrap(
          client.PATCH('/api/projects/{id}', {
            params: { path: { id: base.id } },
            body: { ...body, version: base.version },
          }),
        );
        message.success(t('form.savedProject'));
        navigate(`/projects/${saved.id}`);
      } else {
        const created = await unwrap(client.POST('/api/projects', { body }));
        message.success(t('form.created'));
        navigate(`/projects/${created.id}`, { replace: true });
      }
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'VERSION_CONFLICT' && caught.current) {
        setConflict({ current: caught.current as Project, yours: body });
      } else if (caught instanceof ApiError) {
        showServerErrors(caught);
      } else {
        setFormError(String(caught));
      }
    } finally {
      setSaving(false);
    }
  };

  /** Only on the clerk's explicit choice: their unsaved edits are replaced by the latest version. */
  const reloadLatest = async () => {
    const fallback = conflict?.current ?? null;
    const latest = (await reload()) ?? fallback;
    setConflict(null);
    if (!latest) return;
    setBase(latest);
    form.resetFields();
    form.setFieldsValue(valuesFromProject(latest));
    message.info(t('conflict.reloaded'));
  };

  const yi = tryFormatYi(money);
  const countyFixed = user.role === 'county';
  const initialValues: Partial<ProjectFormValues> = {
    highTech: false,
    lists: [],
    serviceUnitIds: [],
    team: [],
    stage: 'planning',
    fundingSource: 'government',
    ...(countyFixed && user.regionCode ? { regionCode: user.regionCode } : {}),
  };
  const departmentOptions = reference.departments.map((department) => ({
    value: department.id,
    label: department.name,
  }));
  const col = { xs: 24, md: 12, xl: 8 };

  return (
    <div>
      <div className="page-header">
        <Typography.Title level={4}>
          {editing ? `${t('form.editTitle')}：${base?.name ?? ''}` : t('form.createTitle')}
        </Typography.Title>
      </div>
      <Form<ProjectFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => void save(values)}
        onFinishFailed={() => message.warning(t('form.invalid'))}
        scrollToFirstError
        data-testid="project-form"
      >
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {formError && (
            <Alert type="error" showIcon title={formError} closable onClose={() => setFormError(null)} />
          )}
          <div className="page-card">
            <Typography.Title level={5}>{t('form.groupBasic')}</Typography.Title>
            <Row gutter={16}>
              <Col xs={24} xl={16}>
                <Form.Item
                  name="name"
                  label={label('field.name')}
                  rules={[
                    required('field.name'),
                    { min: 2, message: t('form.minLength', { label: label('field.name'), min: 2 }) },
                    { max: 200 },
                  ]}
                >
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name="code"
                  label={label('field.code')}
                  rules={[{ pattern: CODE_PATTERN, message: t('form.codeHint') }]}
                  tooltip={t('form.codeHint')}
                >
                  <Input placeholder="2020-331102-47-01-123456" maxLength={32} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name="ownerName"
                  label={label('field.ownerName')}
                  rules={[
                    required('field.ownerName'),
                    { min: 2, message: t('form.minLength', { label: label('field.ownerName'), min: 2 }) },
                  ]}
                >
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name="regionCode"
                  label={label('field.regionCode')}
                  rules={[required('field.regionCode', true)]}
                >
                  <Select
                    disabled={countyFixed}
                    showSearch={{ optionFilterProp: 'label' }}
                    options={reference.projectRegions.map((region) => ({
                      value: region.code,
                      label: region.name,
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="address" label={label('field.address')}>
                  <Input maxLength={500} />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name="sectorCode"
                  label={label('field.sectorCode')}
                  rules={[required('field.sectorCode', true)]}
                >
                  <Select
                    options={reference.sectors.map((sector) => ({ value: sector.code, label: sector.name }))}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name="fundingSource"
                  label={label('field.fundingSource')}
                  rules={[required('field.fundingSource', true)]}
                >
                  <Select
                    options={FUNDING_SOURCES.map((value) => ({ value, label: labels.funding[value] }))}
                  />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item name="lists" label={label('field.lists')}>
                  <Select
                    mode="multiple"
                    allowClear
                    options={reference.lists.map((list) => ({ value: list.code, label: list.name }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={6} xl={4}>
                <Form.Item name="highTech" label={label('field.highTech')} valuePropName="checked">
                  <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6} xl={4}>
                <Form.Item name="lng" label={label('field.lng')}>
                  <InputNumber min={-180} max={180} step={0.000001} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6} xl={4}>
                <Form.Item name="lat" label={label('field.lat')}>
                  <InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={24}>
                <Form.Item name="content" label={label('field.content')}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} showCount />
                </Form.Item>
              </Col>
            </Row>
          </div>
          <div className="page-card">
            <Typography.Title level={5}>{t('form.groupInvestment')}</Typography.Title>
            <Row gutter={16}>
              <Col {...col}>
                <Form.Item
                  name="totalInvestment"
                  label={label('field.totalInvestment')}
                  rules={[
                    required('field.totalInvestment'),
                    { pattern: MONEY_PATTERN, message: t('form.money') },
                  ]}
                  extra={yi ? t('form.moneyHint', { amount: yi }) : undefined}
                >
                  <Input suffix="万元" inputMode="decimal" className="money" />
                </Form.Item>
              </Col>
              <Col {...col}>
                <Form.Item
                  name="stage"
                  label={label('field.stage')}
                  rules={[required('field.stage', true)]}
                  tooltip={editing ? t('form.stageHint') : undefined}
                >
                  <Select options={stageOptions} data-testid="form-stage" />
                </Form.Item>
              </Col>
              <Col xs={12} md={6} xl={4}>
                <Form.Item name="startYear" label={label('field.startYear')}>
                  <InputNumber min={1990} max={2100} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6} xl={4}>
                <Form.Item name="endYear" label={label('field.endYear')}>
                  <InputNumber min={1990} max={2100} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6} xl={4}>
                <Form.Item
                  name="plannedYear"
                  label={label('field.plannedYear')}
                  tooltip={t('field.plannedYearHint')}
                >
                  <InputNumber min={1990} max={2100} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              {DATE_FIELDS.map((field) => (
                <Col xs={12} md={6} key={field}>
                  <Form.Item name={field} label={label(`field.${field}`)}>
                    <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </div>
          <div className="page-card">
            <Typography.Title level={5}>{t('form.groupResponsibility')}</Typography.Title>
            <Row gutter={16}>
              <Col xs={24} md={12} xl={6}>
                <Form.Item name="leadingOfficial" label={label('field.leadingOfficial')}>
                  <Input maxLength={64} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} xl={6}>
                <Form.Item name="officialInCharge" label={label('field.officialInCharge')}>
                  <Input maxLength={64} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} xl={6}>
                <Form.Item name="responsibleDepartmentId" label={label('field.responsibleDepartmentId')}>
                  <Select allowClear options={departmentOptions} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12} xl={6}>
                <Form.Item name="serviceUnitIds" label={label('field.serviceUnitIds')}>
                  <Select mode="multiple" allowClear options={departmentOptions} maxTagCount="responsive" />
                </Form.Item>
              </Col>
            </Row>
            <Typography.Text strong>{label('field.team')}</Typography.Text>
            <Form.List name="team">
              {(members, { add, remove }) => (
                <div style={{ marginTop: 8 }}>
                  {members.map((member) => (
                    <Row gutter={8} key={member.key} align="top">
                      <Col xs={24} md={6}>
                        <Form.Item
                          name={[member.name, 'name']}
                          rules={[required('team.name')]}
                          style={{ marginBottom: 8 }}
                        >
                          <Input placeholder={t('team.name')} maxLength={64} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={10}>
                        <Form.Item name={[member.name, 'duty']} style={{ marginBottom: 8 }} initialValue="">
                          <Input placeholder={t('team.duty')} maxLength={64} />
                        </Form.Item>
                      </Col>
                      <Col xs={20} md={6}>
                        <Form.Item name={[member.name, 'phone']} style={{ marginBottom: 8 }}>
                          <Input placeholder={t('team.phone')} maxLength={32} />
                        </Form.Item>
                      </Col>
                      <Col xs={4} md={2}>
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          onClick={() => remove(member.name)}
                          aria-label={t('team.remove')}
                        />
                      </Col>
                    </Row>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', duty: '' })}>
                    {t('team.add')}
                  </Button>
                </div>
              )}
            </Form.List>
          </div>
          <div
            className="page-card"
            style={{ position: 'sticky', bottom: 0, zIndex: 2, boxShadow: '0 -2px 8px rgba(0,0,0,0.06)' }}
          >
            <Space>
              <Button type="primary" htmlType="submit" loading={saving} data-testid="project-save">
                {t('common.save')}
              </Button>
              <Button onClick={() => navigate(editing && id ? `/projects/${id}` : '/projects')}>
                {t('common.cancel')}
              </Button>
            </Space>
          </div>
        </Space>
      </Form>
      {conflict && (
        <ConflictModal
          current={conflict.current}
          yours={conflict.yours}
          onReload={() => void reloadLatest()}
          onKeepEditing={() => setConflict(null)}
        />
      )}
    </div>
  );
}
