import { adfToText, textToAdf } from '../../../plugins/jsm/adf-text';
import { wikiToText } from '../../../plugins/jsm/wiki-text';
import { example } from './examples';

const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const t = (text: string, marks?: unknown[]) => ({ type: 'text', text, ...(marks ? { marks } : {}) });
const doc = (...content: unknown[]) => ({ type: 'doc', version: 1, content });

describe('ADF to text', () => {
  it('reads the documented worklog comment', () => {
    const body = example<{ response: { body: { comment: unknown } } }>('add-worklog').response.body.comment;
    expect(adfToText(body)).toBe('On-site visit: replaced mouse and tested.');
  });

  it('keeps every word: links, mentions, emoji, lists, code, quotes, tables, media', () => {
    const adf = doc(
      { type: 'heading', attrs: { level: 2 }, content: [t('Diagnosis')] },
      p(
        t('See '),
        t('the KB', [{ type: 'link', attrs: { href: 'https://kb.example/42' } }]),
        t(', '),
        { type: 'mention', attrs: { text: '@Mia' } },
        t(' '),
        { type: 'emoji', attrs: { shortName: ':smile:', text: '😄' } },
      ),
      p(t('line one'), { type: 'hardBreak' }, t('line two')),
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [p(t('first'))] },
          { type: 'listItem', content: [p(t('second'))] },
        ],
      },
      { type: 'orderedList', attrs: { order: 3 }, content: [{ type: 'listItem', content: [p(t('third'))] }] },
      { type: 'codeBlock', content: [t('ls -l\nexit 1')] },
      { type: 'blockquote', content: [p(t('quoted'))] },
      {
        type: 'table',
        content: [
          {
            type: 'tableRow',
            content: [
              { type: 'tableHeader', content: [p(t('a'))] },
              { type: 'tableCell', content: [p(t('b'))] },
            ],
          },
        ],
      },
      { type: 'mediaSingle', content: [{ type: 'media', attrs: { alt: 'screenshot.png' } }] },
      { type: 'rule' },
      p({ type: 'inlineCard', attrs: { url: 'https://acme.atlassian.net/browse/SPT-1' } }, t(' '), { type: 'status', attrs: { text: 'DONE' } }),
    );
    expect(adfToText(adf)).toBe(
      [
        'Diagnosis',
        'See the KB (https://kb.example/42), @Mia 😄',
        'line one\nline two',
        '- first\n- second',
        '3. third',
        'ls -l\nexit 1',
        '> quoted',
        'a | b',
        '[attachment: screenshot.png]',
        '---',
        'https://acme.atlassian.net/browse/SPT-1 DONE',
      ].join('\n\n'),
    );
  });

  it('text written as ADF reads back the same, markup characters included', () => {
    const text = 'Intervention *FI2611-0007* validated: 1.50 h\n_under_ contract [CT-1|x]\n\nSecond paragraph';
    expect(adfToText(textToAdf(text))).toBe(text);
  });
});

describe('wiki markup to text', () => {
  it('reads the documented description', () => {
    expect(wikiToText('I need a new *mouse* for my Mac')).toBe('I need a new mouse for my Mac');
  });

  it('keeps the words of links, lists, headings, quotes and code, and drops the markup', () => {
    const wiki = [
      'h1. Problem',
      'See [the KB|https://kb.example/42] and {{C:\\temp}}',
      '* one',
      '** nested',
      '# first',
      'bq. quoted',
      '{code:java}',
      'a *not bold* b',
      '{code}',
      'line\\\\break',
      '!screen.png|thumbnail!',
    ].join('\n');
    expect(wikiToText(wiki)).toBe(
      [
        'Problem',
        'See the KB (https://kb.example/42) and C:\\temp',
        '- one',
        '  - nested',
        '1. first',
        '> quoted',
        'a *not bold* b',
        'line\nbreak',
        '[attachment: screen.png]',
      ].join('\n'),
    );
  });

  it('leaves plain text as it is', () => {
    expect(wikiToText('Thanks, the new mouse works. You can close this.')).toBe('Thanks, the new mouse works. You can close this.');
  });
});
