// The Markdown export escapes user text only where Markdown would read syntax. Rendered with a real
// CommonMark + GFM parser (what GitHub and most wikis use), any line of text must come back as the
// same text in one paragraph: no heading, list, emphasis, link, image, table, HTML or mention.
import fc from 'fast-check';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '../../test/fuzz-config.ts';
import { mdEscape } from './case-export.ts';

const render = (md: string) => micromark(md, { extensions: [gfm()], htmlExtensions: [gfmHtml()] }).trim();
const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// GFM turns bare URLs and emails into links whose text is the URL itself: the reader still sees the text.
const withoutAutolinks = (h: string) => h.replace(/<a href="[^"]*">([^<]*)<\/a>/g, '$1');

function roundTrips(line: string): void {
  expect(withoutAutolinks(render(mdEscape(line)))).toBe(`<p>${html(line)}</p>`);
}

describe('Markdown export escaping', () => {
  it('leaves IPs, paths, hosts and identifiers readable', () => {
    expect(mdEscape('Failed password for root from 183.62.140.253 port 22 ssh2')).toBe(
      'Failed password for root from 183.62.140.253 port 22 ssh2',
    );
    expect(mdEscape('svc_backup wrote /etc/audit/audit.rules (pid 42): ok!')).toBe(
      'svc_backup wrote /etc/audit/audit.rules (pid 42): ok!',
    );
    expect(mdEscape('alice@example.com')).toBe('alice@example.com');
  });

  it('escapes what Markdown would read as markup', () => {
    for (const line of [
      '# Owned',
      '- item',
      '1. item',
      '---',
      '===',
      '<img src=x onerror=alert(1)>',
      '[click](javascript:alert(1))',
      '![i](http://x/y.png)',
      '| a | b |',
      '**bold** _em_ ~~gone~~ `code`',
      'ping @security-team now',
      'a\\*b',
      '&amp; &#60; &lt;',
      '$x^2$',
      '_leading and trailing_',
    ]) {
      roundTrips(line);
    }
  });

  it('any line of text renders as exactly that text', { timeout: fuzzTimeout(10_000) }, () => {
    const chars = fc.constantFrom(...'ab1 _*`[]()!#<>&|~$@:/.-+=\\"\'{}'.split(''));
    const line = fc
      .array(chars, { minLength: 1, maxLength: 40 })
      .map((cs) => cs.join('').trim())
      .filter((s) => s.length > 0);
    fc.assert(
      fc.property(line, (l) => roundTrips(l)),
      fuzzParams(2000, 10_000),
    );
  });
});
