// The demo voices: seedVoice gives each demo client (by name) its guideline and 10-20 canned
// responses with en/da/ru variants through the contract; every seeded response, filled in as the
// composer fills it, passes its own client's guideline in its own language (no error finding),
// while a first reply typed the wrong way shows the check (the bank's emoji and missing sign-off,
// the studio's "users").
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DEMO_CLIENTS } from '../../../electron/demo/clients';
import { DEMO_VOICES, seedVoice } from '../../../electron/demo/voice';
import { lintReply } from '../../../shared/guidelines';
import { compileTemplate, renderTemplate } from '../../../shared/responses';
import { makeCore, type TestCore } from '../../helpers/core';

let core: TestCore;
beforeEach(async () => {
  core = await makeCore();
});
afterEach(async () => core.close());

it('every demo client has a voice, and seeding gives each a guideline and 10-20 trilingual responses that pass it', async () => {
  // A client's second community (`of`) is the same client: one voice per client.
  const demoClients = DEMO_CLIENTS.filter((c) => !c.of);
  expect(demoClients.map((c) => c.name).sort()).toEqual(Object.keys(DEMO_VOICES).sort());
  const clients = [];
  for (const c of demoClients) clients.push(await core.call('clients.create', { name: c.name }));
  const other = await core.call('clients.create', { name: 'Not a demo client' });
  const seeded = await seedVoice((m, i) => core.dispatch(m, i), [...clients, other]);
  expect(seeded.map((s) => s.clientId)).toEqual(clients.map((c) => c.id));
  // Seeding twice changes nothing.
  expect(await seedVoice((m, i) => core.dispatch(m, i), clients)).toEqual([]);
  for (const c of clients) {
    const g = (await core.call('guidelines.get', { clientId: c.id })).guideline!;
    expect(g.rules.length).toBeGreaterThan(3);
    const lib = (await core.call('responses.library', { clientId: c.id })).responses;
    expect(lib.length).toBeGreaterThanOrEqual(10);
    expect(lib.length).toBeLessThanOrEqual(20);
    for (const r of lib) {
      expect(new Set(r.variants.map((v) => v.locale))).toEqual(new Set(['en', 'da', 'ru']));
      for (const v of r.variants) {
        const t = compileTemplate(v.body);
        if (!t.ok) throw new Error(`${c.name} #${r.shortcut}: ${t.errors[0]!.message}`);
        const inputs = Object.fromEntries(t.template.inputs.map((l) => [l, '12345']));
        const text = renderTemplate(
          t.template,
          {
            'member.name': 'Mette Holm',
            'member.first_name': 'Mette',
            'agent.first_name': 'Sam',
            'agent.name': 'Sam Berg',
            'client.name': c.name,
            'conversation.url': 'https://forum.northwind.example/t/1',
            'sla.first_reply_due': '18/11 14:00',
          },
          inputs,
        ).text;
        const errors = lintReply(g, text, {
          platform: v.platform ?? 'discourse',
          language: v.locale,
          memberLanguage: v.locale,
        }).filter((f) => f.severity === 'error');
        expect(errors.map((f) => `${c.name} #${r.shortcut} ${v.locale}: ${f.message}`)).toEqual([]);
      }
    }
  }
  const [bank, games] = clients;
  const first = await core.call('guidelines.check', {
    clientId: bank!.id,
    text: 'Hi, your refund is on its way 🙂',
  });
  expect(
    first.findings
      .filter((f) => f.severity === 'error')
      .map((f) => f.ruleId)
      .sort(),
  ).toEqual(['no-emoji', 'sign-off-en']);
  const fix = first.findings.find((f) => f.ruleId === 'sign-off-en')!.fix!;
  expect(fix.edits[0]!.text).toContain('Kind regards,\nNorthwind Support');
  const casual = await core.call('guidelines.check', {
    clientId: games!.id,
    text: 'Hey! All users get the patch tonight.',
  });
  expect(casual.findings.map((f) => [f.ruleId, f.severity, f.fix?.edits[0]?.text])).toContainEqual([
    'players',
    'error',
    'players',
  ]);
});
