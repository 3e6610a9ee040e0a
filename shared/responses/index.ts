// Canned responses: templates, variant choice, platform length limits, member language detection,
// picker/similar search and CSV/JSON import/export.
export {
  PLACEHOLDERS,
  MAX_TEMPLATE_LENGTH,
  compileTemplate,
  renderTemplate,
  firstNameOf,
} from './template';
export type {
  CompiledTemplate,
  CompileResult,
  Hole,
  PlaceholderName,
  Rendered,
  RenderOptions,
  TemplateIssue,
  TemplatePart,
} from './template';
export {
  canonicalLocale,
  localeChain,
  pickVariant,
  type PickedVariant,
  type Variant,
} from './locale';
export { checkLength, type LengthIssue, type LengthLimit } from './limits';
// Bound to the model: './detect' (the renderer); the core loads the model on first use.
export {
  MIN_LETTERS,
  cleanForDetection,
  detectLanguageWith,
  type DetectedLanguage,
  type LanguageDetector,
} from './language';
export {
  createResponseIndex,
  type PickerHit,
  type ResponseIndex,
  type SearchableResponse,
  type SimilarHit,
  type Usage,
} from './search';
export {
  CannedResponse,
  LocaleTag,
  PlatformId,
  ResponseVariant,
  Shortcut,
  Tag,
  effectiveLibrary,
  type CannedResponseInput,
} from './schema';
export {
  CSV_COLUMNS,
  JSON_FORMAT,
  exportResponsesCsv,
  exportResponsesJson,
  formatImportError,
  importResponsesCsv,
  importResponsesJson,
  neutraliseCell,
  restoreCell,
  type CsvLib,
  type ImportError,
  type ImportResult,
} from './transfer';
