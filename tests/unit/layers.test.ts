// The layer rules are mechanical: a wrong import is a lint error (and a type error, see tsconfigs).
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The snippets are not files on disk, so no tsconfig includes them: lint without type information (the
// layer rules are syntactic). A parse error is reported too, so "allowed imports pass" cannot pass vacuously.
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: 'build/eslint.config.mjs',
  overrideConfig: tseslint.configs.disableTypeChecked,
});
const lint = async (file: string, code: string) =>
  (await eslint.lintText(code, { filePath: `${root}/${file}` }))[0]!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.fatal)
    .map((m) => m.message);

describe('layer rules', () => {
  it.each([
    [
      'shared/x.ts',
      "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;",
      /pure TypeScript/,
    ],
    ['shared/x.ts', "import { app } from 'electron';\nexport const a = app;", /runs anywhere/],
    ['electron/core/x.ts', "import { app } from 'electron';\nexport const a = app;", /plain Node/],
    [
      'electron/core/x.ts',
      "import { a } from '../main/ipc';\nexport const b = a;",
      /may import shared/,
    ],
    ['electron/host/x.ts', "import { app } from 'electron';\nexport const a = app;", /plain Node/],
    [
      'electron/host/x.ts',
      "import { a } from '../main/ipc';\nexport const b = a;",
      /may import shared/,
    ],
    [
      'renderer/x.ts',
      "import { createCore } from '../electron/core/index';\nexport const a = createCore;",
      /must not import electron/,
    ],
    ['renderer/x.ts', "import fs from 'node:fs';\nexport const a = fs;", /browser/],
    [
      'electron/preload/x.ts',
      "import { createCore } from '../core/index';\nexport const a = createCore;",
      /only shared\/ipc/,
    ],
  ])('%s: %s is refused', async (file, code, message) => {
    const msgs = await lint(file, code);
    expect(msgs.some((m) => message.test(m))).toBe(true);
  });
  it('allowed imports pass', async () => {
    expect(
      await lint(
        'renderer/x.ts',
        "import { contract } from '../shared/ipc/contract';\nexport const a = contract;",
      ),
    ).toEqual([]);
    expect(
      await lint('electron/core/x.ts', "import { join } from 'node:path';\nexport const a = join;"),
    ).toEqual([]);
  });
});
