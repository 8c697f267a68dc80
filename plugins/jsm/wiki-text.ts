/**
 * Jira wiki markup (servicedeskapi comment bodies, v2 webhook bodies) → plain text: the words stay, the markup
 * goes. Links become "text (url)", headings and panels lose their markers, list bullets become "- " / "1. ",
 * block quotes "> ", code and noformat blocks keep their content verbatim.
 */
export function wikiToText(wiki: string): string {
  const out: string[] = [];
  let verbatim = false;
  for (const raw of wiki.replace(/\r\n?/g, '\n').split('\n')) {
    const fence = /^\s*\{(code|noformat)(:[^}]*)?\}\s*$/.exec(raw);
    if (fence) {
      verbatim = !verbatim;
      continue;
    }
    if (verbatim) {
      out.push(raw);
      continue;
    }
    out.push(line(raw));
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function line(raw: string): string {
  let s = raw.replace(/\{(quote|panel|color)(:[^}]*)?\}/g, '');
  s = s.replace(/^h[1-6]\.\s+/, '').replace(/^bq\.\s+/, '> ');
  const list = /^([*#-]+)\s+(.*)$/.exec(s);
  if (list && !/^\*[^*\s][^*]*\*/.test(s)) {
    const depth = list[1]!.length - 1;
    s = `${'  '.repeat(depth)}${list[1]!.endsWith('#') ? '1.' : '-'} ${list[2]}`;
  }
  return inline(s);
}

function inline(s: string): string {
  return s
    .replace(/\[~accountid:[^\]]+\]/g, '@someone')
    .replace(/\[([^|\]]+)\|([^\]]+)\]/g, (_, text: string, url: string) => `${text.trim()} (${url.trim()})`)
    .replace(/\[((?:https?|mailto):[^\]]+)\]/g, '$1')
    .replace(/!([^!\s|]+)(\|[^!]*)?!/g, '[attachment: $1]')
    .replace(/\{\{([^}]*)\}\}/g, '$1')
    .replace(/(^|[\s(])\*(\S(?:[^*]*\S)?)\*(?=$|[\s).,;:!?])/g, '$1$2')
    .replace(/(^|[\s(])_(\S(?:[^_]*\S)?)_(?=$|[\s).,;:!?])/g, '$1$2')
    .replace(/(^|[\s(])\+(\S(?:[^+]*\S)?)\+(?=$|[\s).,;:!?])/g, '$1$2')
    .replace(/\\\\/g, '\n')
    .replace(/\|\|/g, ' | ')
    .replace(/^\|\s*|\s*\|$/g, '');
}
