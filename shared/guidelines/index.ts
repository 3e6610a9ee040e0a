// Brand guidelines: schema and parser (JSON/YAML), compiler and linter, fix application.
export {
  Guideline,
  GuidelineError,
  Rule,
  Severity,
  MAX_GUIDELINE_SOURCE,
  parseGuideline,
  validateGuideline,
  type GuidelineInput,
  type GuidelineIssue,
  type RuleInput,
  type RuleKind,
} from './schema';
export {
  FixError,
  applyFix,
  applyFixes,
  blocksSend,
  compileGuideline,
  lintReply,
  matchCase,
  type CompiledGuideline,
  type Finding,
  type Fix,
  type LintContext,
  type TextEdit,
} from './lint';
