import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { FIELD_HEADERS, IMPORT_FIELDS, type ImportField } from '@beacon/domain';
import {
  Alert,
  App,
  Button,
  Col,
  Collapse,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, queryString, rawFetch } from '../../api/client.ts';
import type { ImportReport } from '../../api/types.ts';
import { useUser } from '../../auth/auth-context.tsx';
import { canProject } from '../../auth/permissions.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { downloadFile } from '../../lib/download.ts';

type Mapping = Record<string, ImportField | null>;
type ErrorRow = ImportReport['errors'][number];
type Column = ImportReport['columns'][number];

const IGNORE = '__ignore__';

/** The report numbers columns from 1; clerks name them A, B … Z, AA. */
function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

async function runImport(file: File, mapping: Mapping, dryRun: boolean): Promise<ImportReport> {
  const body = new FormData();
  body.append('file', file);
  const query = queryString({
    dryRun,
    mapping: Object.keys(mapping).length > 0 ? JSON.stringify(mapping) : undefined,
  });
  const response = await rawFetch(`/api/projects/import${query}`, { method: 'POST', body });
  return (await response.json()) as ImportReport;
}

/** A commit refused for bad rows answers with the error shape; its details are the same rows. */
function rowErrorsOf(error: ApiError): ErrorRow[] {
  return error.details
    .filter((detail) => typeof detail.row === 'number')
    .map((detail) => ({
      row: detail.row ?? 0,
      column: detail.column ?? '',
      value: detail.value === undefined || detail.value === null ? '' : String(detail.value),
      reason: detail.reason,
    }));
}

export default function ImportPage() {
  const { t, labels } = useI18n();
  const { message } = App.useApp();
  const user = useUser();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [report, setReport] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<'check' | 'commit' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  if (!canProject(user.role, 'import')) return <Result status="403" title={t('import.notAllowed')} />;

  const check = async (target: File, nextMapping: Mapping) => {
    setBusy('check');
    setFailure(null);
    try {
      setReport(await runImport(target, nextMapping, true));
    } catch (error) {
      setReport(null);
      setFailure(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  };

  const commit = async () => {
    if (!file) return;
    setBusy('commit');
    setFailure(null);
    try {
      setResult(await runImport(file, mapping, false));
    } catch (error) {
      if (error instanceof ApiError && rowErrorsOf(error).length > 0 && report) {
        // Someone changed the registry since the dry run: show the new row errors in place.
        setReport({ ...report, errors: rowErrorsOf(error) });
      }
      setFailure(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  };

  const restart = () => {
    setFile(null);
    setMapping({});
    setReport(null);
    setResult(null);
    setFailure(null);
  };

  const changeMapping = (header: string, value: string) => {
    const field = value === IGNORE ? null : (value as ImportField);
    const next = { ...mapping, [header]: field };
    setMapping(next);
    if (file) void check(file, next);
  };

  const downloadTemplate = async () => {
    try {
      await downloadFile('/api/projects/export', '项目导入模板.xlsx');
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : String(error));
    }
  };

  if (result) {
    return (
      <div className="page-card">
        <Result
          status="success"
          title={t('import.done')}
          subTitle={`${t('import.createdDone')} ${result.created} · ${t('import.updatedDone')} ${result.updated} · ${t('import.unchanged')} ${result.unchanged}`}
          extra={[
            <Button key="projects" type="primary" onClick={() => navigate('/projects')}>
              {t('common.home')}
            </Button>,
            <Button key="again" onClick={restart}>
              {t('import.another')}
            </Button>,
          ]}
          data-testid="import-result"
        />
      </div>
    );
  }

  const fieldOptions = [
    { value: IGNORE, label: t('import.ignore') },
    ...IMPORT_FIELDS.map((field) => ({ value: field, label: labels.importField[field] })),
  ];
  const hasErrors = (report?.errors.length ?? 0) > 0;

  return (
    <div>
      <div className="page-header">
        <Typography.Title level={4}>{t('import.title')}</Typography.Title>
        <Button icon={<DownloadOutlined />} onClick={() => void downloadTemplate()}>
          {t('import.template')}
        </Button>
      </div>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <div className="page-card">
          <Typography.Paragraph type="secondary">{t('import.intro')}</Typography.Paragraph>
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            maxCount={1}
            showUploadList={false}
            beforeUpload={(chosen) => {
              setFile(chosen);
              setMapping({});
              setReport(null);
              void check(chosen, {});
              // Uploading is done by the dry run, not by the component.
              return false;
            }}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{file ? file.name : t('import.upload')}</p>
            <p className="ant-upload-hint">{t('import.uploadHint')}</p>
          </Upload.Dragger>
          <Collapse
            ghost
            size="small"
            style={{ marginTop: 8 }}
            items={[
              {
                key: 'headers',
                label: t('import.headers'),
                children: (
                  <Space wrap size={[4, 6]}>
                    {IMPORT_FIELDS.map((field) => (
                      <Tag key={field} title={FIELD_HEADERS[field].join(' / ')}>
                        {FIELD_HEADERS[field].join(' / ')}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
        </div>
        {failure && <Alert type="error" showIcon title={failure} data-testid="import-failure" />}
        {busy === 'check' && !report && (
          <div className="page-card" style={{ textAlign: 'center' }}>
            <Spin description={t('import.checking')}>
              <div style={{ height: 60 }} />
            </Spin>
          </div>
        )}
        {report && (
          <Spin spinning={busy !== null}>
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              <div className="page-card" data-testid="import-summary">
                <Typography.Text type="secondary">
                  {t('import.summary', { sheet: report.sheet, rows: report.rows })}
                </Typography.Text>
                <Row gutter={16} style={{ marginTop: 8 }}>
                  <Col xs={8} md={4}>
                    <Statistic
                      title={t('import.created')}
                      value={report.created}
                      styles={{ content: { color: '#1f5fbf' } }}
                    />
                  </Col>
                  <Col xs={8} md={4}>
                    <Statistic
                      title={t('import.updated')}
                      value={report.updated}
                      styles={{ content: { color: '#d48806' } }}
                    />
                  </Col>
                  <Col xs={8} md={4}>
                    <Statistic title={t('import.unchanged')} value={report.unchanged} />
                  </Col>
                  <Col
                    xs={24}
                    md={12}
                    style={{ display: 'flex', alignItems: 'center', justifyContent: 'flex-end' }}
                  >
                    {hasErrors ? (
                      <Typography.Text type="danger">{t('import.fixFirst')}</Typography.Text>
                    ) : (
                      <Button
                        type="primary"
                        size="large"
                        icon={<UploadOutlined />}
                        loading={busy === 'commit'}
                        onClick={() => void commit()}
                        data-testid="import-confirm"
                      >
                        {t('import.confirm')}
                      </Button>
                    )}
                  </Col>
                </Row>
              </div>
              <div className="page-card">
                <Typography.Title level={5}>
                  {t('import.errors', { count: report.errors.length })}
                </Typography.Title>
                {hasErrors ? (
                  <Table<ErrorRow>
                    size="small"
                    rowKey={(row) => `${row.row}-${row.column}-${row.reason}`}
                    dataSource={report.errors}
                    pagination={{ pageSize: 10, hideOnSinglePage: true }}
                    data-testid="import-errors"
                    columns={[
                      { title: t('import.row'), dataIndex: 'row', width: 80 },
                      { title: t('import.column'), dataIndex: 'column', width: 180 },
                      { title: t('import.value'), dataIndex: 'value', width: 220, ellipsis: true },
                      {
                        title: t('import.reason'),
                        dataIndex: 'reason',
                        render: (reason: string) => <Typography.Text type="danger">{reason}</Typography.Text>,
                      },
                    ]}
                  />
                ) : (
                  <Alert type="success" showIcon title={t('import.noErrors')} />
                )}
              </div>
              <div className="page-card">
                <Typography.Title level={5}>{t('import.mapping')}</Typography.Title>
                <Typography.Paragraph type="secondary">{t('import.mappingHint')}</Typography.Paragraph>
                <Table<Column>
                  size="small"
                  rowKey="column"
                  dataSource={report.columns}
                  pagination={false}
                  data-testid="import-mapping"
                  columns={[
                    {
                      title: t('import.column'),
                      dataIndex: 'column',
                      width: 80,
                      render: (column: number) => columnLetter(column),
                    },
                    { title: t('import.header'), dataIndex: 'header' },
                    {
                      title: t('import.field'),
                      dataIndex: 'field',
                      width: 260,
                      render: (field: string | null, column) => (
                        <Select
                          size="small"
                          style={{ width: 240 }}
                          value={field ?? IGNORE}
                          options={fieldOptions}
                          onChange={(value: string) => changeMapping(column.header, value)}
                          status={field ? undefined : 'warning'}
                        />
                      ),
                    },
                  ]}
                />
              </div>
            </Space>
          </Spin>
        )}
      </Space>
    </div>
  );
}
