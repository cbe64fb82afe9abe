import type { Role } from '@beacon/domain';
import { Form, Input, Select } from 'antd';
import { useReference } from '../../app/reference-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';

/**
 * The scope a role needs (server context.ts scopeOf): a county works in one region, a department
 * for one department, an owner for one enterprise; other roles have none.
 */
export function ScopeFields({
  role,
  enterpriseField = 'enterpriseName',
}: {
  role: Role | undefined;
  enterpriseField?: 'enterpriseName' | 'enterpriseId';
}) {
  const { t } = useI18n();
  const reference = useReference();
  if (role === 'county') {
    return (
      <Form.Item
        name="regionCode"
        label={t('users.region')}
        rules={[{ required: true, message: t('form.select', { label: t('users.region') }) }]}
      >
        <Select
          options={reference.projectRegions.map((region) => ({ value: region.code, label: region.name }))}
        />
      </Form.Item>
    );
  }
  if (role === 'department') {
    return (
      <Form.Item
        name="departmentId"
        label={t('users.department')}
        rules={[{ required: true, message: t('form.select', { label: t('users.department') }) }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={reference.departments.map((department) => ({
            value: department.id,
            label: department.name,
          }))}
        />
      </Form.Item>
    );
  }
  if (role === 'owner') {
    const label = enterpriseField === 'enterpriseId' ? t('tokens.enterpriseId') : t('users.enterprise');
    return (
      <Form.Item
        name={enterpriseField}
        label={label}
        rules={[{ required: true, whitespace: true, message: t('form.required', { label }) }]}
      >
        <Input maxLength={200} />
      </Form.Item>
    );
  }
  return null;
}

/** Only the scope field the role uses is sent; the others are cleared. */
export function scopeBody(
  role: Role,
  values: { regionCode?: string | null; departmentId?: string | null; enterpriseName?: string | null },
) {
  return {
    regionCode: role === 'county' ? (values.regionCode ?? null) : null,
    departmentId: role === 'department' ? (values.departmentId ?? null) : null,
    enterpriseName: role === 'owner' ? (values.enterpriseName?.trim() ?? null) : null,
  };
}
