// Canned-response templates: {{member.first_name}} placeholders, {{input "Order number"}} prompted
// inputs and {{member.first_name | "there"}} fallbacks, parsed with @handlebars/parser (the
// maintained Handlebars grammar) and rendered by walking its AST ourselves — nothing is compiled or
// evaluated, and values are concatenated as plain text, so a member called "{{agent.first_name}}"
// or "{{#each}}" stays exactly that. Handlebars has no "|" operator: before parsing, a "|" that sits
// between a placeholder and one string literal is replaced by a space (same length, so offsets are
// unchanged), which Handlebars reads as a one-argument mustache; we remember where we did that and
// treat that argument as the fallback. Everything Handlebars offers beyond this (blocks, partials,
// helpers with arguments, @data, ../ paths, whitespace control) is refused with its offset.
import { parseWithoutProcessing } from '@handlebars/parser';
import type { AST } from '@handlebars/parser';

/** Placeholders a canned response may use (the composer fills them from the conversation). */
export const PLACEHOLDERS = [
  'member.name',
  'member.first_name',
  'agent.name',
  'agent.first_name',
  'client.name',
  'conversation.url',
  'sla.first_reply_due',
] as const;
export type PlaceholderName = (typeof PLACEHOLDERS)[number];

export type TemplatePart =
  | { kind: 'text'; text: string }
  /** start/end: offsets of the whole {{...}} in the template source. */
  | {
      kind: 'placeholder';
      name: string;
      fallback?: string;
      source: string;
      start: number;
      end: number;
    }
  | { kind: 'input'; label: string; source: string; start: number; end: number };
export type CompiledTemplate = {
  source: string;
  parts: TemplatePart[];
  placeholders: string[];
  inputs: string[];
};
export type TemplateIssue = { message: string; start: number; end: number };
export type CompileResult =
  { ok: true; template: CompiledTemplate } | { ok: false; errors: TemplateIssue[] };

export const MAX_TEMPLATE_LENGTH = 100_000;
const MAX_INPUT_LABEL = 100;
const FALLBACK_TAIL = /^\s*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*~?\}?$/;

/** Replaces fallback pipes by spaces; returns the new text and the offsets of the mustaches that had one. */
function transformPipes(src: string): { text: string; fallbackAt: Set<number> } {
  const fallbackAt = new Set<number>();
  const pipes: number[] = [];
  let i = 0;
  for (;;) {
    i = src.indexOf('{{', i);
    if (i < 0) break;
    if (i > 0 && src[i - 1] === '\\') {
      i += 2;
      continue;
    }
    const close = src.indexOf('}}', i + 2);
    if (close < 0) break;
    const inner = src.slice(i + 2, close + (src[close + 2] === '}' ? 1 : 0));
    let quote: string | null = null;
    let pipe = -1;
    for (let j = 0; j < inner.length; j++) {
      const c = inner[j];
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '|') {
        pipe = j;
        break;
      }
    }
    if (pipe >= 0 && FALLBACK_TAIL.test(inner.slice(pipe + 1))) {
      pipes.push(i + 2 + pipe);
      fallbackAt.add(i);
    }
    i = close + 2;
  }
  if (pipes.length === 0) return { text: src, fallbackAt };
  let text = '';
  let from = 0;
  for (const p of pipes) {
    text += src.slice(from, p) + ' ';
    from = p + 1;
  }
  return { text: text + src.slice(from), fallbackAt };
}

/** Offsets of line starts the way the Handlebars lexer counts lines (\r\n, \r or \n). */
function lineStarts(src: string): number[] {
  const out = [0];
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 13) {
      if (src.charCodeAt(i + 1) === 10) i++;
      out.push(i + 1);
    } else if (c === 10) out.push(i + 1);
  }
  return out;
}

type Loc = { start: { line: number; column: number }; end: { line: number; column: number } };

/**
 * Parses a template. Errors name the problem and its [start, end) in the source (for highlighting
 * in the editor); nothing is thrown for bad input.
 */
export function compileTemplate(
  source: string,
  opts: { placeholders?: readonly string[] } = {},
): CompileResult {
  if (source.length > MAX_TEMPLATE_LENGTH)
    return {
      ok: false,
      errors: [
        {
          message: `template is longer than ${MAX_TEMPLATE_LENGTH} characters`,
          start: 0,
          end: source.length,
        },
      ],
    };
  const allowed = new Set(opts.placeholders ?? PLACEHOLDERS);
  const { text, fallbackAt } = transformPipes(source);
  const starts = lineStarts(text);
  const off = (p: { line: number; column: number }) =>
    Math.min(source.length, (starts[p.line - 1] ?? source.length) + p.column);
  const span = (loc: Loc | undefined) =>
    loc ? { start: off(loc.start), end: off(loc.end) } : { start: 0, end: source.length };

  let program: AST.Program;
  try {
    program = parseWithoutProcessing(text);
  } catch (e) {
    const h = (
      e as { hash?: { loc?: { first_line: number; first_column: number; last_column: number } } }
    ).hash;
    const msg = (e as Error).message.split('\n');
    const start = h?.loc ? off({ line: h.loc.first_line, column: h.loc.first_column }) : 0;
    const end = h?.loc
      ? Math.max(start, off({ line: h.loc.first_line, column: h.loc.last_column }))
      : source.length;
    const where = h?.loc ? ` at line ${h.loc.first_line}, column ${h.loc.first_column + 1}` : '';
    return {
      ok: false,
      errors: [
        { message: `template syntax error${where}: ${msg[msg.length - 1] ?? msg[0]}`, start, end },
      ],
    };
  }

  const parts: TemplatePart[] = [];
  const errors: TemplateIssue[] = [];
  const placeholders: string[] = [];
  const inputs: string[] = [];
  for (const st of program.body) {
    const where = span(st.loc as Loc);
    switch (st.type) {
      case 'ContentStatement': {
        const value = (st as AST.ContentStatement).value;
        const last = parts[parts.length - 1];
        if (last?.kind === 'text') last.text += value;
        else parts.push({ kind: 'text', text: value });
        break;
      }
      case 'CommentStatement':
        break;
      case 'MustacheStatement': {
        const m = st as AST.MustacheStatement;
        const src = source.slice(where.start, where.end);
        const bad = (message: string) => errors.push({ message: `${message}: ${src}`, ...where });
        if (m.strip.open || m.strip.close) {
          bad('whitespace control (~) is not supported');
          break;
        }
        if (m.hash && m.hash.pairs.length > 0) {
          bad('named arguments are not supported');
          break;
        }
        const path = m.path as AST.PathExpression;
        if (
          path.type !== 'PathExpression' ||
          path.data ||
          path.depth > 0 ||
          (path as { this?: boolean }).this === true ||
          path.original.startsWith('this')
        ) {
          bad('only plain placeholders are supported');
          break;
        }
        const name = path.original;
        const hasFallback = fallbackAt.has(where.start);
        if (name === 'input') {
          const label = m.params[0];
          if (hasFallback || m.params.length !== 1 || label?.type !== 'StringLiteral') {
            bad('write a prompted input as {{input "Label"}}');
            break;
          }
          const text = (label as AST.StringLiteral).value.trim();
          if (!text || text.length > MAX_INPUT_LABEL) {
            bad(`an input label must have 1-${MAX_INPUT_LABEL} characters`);
            break;
          }
          if (!inputs.includes(text)) inputs.push(text);
          parts.push({ kind: 'input', label: text, source: src, ...where });
          break;
        }
        if (!allowed.has(name)) {
          bad(`unknown placeholder "${name}" (known: ${[...allowed].join(', ')})`);
          break;
        }
        let fallback: string | undefined;
        if (hasFallback) {
          const f = m.params[0];
          if (m.params.length !== 1 || f?.type !== 'StringLiteral') {
            bad('a fallback is one quoted text: {{name | "text"}}');
            break;
          }
          fallback = (f as AST.StringLiteral).value;
        } else if (m.params.length > 0) {
          bad('unexpected argument; write a fallback as {{name | "text"}}');
          break;
        }
        if (!placeholders.includes(name)) placeholders.push(name);
        parts.push({
          kind: 'placeholder',
          name,
          source: src,
          ...where,
          ...(fallback !== undefined ? { fallback } : {}),
        });
        break;
      }
      default:
        errors.push({
          message: `blocks, partials and decorators are not supported: ${source.slice(where.start, Math.min(where.end, where.start + 40))}`,
          ...where,
        });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, template: { source, parts, placeholders, inputs } };
}

/** A placeholder or prompted input left unfilled in the rendered text (it blocks send). */
export type Hole = { kind: 'placeholder' | 'input'; name: string; start: number; end: number };
export type Rendered = {
  text: string;
  /** Unfilled placeholders and inputs, in text order; their source text stays in `text` at [start, end). */
  holes: Hole[];
  /** Prompted-input labels in Tab order (first appearance); one value fills every use of a label. */
  tabOrder: string[];
  /** True when nothing is left to fill. */
  complete: boolean;
};
export type RenderOptions = {
  /** Applied to member/agent/client values only (e.g. Markdown escaping for a platform); default: as is. */
  escapeValue?: (value: string) => string;
};

const filled = (v: string | null | undefined): v is string =>
  typeof v === 'string' && v.trim() !== '';

/**
 * Renders a compiled template. `values` maps placeholder names to plain text; `inputs` maps input
 * labels to what the agent typed. Values are never parsed: they are inserted as they are.
 */
export function renderTemplate(
  template: CompiledTemplate,
  values: Readonly<Record<string, string | null | undefined>>,
  inputs: Readonly<Record<string, string | null | undefined>> = {},
  opts: RenderOptions = {},
): Rendered {
  const esc = opts.escapeValue ?? ((v: string) => v);
  let text = '';
  const holes: Hole[] = [];
  for (const p of template.parts) {
    if (p.kind === 'text') text += p.text;
    else if (p.kind === 'placeholder') {
      const v = Object.hasOwn(values, p.name) ? values[p.name] : undefined;
      if (filled(v)) text += esc(v);
      else if (p.fallback !== undefined) text += p.fallback;
      else {
        holes.push({
          kind: 'placeholder',
          name: p.name,
          start: text.length,
          end: text.length + p.source.length,
        });
        text += p.source;
      }
    } else {
      const v = Object.hasOwn(inputs, p.label) ? inputs[p.label] : undefined;
      if (filled(v)) text += v;
      else {
        holes.push({
          kind: 'input',
          name: p.label,
          start: text.length,
          end: text.length + p.source.length,
        });
        text += p.source;
      }
    }
  }
  return { text, holes, tabOrder: [...template.inputs], complete: holes.length === 0 };
}

/** "Anna-Sofie Holm" → "Anna-Sofie"; "" → undefined. For filling member.first_name from a display name. */
export function firstNameOf(name: string | null | undefined): string | undefined {
  const first = (name ?? '').trim().split(/\s+/)[0];
  return first ? first : undefined;
}
