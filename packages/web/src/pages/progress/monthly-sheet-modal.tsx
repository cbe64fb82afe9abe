import { InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Modal, Result, Row, Spin, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, queryString, rawFetch } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { YearMonth } from './report-month.ts';
import type { MonthlySheetSummary } from './report-types.ts';

type ErrorRow = { row: number; column: string; value: string; reason: string };

async function upload(file: File, target: YearMonth, dryRun: boolean): Promise<MonthlySheetSummary> {
  const body = new FormData();
  body.append('file', file);
  const response = await rawFetch(`/api/progress/monthly-sheet${queryString({ ...target, dryRun })}`, {
    method: 'POST',
    body,
  });
  return (await response.json()) as MonthlySheetSummary;
}

/** A refused sheet answers with the error shape; its details are the rows at fault. */
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

/**
 * Uploading the month's filled-in sheet (月报汇总表): a dry run first shows what would change or
 * every row at fault; only a clean dry run can be committed, and then all rows go in or none.
 */
export function MonthlySheetModal({
  target,
  onClose,
  onImported,
}: {
  target: YearMonth;
  onClose: () => void;
  onImported: () => void;
}) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<MonthlySheetSummary | null>(null);
  const [errors, setErrors] = useState<ErrorRow[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'commit' | null>(null);
  const [done, setDone] = useState<MonthlySheetSummary | null>(null);

  const run = async (chosen: File, dryRun: boolean) => {
    setBusy(dryRun ? 'check' : 'commit');
    setFailure(null);
    setErrors([]);
    try {
      const summary = await upload(chosen, target, dryRun);
      if (dryRun) setPreview(summary);
      else {
        setDone(summary);
        onImported();
      }
    } catch (error) {
      if (dryRun) setPreview(null);
      if (error instanceof ApiError) setErrors(rowErrorsOf(error));
      setFailure(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  };

  const counts = (summary: MonthlySheetSummary) => (
    <Row gutter={16} data-testid="sheet-summary">
      <Col span={6}>
        <Statistic title={t('sheet.rows')} value={summary.rows} />
      </Col>
      <Col span={6}>
        <Statistic
          title={t('sheet.created')}
          value={summary.created}
          styles={{ content: { color: '#1f5fbf' } }}
        />
      </Col>
      <Col span={6}>
        <Statistic
          title={t('sheet.changed')}
          value={summary.changed}
          styles={{ content: { color: '#d48806' } }}
        />
      </Col>
      <Col span={6}>
        <Statistic title={t('sheet.unchanged')} value={summary.unchanged} />
      </Col>
    </Row>
  );

  return (
    <Modal
      open
      width={880}
      title={t('sheet.uploadTitle', target)}
      onCancel={onClose}
      footer={
        done
          ? [
              <Button key="close" type="primary" onClick={onClose}>
                {t('sheet.close')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                {t('common.cancel')}
              </Button>,
              <Button
                key="commit"
                type="primary"
                icon={<UploadOutlined />}
                disabled={!file || !preview || errors.length > 0}
                loading={busy === 'commit'}
                onClick={() => file && void run(file, false)}
                data-testid="sheet-commit"
              >
                {t('sheet.commit')}
              </Button>,
            ]
      }
    >
      {done ? (
        <Result
          status="success"
          title={t('sheet.done')}
          subTitle={t('sheet.doneDetail', {
            created: done.created,
            changed: done.changed,
            unchanged: done.unchanged,
          })}
          data-testid="sheet-done"
        />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('sheet.intro')}</Typography.Paragraph>
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            maxCount={1}
            showUploadList={false}
            beforeUpload={(chosen) => {
              setFile(chosen);
              setPreview(null);
              void run(chosen, true);
              return false;
            }}
            data-testid="sheet-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{file ? file.name : t('sheet.pick')}</p>
          </Upload.Dragger>
          <Spin spinning={busy === 'check'}>
            <div style={{ marginTop: 12, minHeight: 24 }}>
              {failure && (
                <Alert
                  type="error"
                  showIcon
                  title={failure}
                  style={{ marginBottom: 12 }}
                  data-testid="sheet-failure"
                />
              )}
              {preview && errors.length === 0 && (
                <>
                  <Alert
                    type="success"
                    showIcon
                    title={t('sheet.checked', { sheet: preview.sheet })}
                    style={{ marginBottom: 12 }}
                  />
                  {counts(preview)}
                </>
              )}
              {errors.length > 0 && (
                <Table<ErrorRow>
                  size="small"
                  rowKey={(row) => `${row.row}-${row.column}-${row.reason}`}
                  dataSource={errors}
                  pagination={{ pageSize: 8, hideOnSinglePage: true }}
                  data-testid="sheet-errors"
                  columns={[
                    { title: t('import.row'), dataIndex: 'row', width: 70 },
                    { title: t('import.column'), dataIndex: 'column', width: 150 },
                    { title: t('import.value'), dataIndex: 'value', width: 150, ellipsis: true },
                    {
                      title: t('import.reason'),
                      dataIndex: 'reason',
                      render: (reason: string) => <Typography.Text type="danger">{reason}</Typography.Text>,
                    },
                  ]}
                />
              )}
            </div>
          </Spin>
        </>
      )}
    </Modal>
  );
}
