// Canned-response templates: placeholders, fallbacks, prompted inputs with Tab order, unfilled
// holes with offsets, hostile member values inserted as plain text, and refused constructs.
import { describe, expect, it } from 'vitest';
import {
  compileTemplate,
  firstNameOf,
  renderTemplate,
  type CompiledTemplate,
} from '../../../shared/responses';

const compile = (src: string): CompiledTemplate => {
  const r = compileTemplate(src);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.template;
};

describe('templates', () => {
  it('fills placeholders and fallbacks', () => {
    const t = compile(
      'Hi {{member.first_name | "there"}}, {{agent.first_name}} from {{client.name}} here. Due {{sla.first_reply_due}}.',
    );
    expect(t.placeholders).toEqual([
      'member.first_name',
      'agent.first_name',
      'client.name',
      'sla.first_reply_due',
    ]);
    const r = renderTemplate(t, {
      'member.first_name': 'Åse',
      'agent.first_name': 'Mia',
      'client.name': 'Nordisk Bank',
      'sla.first_reply_due': '14:00',
    });
    expect(r).toEqual({
      text: 'Hi Åse, Mia from Nordisk Bank here. Due 14:00.',
      holes: [],
      tabOrder: [],
      complete: true,
    });
    expect(
      renderTemplate(t, {
        'agent.first_name': 'Mia',
        'client.name': 'NB',
        'sla.first_reply_due': 'x',
        'member.first_name': '  ',
      }).text,
    ).toBe('Hi there, Mia from NB here. Due x.');
  });

  it('accepts single-quoted fallbacks, escaped quotes and a pipe inside the fallback', () => {
    const t = compile(`{{member.first_name|'you | them'}} {{member.name | "the \\"member\\""}}`);
    expect(renderTemplate(t, {}).text).toBe('you | them the "member"');
  });

  it('leaves unfilled placeholders and inputs in the text as holes with offsets, in Tab order', () => {
    const src =
      'Order {{input "Order number"}} for {{member.name}}: see {{conversation.url}}. Again: {{input "Order number"}}, {{input "Date"}}';
    const t = compile(src);
    const r = renderTemplate(t, { 'conversation.url': 'https://f.example/t/1' });
    expect(r.complete).toBe(false);
    expect(r.tabOrder).toEqual(['Order number', 'Date']);
    expect(r.holes.map((h) => [h.kind, h.name, r.text.slice(h.start, h.end)])).toEqual([
      ['input', 'Order number', '{{input "Order number"}}'],
      ['placeholder', 'member.name', '{{member.name}}'],
      ['input', 'Order number', '{{input "Order number"}}'],
      ['input', 'Date', '{{input "Date"}}'],
    ]);
    const done = renderTemplate(
      t,
      { 'conversation.url': 'u', 'member.name': 'Ivan' },
      { 'Order number': 'A-17', Date: '1 May' },
    );
    expect(done).toMatchObject({
      text: 'Order A-17 for Ivan: see u. Again: A-17, 1 May',
      complete: true,
    });
  });

  it('inserts member-supplied values as plain text, never as a template', () => {
    const t = compile('Hi {{member.name}}, I am {{agent.first_name}}.');
    for (const hostile of [
      '{{agent.first_name}}',
      '{{#each}}x{{/each}}',
      '{{> partial}}',
      '{{{client.name}}}',
      '\\{{x}}',
      '}}{{',
    ]) {
      const r = renderTemplate(t, { 'member.name': hostile, 'agent.first_name': 'Mia' });
      expect(r.text).toBe(`Hi ${hostile}, I am Mia.`);
      expect(r.holes).toEqual([]);
    }
    const input = renderTemplate(compile('{{input "Note"}}'), {}, { Note: '{{member.name}}' });
    expect(input).toMatchObject({ text: '{{member.name}}', holes: [], complete: true });
  });

  it('applies a platform escape to values only', () => {
    const t = compile('**{{member.name}}**');
    expect(
      renderTemplate(
        t,
        { 'member.name': '*a*' },
        {},
        { escapeValue: (v) => v.replace(/[*_]/g, '\\$&') },
      ).text,
    ).toBe('**\\*a\\***');
  });

  it('keeps escaped mustaches, drops comments, keeps Danish/Russian/emoji text and CRLF offsets', () => {
    const src =
      'Kære {{member.first_name}} 😀\r\nПривет \\{{literal}} {{! note for agents }}\r\n{{client.name}}';
    const t = compile(src);
    const r = renderTemplate(t, {});
    expect(r.text).toBe('Kære {{member.first_name}} 😀\r\nПривет {{literal}} \r\n{{client.name}}');
    expect(r.holes.map((h) => r.text.slice(h.start, h.end))).toEqual([
      '{{member.first_name}}',
      '{{client.name}}',
    ]);
    const parts = t.parts.filter((p) => p.kind !== 'text') as { start: number; end: number }[];
    expect(parts.map((p) => src.slice(p.start, p.end))).toEqual([
      '{{member.first_name}}',
      '{{client.name}}',
    ]);
  });

  it('refuses what it does not support, with offsets', () => {
    const cases: [string, RegExp, string][] = [
      ['a {{#each x}}y{{/each}}', /blocks, partials/, '{{#each x}}y{{/each}}'],
      ['a {{> header}}', /blocks, partials/, '{{> header}}'],
      ['a {{member.email}}', /unknown placeholder "member.email"/, '{{member.email}}'],
      ['a {{member.name "x"}}', /unexpected argument/, '{{member.name "x"}}'],
      ['a {{input}}', /prompted input/, '{{input}}'],
      ['a {{input "  "}}', /input label/, '{{input "  "}}'],
      ['a {{member.name | other}}', /syntax error/, ''],
      ['a {{~member.name}}', /whitespace control/, '{{~member.name}}'],
      ['a {{@index}}', /only plain placeholders/, '{{@index}}'],
      ['a {{../member.name}}', /only plain placeholders/, '{{../member.name}}'],
      ['a {{member.name x=1}}', /named arguments/, '{{member.name x=1}}'],
    ];
    for (const [src, msg, span] of cases) {
      const r = compileTemplate(src);
      expect(r.ok, src).toBe(false);
      if (r.ok) continue;
      expect(r.errors[0]!.message).toMatch(msg);
      if (span) expect(src.slice(r.errors[0]!.start, r.errors[0]!.end)).toBe(span);
    }
    const syntax = compileTemplate('line one\nHi {{ member.name');
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) {
      expect(syntax.errors[0]!.message).toMatch(/syntax error at line 2/);
      expect(syntax.errors[0]!.start).toBeGreaterThanOrEqual(9);
    }
  });

  it('firstNameOf', () => {
    expect([
      firstNameOf('Anna-Sofie Holm'),
      firstNameOf('  Иван  Петров'),
      firstNameOf(''),
      firstNameOf(null),
    ]).toEqual(['Anna-Sofie', 'Иван', undefined, undefined]);
  });
});
