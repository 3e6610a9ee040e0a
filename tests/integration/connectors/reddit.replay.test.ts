// The generic replay command (build/replay/main.ts) with the Reddit connector: JSON bodies, a
// VCR cassette, JSON lines, a non-JSON file, and the one-line-per-file output of the npm script.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cassetteBodies, payloadsOf, replayFile } from '../../../build/replay/main';
import { getConnector } from '../../../electron/core/connectors/registry';
import { FIXTURES, fixture } from './reddit.helpers';

const reddit = getConnector('reddit');
const file = (name: string) => join(FIXTURES, name);

describe('replay command (generic) with the reddit connector', () => {
  it('a JSON response body: counts and quarantine reasons', () => {
    const line = replayFile(
      reddit,
      file('comments_new.json'),
      Buffer.from(JSON.stringify(fixture('comments_new.json'))),
    );
    expect(line).toMatchObject({ items: 6, quarantined: 1, skipped: 0 });
    expect(line.errors).toEqual([
      expect.stringMatching(/^quarantined: Reddit t1 t1_kq9cu00 rejected: created_utc/),
    ]);
  });

  it('a VCR cassette: each recorded body, token and HTML bodies skipped', () => {
    const bodies = cassetteBodies(fixture('cassette_comments.json'))!;
    expect(bodies).toHaveLength(5);
    expect(typeof bodies[4]).toBe('string'); // the HTML error page stays text
    const line = replayFile(
      reddit,
      'cassette.json',
      Buffer.from(JSON.stringify(fixture('cassette_comments.json'))),
    );
    expect(line).toEqual({
      file: 'cassette.json',
      items: 4,
      quarantined: 0,
      skipped: 2,
      errors: [],
    });
  });

  it('JSON lines: one payload per line; a broken line is reported with its number', () => {
    const lines = [
      JSON.stringify(fixture('inbox.json')),
      '{not json',
      JSON.stringify(fixture('modmail_conversation.json')),
    ].join('\n');
    expect(payloadsOf('frames.jsonl', Buffer.from(lines))).toHaveLength(3);
    const line = replayFile(reddit, 'frames.jsonl', Buffer.from(lines));
    expect(line.items).toBe(5 + 3);
    expect(line.errors).toEqual(['#2: line 2 is not JSON']);
  });

  it('npm run replay prints one JSON line per file and fails on an unreadable one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    writeFileSync(join(dir, 'page.json'), JSON.stringify(fixture('submissions_new.json')));
    const r = spawnSync(
      process.execPath,
      [
        'build/scripts/replay.mjs',
        '--platform',
        'reddit',
        join(dir, 'page.json'),
        join(dir, 'missing.json'),
      ],
      { encoding: 'utf8' },
    );
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out[0]).toEqual({
      file: join(dir, 'page.json'),
      items: 3,
      quarantined: 0,
      skipped: 0,
      errors: [],
    });
    expect(out[1]).toMatchObject({
      file: join(dir, 'missing.json'),
      items: 0,
      errors: [expect.stringContaining('ENOENT')],
    });
    expect(r.status).toBe(1);
    const bad = spawnSync(
      process.execPath,
      ['build/scripts/replay.mjs', '--platform', 'nope', join(dir, 'page.json')],
      { encoding: 'utf8' },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('No connector for platform "nope"');
  }, 60_000);
});
