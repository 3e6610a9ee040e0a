// The `#` picker (shortcut prefix, then title, then body; usage-weighted within a tier; fuzzy) and
// "similar to the member's last message" retrieval, on a small hand-made library.
import { describe, expect, it } from 'vitest';
import { createResponseIndex, type SearchableResponse } from '../../../shared/responses';

const R = (
  id: string,
  shortcut: string,
  title: string,
  ...bodies: string[]
): SearchableResponse => ({ id, shortcut, title, variants: bodies.map((body) => ({ body })) });
const library = [
  R(
    'refund',
    'refund',
    'Refund policy',
    'You can get your money back within 30 days of purchase.',
    'Du kan få pengene tilbage inden for 30 dage.',
  ),
  R(
    'refund-eu',
    'refund-eu',
    'Refund in the EU',
    'EU customers have a 14 day withdrawal right for online purchases.',
  ),
  R(
    'password',
    'pw',
    'Reset your password',
    'Use the "Forgot password" link on the login page to reset your password.',
  ),
  R(
    'delivery',
    'ship',
    'Late delivery',
    'Parcels can take up to 5 working days; we are sorry your delivery is late.',
  ),
  R(
    'account',
    'acct',
    'Close account',
    'We can close your account and delete your data on request. Refund of unused credit follows.',
  ),
  R(
    'season',
    'season',
    'New season start',
    'The next season starts on Friday with new ranked rewards.',
  ),
  R('ru', 'vozvrat', 'Возврат денег', 'Вы можете вернуть деньги в течение 30 дней после покупки.'),
];
const index = createResponseIndex(library);
const ids = (hits: { id: string }[]) => hits.map((h) => h.id);

describe('picker', () => {
  it('ranks shortcut prefix first, then title, then body', () => {
    const hits = index.search('#ref');
    expect(hits.map((h) => [h.id, h.tier])).toEqual([
      ['refund', 'shortcut'],
      ['refund-eu', 'shortcut'],
      ['account', 'body'],
    ]);
    expect(index.search('refund').map((h) => h.tier)).toEqual(['shortcut', 'shortcut', 'body']);
    expect(ids(index.search('password'))).toEqual(['password']);
    expect(index.search('pass')[0]).toMatchObject({ id: 'password', tier: 'title' });
  });

  it('orders within a tier by this agent’s usage for this client', () => {
    expect(ids(index.search('ref', { usage: { 'refund-eu': 12, refund: 1 } })).slice(0, 2)).toEqual(
      ['refund-eu', 'refund'],
    );
    expect(ids(index.search('ref', { usage: new Map([['refund', 3]]) })).slice(0, 2)).toEqual([
      'refund',
      'refund-eu',
    ]);
  });

  it('forgives typos in longer words, and needs every typed word', () => {
    expect(ids(index.search('pasword'))).toContain('password');
    expect(ids(index.search('delivry late'))).toEqual(['delivery']);
    expect(ids(index.search('refund xyzzy'))).toEqual([]);
  });

  it('searches bodies in every variant and script', () => {
    expect(ids(index.search('pengene'))).toEqual(['refund']);
    expect(ids(index.search('деньги'))).toEqual(['ru']);
    expect(ids(index.search('withdraw'))).toEqual(['refund-eu']);
  });

  it('lists the most used first for an empty query', () => {
    expect(ids(index.search('#', { usage: { season: 5, pw: 0, account: 2 }, limit: 3 }))).toEqual([
      'season',
      'account',
      'delivery',
    ]); // then by title: "Late delivery"
  });
});

describe('similar to the member’s message', () => {
  it('finds the responses sharing the member’s most telling words', () => {
    expect(
      ids(index.similar('Hi, I forgot my password and cannot login, please help')).slice(0, 1),
    ).toEqual(['password']);
    expect(
      ids(index.similar('My parcel is late, the delivery was promised last week')).slice(0, 1),
    ).toEqual(['delivery']);
    expect(ids(index.similar('Здравствуйте, хочу вернуть деньги за покупку')).slice(0, 1)).toEqual([
      'ru',
    ]);
    expect(ids(index.similar('Hej, kan jeg få pengene tilbage?')).slice(0, 1)).toEqual(['refund']);
  });

  it('returns nothing for a message of stop words only, and respects the limit', () => {
    expect(index.similar('hi, how are you?')).toEqual([]);
    expect(index.similar('refund money back purchase days account', { limit: 2 })).toHaveLength(2);
  });
});
