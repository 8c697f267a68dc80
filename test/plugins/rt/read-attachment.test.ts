import nock from 'nock';
import { FileTooLargeError, NotFoundError, readBounded } from '../../../src/plugin-sdk';
import { recordedBody, replay, rtTestAdapter } from './recordings';
import { guardNetwork } from '../../support/nock-guard';

guardNetwork();

describe('RT readAttachment (recorded GET /attachment/:id, base64 Content)', () => {
  it('decodes the base64 content of the part', async () => {
    replay('attachment_get_text');
    const file = await rtTestAdapter().readAttachment!('12', '45', { id: '15', filename: 'log.txt', contentType: 'text/plain' }, 1024);
    const expected = Buffer.from(recordedBody<{ Content: string }>('attachment_get_text').Content, 'base64');
    expect(await readBounded(file.stream, 1024, 'log.txt')).toEqual(expected);
    expect(file).toMatchObject({ filename: 'log.txt', contentType: 'text/plain', size: expected.length });
  });

  it('stops at the limit: from the listed size without a call, or from the content', async () => {
    const adapter = rtTestAdapter();
    await expect(adapter.readAttachment!('12', '45', { id: '15', filename: 'log.txt', size: 5000 }, 1024)).rejects.toBeInstanceOf(FileTooLargeError);
    replay('attachment_get_text');
    await expect(adapter.readAttachment!('12', '45', { id: '15', filename: 'log.txt' }, 3)).rejects.toBeInstanceOf(FileTooLargeError);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('a part without an id cannot be read', async () => {
    await expect(rtTestAdapter().readAttachment!('12', '45', { filename: 'x.txt' }, 1024)).rejects.toBeInstanceOf(NotFoundError);
  });
});
