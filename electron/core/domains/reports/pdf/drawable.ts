// electron/core/domains/reports/pdf: hostile or unusual text made safe to draw. Conversation titles,
// notes, names and labels come from members, agents and platforms: control and bidirectional-override
// characters are removed (pdfkit does no bidi reordering, and an override must not reorder figures
// beside it), white space is collapsed, the length is capped, and every code point the embedded fonts
// cannot draw (emoji, CJK…) becomes U+FFFD instead of an invisible .notdef box.
import type * as FontkitLib from 'fontkit';
import { lazyModule } from '../../../lazyModule';

/** fontkit, loaded when the first report is drawn (not when the core starts). */
const fontkitLib = lazyModule<typeof FontkitLib>(() => import('fontkit'));

const MAX = 300;
// C0/C1 controls, zero-width and bidi embedding/override/isolate marks, the BOM, interlinear annotations.
const STRIP =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point: they are removed
  /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/gu;

export type Coverage = (cp: number) => boolean;
let cover: Coverage | null = null;

/** The code points both embedded faces (regular and bold) have glyphs for (read once). */
export async function coverage(fonts: { regular: string; bold: string }): Promise<Coverage> {
  if (!cover) {
    const fontkit = await fontkitLib.load();
    const faces = [fonts.regular, fonts.bold].map((p) => fontkit.openSync(p) as FontkitLib.Font);
    const sets = faces.map((f) => new Set(f.characterSet));
    cover = (cp) => sets.every((s) => s.has(cp));
  }
  return cover;
}

export function drawable(text: string, has: Coverage, max = MAX): string {
  let out = '';
  let n = 0;
  for (const ch of text.replace(STRIP, '').replace(/\s+/gu, ' ').trim()) {
    if (n === max) return `${out}…`;
    out += has(ch.codePointAt(0)!) ? ch : '\ufffd';
    n++;
  }
  return out;
}
