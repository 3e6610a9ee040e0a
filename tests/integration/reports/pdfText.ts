// tests/integration/reports: reading a generated PDF back — its text layer per page and page sizes
// with pdfjs-dist (Mozilla's PDF.js, legacy build for Node), and the embedded font's cmap with fontkit.
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export type PdfRead = { pages: { text: string; width: number; height: number }[]; text: string };

export async function readPdf(path: string): Promise<PdfRead> {
  const data = new Uint8Array(readFileSync(path));
  const loading = getDocument({ data, useSystemFonts: false });
  const doc = await loading.promise;
  const pages: PdfRead['pages'] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    // One line per drawn text run; runs that are only whitespace (pdf.js's word and line breaks) are dropped.
    const text = content.items
      .map((it) => ('str' in it ? it.str : ''))
      .filter((s) => s.trim() !== '')
      .join('\n');
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    pages.push({ text, width: x1 - x0, height: y1 - y0 });
  }
  await loading.destroy();
  return { pages, text: pages.map((p) => p.text).join('\n') };
}

/** Code points (other than line breaks) of `text` that the font file has no glyph for. */
export function missingGlyphs(fontPath: string, text: string): string[] {
  const font = fontkit.openSync(fontPath) as fontkit.Font;
  const missing = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\n') continue;
    if (!font.hasGlyphForCodePoint(cp))
      missing.add(`U+${cp.toString(16).toUpperCase().padStart(4, '0')} ${ch}`);
  }
  return [...missing];
}
