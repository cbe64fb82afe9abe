import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type Session } from '../../test/harness.ts';

let h: Harness;
let county: Session;
beforeAll(async () => {
  h = await createHarness();
  county = await h.loginAs('county', { regionCode: '331102' });
});
afterAll(() => h.close());

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 7)]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(50, 1),
]);

function photoBody(content: Buffer, filename: string, contentType: string) {
  const boundary = `----beacon${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

function upload(
  session: Session,
  reportId: string,
  content: Buffer,
  filename = '现场.jpg',
  type = 'image/jpeg',
) {
  const body = photoBody(content, filename, type);
  return h.app.inject({
    method: 'POST',
    url: `/api/reports/${reportId}/photos`,
    payload: body.payload,
    headers: { ...body.headers, cookie: session.cookie, 'x-csrf-token': session.csrfToken },
  });
}

let month = 0;
/** A project of a fresh owner and a draft report of a fresh month. */
async function draftReport() {
  const enterprise = await h.createEnterprise();
  const owner = await h.loginAs('owner', { enterpriseId: enterprise });
  const project = await h.buildProject({ owner_id: enterprise });
  const period = { year: 2024, month: (month++ % 12) + 1 };
  const report = await h.request(
    owner,
    'PUT',
    `/api/projects/${project.id}/reports/${period.year}/${period.month}`,
    {
      completedAmount: '10',
      physicalProgress: '基础施工',
      percentComplete: '10',
    },
  );
  return { owner, project, period, report: report.json() as { id: string } };
}

describe('report photos', () => {
  it('stores a photo by its detected type, lists it, serves it inert, deletes it with an audit trail', async () => {
    const { owner, report } = await draftReport();
    const created = await upload(owner, report.id, JPEG, 'C:\\相册\\主体结构.jpg');
    expect(created.statusCode, created.body).toBe(201);
    const photo = created.json();
    expect(photo).toMatchObject({
      reportId: report.id,
      fileName: '主体结构.jpg',
      contentType: 'image/jpeg',
      size: JPEG.length,
      uploadedBy: owner.user.id,
      url: `/api/photos/${photo.id}`,
    });
    // A PNG sent as text/plain is still a PNG: the bytes decide.
    const png = await upload(owner, report.id, PNG, 'scan.txt', 'text/plain');
    expect(png.json()).toMatchObject({ contentType: 'image/png', fileName: 'scan.txt' });

    const list = await h.request(county, 'GET', `/api/reports/${report.id}/photos`);
    expect(list.json().items.map((p: { id: string }) => p.id)).toEqual([photo.id, png.json().id]);

    const bytes = await h.request(county, 'GET', `/api/photos/${photo.id}`);
    expect(bytes.statusCode).toBe(200);
    expect(bytes.rawPayload.equals(JPEG)).toBe(true);
    expect(bytes.headers).toMatchObject({
      'content-type': 'image/jpeg',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
    expect(bytes.headers['content-disposition']).toMatch(
      /^inline; filename="photo-.+\.jpg"; filename\*=UTF-8''/,
    );

    const removed = await h.request(owner, 'DELETE', `/api/photos/${photo.id}`);
    expect(removed.statusCode).toBe(204);
    expect((await h.request(owner, 'GET', `/api/photos/${photo.id}`)).statusCode).toBe(404);
    const events = await h.db
      .selectFrom('audit_events')
      .select('action')
      .where('object_id', '=', photo.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['progress.photo.add', 'progress.photo.delete']);
  });

  it('refuses what is not a JPEG, PNG or WebP whatever its name and header, and files over 5 MB', async () => {
    const { owner, report } = await draftReport();
    const html = await upload(
      owner,
      report.id,
      Buffer.from('<html><script>alert(1)</script></html>'),
      'x.jpg',
    );
    expect(html.statusCode).toBe(415);
    expect(html.json().error.message).toBe('只能上传 JPG、PNG、WEBP 格式的照片');
    const gif = await upload(owner, report.id, Buffer.from('GIF89a....'), 'x.gif', 'image/gif');
    expect(gif.statusCode).toBe(415);
    const empty = await upload(owner, report.id, Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    const large = Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024)]);
    const tooLarge = await upload(owner, report.id, large);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error.message).toBe('照片不能超过 5 MB');
    const exactly = Buffer.concat([JPEG, Buffer.alloc(5 * 1024 * 1024 - JPEG.length)]);
    expect((await upload(owner, report.id, exactly)).statusCode).toBe(201);
    const stored = await h.db
      .selectFrom('report_photos')
      .select('id')
      .where('report_id', '=', report.id)
      .execute();
    expect(stored).toHaveLength(1);
  });

  it('keeps at most nine photos per report', async () => {
    const { owner, report } = await draftReport();
    for (let i = 0; i < 9; i++) expect((await upload(owner, report.id, JPEG)).statusCode).toBe(201);
    const tenth = await upload(owner, report.id, JPEG);
    expect(tenth.statusCode).toBe(409);
    expect(tenth.json().error.message).toBe('每份月报最多 9 张照片，请先删除不需要的照片');
  });

  it('changes photos only while the report is a draft or returned', async () => {
    const { owner, project, period, report } = await draftReport();
    const photo = (await upload(owner, report.id, JPEG)).json();
    await h.request(
      owner,
      'POST',
      `/api/projects/${project.id}/reports/${period.year}/${period.month}/submit`,
      {
        version: 1,
      },
    );
    const refused = await upload(owner, report.id, JPEG);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe('只有草稿或已退回的月报可以增删照片');
    expect((await h.request(owner, 'DELETE', `/api/photos/${photo.id}`)).statusCode).toBe(409);
    await h.request(county, 'POST', `/api/reports/${report.id}/return`, { reason: '请补充照片' });
    expect((await upload(owner, report.id, PNG, 'more.png', 'image/png')).statusCode).toBe(201);
  });

  it('hides another owner’s photos and reports as absent (404), and leaders may not upload (403)', async () => {
    const { owner, report } = await draftReport();
    const photo = (await upload(owner, report.id, JPEG)).json();
    const stranger = await h.loginAs('owner');
    const elsewhere = await h.loginAs('county', { regionCode: '331121' });
    for (const session of [stranger, elsewhere]) {
      expect((await upload(session, report.id, JPEG)).statusCode).toBe(404);
      expect((await h.request(session, 'GET', `/api/reports/${report.id}/photos`)).statusCode).toBe(404);
      expect((await h.request(session, 'GET', `/api/photos/${photo.id}`)).statusCode).toBe(404);
      expect((await h.request(session, 'DELETE', `/api/photos/${photo.id}`)).statusCode).toBe(404);
    }
    const leader = await h.loginAs('leader');
    expect((await upload(leader, report.id, JPEG)).statusCode).toBe(403);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await h.request(owner, 'GET', `/api/photos/${missing}`)).statusCode).toBe(404);
  });
});
