import { DeleteOutlined, PictureOutlined, UploadOutlined } from '@ant-design/icons';
import { PHOTO_LIMITS } from '@beacon/domain';
import { App, Button, Empty, Image, Popconfirm, Space, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, client, rawFetch, unwrap } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { Photo } from './report-types.ts';

const errorText = (error: unknown) => (error instanceof ApiError ? error.message : String(error));

/**
 * Site photos (现场照片) of one report revision. They are added or removed only while the
 * revision is a draft or returned; the server checks each file's type by its content.
 */
export function ReportPhotos({ reportId, editable }: { reportId: string | null; editable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [uploading, setUploading] = useState(0);

  const load = useCallback(async () => {
    if (!reportId) {
      setPhotos([]);
      return;
    }
    try {
      const reply = await unwrap(
        client.GET('/api/reports/{id}/photos', { params: { path: { id: reportId } } }),
      );
      setPhotos(reply.items);
    } catch (error) {
      message.error(errorText(error));
    }
  }, [reportId, message]);

  useEffect(() => {
    void load();
  }, [load]);

  const upload = async (file: File) => {
    if (!reportId) return;
    if (file.size > PHOTO_LIMITS.maxBytes) {
      message.error(t('photos.tooLarge', { name: file.name }));
      return;
    }
    setUploading((count) => count + 1);
    try {
      const body = new FormData();
      body.append('file', file);
      await rawFetch(`/api/reports/${reportId}/photos`, { method: 'POST', body });
      message.success(t('photos.uploaded', { name: file.name }));
    } catch (error) {
      message.error(`${file.name}：${errorText(error)}`);
    } finally {
      setUploading((count) => count - 1);
      void load();
    }
  };

  const remove = async (photo: Photo) => {
    try {
      await rawFetch(`/api/photos/${photo.id}`, { method: 'DELETE' });
      message.success(t('photos.deleted'));
    } catch (error) {
      message.error(errorText(error));
    } finally {
      void load();
    }
  };

  const full = photos.length >= PHOTO_LIMITS.perReport;

  return (
    <div data-testid="report-photos">
      <div className="report-card-title">
        <Space>
          <Typography.Title level={5}>
            <PictureOutlined /> {t('photos.title', { count: photos.length, max: PHOTO_LIMITS.perReport })}
          </Typography.Title>
          <Typography.Text type="secondary">{t('photos.hint')}</Typography.Text>
        </Space>
        {editable && reportId && (
          <Upload
            accept="image/jpeg,image/png,image/webp"
            multiple
            showUploadList={false}
            disabled={full}
            beforeUpload={(file) => {
              void upload(file);
              // The component only picks files; the upload goes through the API client.
              return false;
            }}
          >
            <Button
              icon={<UploadOutlined />}
              loading={uploading > 0}
              disabled={full}
              data-testid="photo-upload"
            >
              {t('photos.upload')}
            </Button>
          </Upload>
        )}
      </div>
      {!reportId ? (
        <Typography.Text type="secondary">{t('photos.saveFirst')}</Typography.Text>
      ) : photos.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('photos.none')} />
      ) : (
        <Image.PreviewGroup>
          <Space wrap size={12}>
            {photos.map((photo) => (
              <div key={photo.id} className="report-photo" data-testid="report-photo">
                <Image
                  src={photo.url}
                  alt={photo.fileName}
                  width={148}
                  height={112}
                  style={{ objectFit: 'cover' }}
                />
                <div className="report-photo__meta">
                  <Typography.Text ellipsis title={photo.fileName} style={{ maxWidth: editable ? 112 : 148 }}>
                    {photo.fileName}
                  </Typography.Text>
                  {editable && (
                    <Popconfirm
                      title={t('photos.deleteConfirm')}
                      okText={t('common.confirm')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => remove(photo)}
                    >
                      <Button
                        size="small"
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('photos.delete')}
                      />
                    </Popconfirm>
                  )}
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(photo.createdAt)}
                </Typography.Text>
              </div>
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
    </div>
  );
}
