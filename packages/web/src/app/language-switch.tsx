import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n/i18n-context.tsx';

export function LanguageSwitch({ light = false }: { light?: boolean }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <Button
      type="text"
      size="small"
      icon={<GlobalOutlined />}
      style={light ? { color: 'rgba(255,255,255,0.85)' } : undefined}
      onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
      data-testid="language-switch"
    >
      {t('header.language')}
    </Button>
  );
}
