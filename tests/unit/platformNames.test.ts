// No platform is named outside its connector: every registered platform id (and its display name)
// is absent from the renderer and shared/ code — strings, identifiers, JSON — comments aside. The
// renderer shows a source's `platformLabel` and the generated form shows the connector's fields.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { allConnectors } from '../../electron/core/connectors/registry';

const root = join(__dirname, '..', '..');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(tsx?|json)$/.test(f) ? [p] : [];
  });

/** The code's tokens without comments (TypeScript's own scanner), or a JSON file's whole text. */
function codeText(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.json')) return text;
  const scanner = ts.createScanner(
    ts.ScriptTarget.Latest,
    true,
    path.endsWith('x') ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard,
    text,
  );
  const out: string[] = [];
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan())
    out.push(scanner.getTokenText());
  return out.join(' ');
}

describe('platform names', () => {
  // "email" / "Email" name a platform AND an ordinary field (an agent's e-mail, <input type="email">):
  // too common a word to forbid, so this check leaves them out (the e-mail connector's own terms,
  // IMAP/SMTP, stay in its folder by review, not by this test).
  const GENERIC = new Set(['email', 'Email']);
  const names = allConnectors()
    .flatMap((c) => [c.platform, c.label.en])
    .filter((n) => !GENERIC.has(n));

  it('the registry has platforms to look for', () => {
    expect(names).toEqual(expect.arrayContaining(['discourse', 'Discourse']));
  });

  it('appear nowhere in renderer/ or shared/ outside comments', () => {
    const hits: string[] = [];
    for (const f of [...files(join(root, 'renderer')), ...files(join(root, 'shared'))]) {
      const code = codeText(f);
      for (const n of names)
        if (new RegExp(`\\b${n}\\b`, 'i').test(code))
          hits.push(`${f.slice(root.length + 1)}: ${n}`);
    }
    expect(hits).toEqual([]);
  });

  it('the scanner sees strings and skips comments', () => {
    const probe = ts.createScanner(
      ts.ScriptTarget.Latest,
      true,
      ts.LanguageVariant.Standard,
      "// discourse\nconst x = 'reddit'; /* discord */",
    );
    const tokens: string[] = [];
    for (let k = probe.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = probe.scan())
      tokens.push(probe.getTokenText());
    expect(tokens.join(' ')).toBe("const x = 'reddit' ;");
  });
});
