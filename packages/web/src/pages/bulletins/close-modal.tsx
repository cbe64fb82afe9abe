import { Alert, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { lastClosedMonth } from '../indicators/period.ts';
import { closeMonth, listCloses, type CloseMeta, type CloseSummary } from '../warnings/warning-api.ts';

type Values = { year: number; month: number; asOf?: Dayjs | null; reason?: string };

/**
 * 月度关账: pick the month; when it is closed already, closing it again reissues it as a new
 * edition, so the dialog says which edition and asks for the reason the server requires.
 */
export function CloseModal({
  year: initialYear,
  onClose,
  onClosed,
}: {
  year: number;
  onClose: () => void;
  onClosed: (summary: CloseSummary) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [closes, setCloses] = useState<CloseMeta[]>([]);
  const last = lastClosedMonth(new Date());
  const year = (Form.useWatch('year', form) as number | undefined) ?? initialYear;
  const month = Form.useWatch('month', form) as number | undefined;

  useEffect(() => {
    let active = true;
    listCloses(year)
      .then((list) => active && setCloses(list.items))
      .catch(() => active && setCloses([]));
    return () => {
      active = false;
    };
  }, [year]);

  const latest = closes
    .filter((close) => close.month === month)
    .reduce<CloseMeta | null>((best, close) => (best && best.edition > close.edition ? best : close), null);

  const submit = async (values: Values) => {
    setSaving(true);
    setFailure(null);
    try {
      const summary = await closeMonth({
        year: values.year,
        month: values.month,
        ...(values.asOf ? { asOf: values.asOf.format('YYYY-MM-DD') } : {}),
        ...(latest && values.reason ? { reason: values.reason.trim() } : {}),
      });
      onClosed(summary);
    } catch (caught) {
      setFailure(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setSaving(false);
    }
  };

  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 9 }, (_, index) => thisYear - index);
  const defaultMonth = initialYear === last.year ? last.month : 12;

  return (
    <Modal
      open
      title={t('bulletins.closeTitle')}
      okText={t('bulletins.closeSubmit')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'close-submit' }}
    >
      <Alert type="info" showIcon title={t('bulletins.closeHint')} style={{ marginBottom: 16 }} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ year: initialYear, month: defaultMonth }}
        onFinish={(values) => void submit(values)}
        data-testid="close-form"
      >
        <Form.Item label={t('bulletins.closeMonth')} required>
          <Space>
            <Form.Item name="year" noStyle>
              <Select
                options={years.map((value) => ({ value, label: t('warnings.yearOption', { year: value }) }))}
                style={{ width: 110 }}
                aria-label={t('warnings.year')}
                data-testid="close-year"
              />
            </Form.Item>
            <Form.Item name="month" noStyle>
              <Select
                options={Array.from({ length: 12 }, (_, index) => ({
                  value: index + 1,
                  label: t('warnings.monthOption', { month: index + 1 }),
                }))}
                style={{ width: 100 }}
                aria-label={t('bulletins.month')}
                data-testid="close-month"
              />
            </Form.Item>
          </Space>
        </Form.Item>
        <Form.Item name="asOf" label={t('bulletins.asOf')} extra={t('bulletins.asOfHint')}>
          <DatePicker style={{ width: 180 }} />
        </Form.Item>
        {latest && month !== undefined && (
          <>
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('bulletins.alreadyClosed', {
                year,
                month,
                edition: latest.edition,
                next: latest.edition + 1,
              })}
              data-testid="close-reissue"
            />
            <Form.Item
              name="reason"
              label={t('bulletins.reason')}
              rules={[
                { required: true, whitespace: true, message: t('bulletins.reasonRequired') },
                { max: 500 },
              ]}
            >
              <Input.TextArea
                rows={3}
                placeholder={t('bulletins.reasonPlaceholder')}
                data-testid="close-reason"
              />
            </Form.Item>
          </>
        )}
      </Form>
      {failure && <Alert type="error" showIcon title={failure} data-testid="close-error" />}
    </Modal>
  );
}
