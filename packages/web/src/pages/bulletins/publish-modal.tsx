import { Alert, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { listCloses, publishClose, type CloseMeta } from '../warnings/warning-api.ts';
import { suggestDocumentNumber } from './document-number.ts';

/** Publishing gives the bulletin its document number, once; the next number is suggested. */
export function PublishModal({
  close,
  onClose,
  onPublished,
}: {
  close: CloseMeta;
  onClose: () => void;
  onPublished: (meta: CloseMeta) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ documentNumber: string }>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [suggested, setSuggested] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    // Every year's closes: the prefix follows the latest published number, whatever its year.
    listCloses(undefined)
      .then((list) => {
        if (!active) return;
        const next = suggestDocumentNumber(list.items, close.year);
        setSuggested(next);
        if (!form.getFieldValue('documentNumber')) form.setFieldsValue({ documentNumber: next });
      })
      .catch(() => undefined);
    return () => {
      active = false;
    };
  }, [close.year, form]);

  const submit = async ({ documentNumber }: { documentNumber: string }) => {
    setSaving(true);
    setFailure(null);
    try {
      onPublished(await publishClose(close.id, documentNumber.trim()));
    } catch (caught) {
      setFailure(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={`${t('bulletins.publishTitle')} · ${t('warnings.period', { year: close.year, month: close.month })} · ${t('bulletins.editionValue', { edition: close.edition })}`}
      okText={t('bulletins.publishSubmit')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'publish-submit' }}
    >
      <Alert type="warning" showIcon title={t('bulletins.publishHint')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        data-testid="publish-form"
      >
        <Form.Item
          name="documentNumber"
          label={t('bulletins.documentNumber')}
          extra={suggested && t('bulletins.documentNumberSuggested', { number: suggested })}
          rules={[
            { required: true, whitespace: true, message: t('bulletins.documentNumberRequired') },
            { max: 60 },
          ]}
        >
          <Input data-testid="publish-number" />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon title={failure} />}
    </Modal>
  );
}
