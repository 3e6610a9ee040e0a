// shared/responses: language detection bound to ELD's model, for the renderer (the composer, the
// client's voice settings), which loads it with the composer's chunk. The core loads the model on first
// use instead (electron/core/domains/guidelines/check.ts).
import { eld } from 'eld/extrasmall';
import { detectLanguageWith, type DetectedLanguage } from './language';

export function detectLanguage(
  texts: readonly string[] | string,
  opts: { minLetters?: number } = {},
): DetectedLanguage {
  return detectLanguageWith(eld, texts, opts);
}
