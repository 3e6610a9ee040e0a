// electron/demo: every demo client's voice — a brand guideline that matches its briefing (the
// bank formal, never an emoji, signing "Kind regards, Northwind Support"; the gaming studio casual,
// saying "players", never "users"; the outdoor shop answering in the member's language; the health
// app never interpreting medical data) and 12 canned responses each with en/da/ru variants (and an
// e-mail variant where the wording differs), so the first reply typed in the demo shows the check.
// seedVoice goes through the contract (commands audited like an agent's), so it works on a core
// (core.dispatch) and over HTTP alike; the demo workspace calls it for its clients.
import type { GuidelineInput } from '../../shared/guidelines';
import type { ResponseDraft } from '../../shared/ipc/contract';

type Lang = 'en' | 'da' | 'ru';
type L = Record<Lang, string>;
export type VoiceDispatch = (
  method: string,
  input: unknown,
) => Promise<{ ok: boolean; error?: { message: string } }>;

/** What every response says, per language, before the client's own greeting and sign-off. */
const TOPICS: { shortcut: string; title: string; folder: string; tags: string[]; body: L }[] = [
  {
    shortcut: 'refund',
    title: 'Refund on its way',
    folder: 'Billing',
    tags: ['billing', 'refund'],
    body: {
      en: 'We have refunded order {{input "Order number"}}. The money is usually back on your card within 5 business days.',
      da: 'Vi har refunderet ordre {{input "Order number"}}. Pengene er normalt tilbage på dit kort inden for 5 hverdage.',
      ru: 'Мы оформили возврат по заказу {{input "Order number"}}. Обычно деньги возвращаются на карту в течение 5 рабочих дней.',
    },
  },
  {
    shortcut: 'order-status',
    title: 'Where is my order',
    folder: 'Orders',
    tags: ['orders'],
    body: {
      en: 'Your order has shipped. You can follow it with tracking number {{input "Tracking number"}}.',
      da: 'Din ordre er afsendt. Du kan følge den med sporingsnummer {{input "Tracking number"}}.',
      ru: 'Ваш заказ отправлен. Отследить его можно по номеру {{input "Tracking number"}}.',
    },
  },
  {
    shortcut: 'password',
    title: 'Reset your password',
    folder: 'Account',
    tags: ['account', 'login'],
    body: {
      en: 'You can reset your password from the sign-in page with "Forgot password". The link in the e-mail works for one hour.',
      da: 'Du kan nulstille din adgangskode fra log ind-siden med "Glemt adgangskode". Linket i e-mailen virker i en time.',
      ru: 'Сбросить пароль можно на странице входа по ссылке «Забыли пароль». Ссылка в письме действует один час.',
    },
  },
  {
    shortcut: 'private',
    title: 'Move to a private message',
    folder: 'Account',
    tags: ['privacy'],
    body: {
      en: 'To protect your details we cannot discuss your account in public. I have sent you a private message so we can continue there.',
      da: 'For at beskytte dine oplysninger kan vi ikke tale om din konto offentligt. Jeg har sendt dig en privat besked, så vi kan fortsætte der.',
      ru: 'Чтобы защитить ваши данные, мы не обсуждаем учётную запись публично. Я отправил вам личное сообщение, продолжим там.',
    },
  },
  {
    shortcut: 'thanks',
    title: 'Thanks for the feedback',
    folder: 'General',
    tags: ['feedback'],
    body: {
      en: 'Thank you for taking the time to write this. I have passed your feedback on to the team.',
      da: 'Tak fordi du tog dig tid til at skrive. Jeg har givet din feedback videre til teamet.',
      ru: 'Спасибо, что нашли время написать. Я передал ваш отзыв команде.',
    },
  },
  {
    shortcut: 'escalate',
    title: 'Escalated to specialists',
    folder: 'General',
    tags: ['escalation'],
    body: {
      en: 'I have escalated this to our specialists. We will get back to you in this thread by {{sla.first_reply_due | "tomorrow"}}.',
      da: 'Jeg har sendt dette videre til vores specialister. Vi vender tilbage i denne tråd senest {{sla.first_reply_due | "i morgen"}}.',
      ru: 'Я передал вопрос специалистам. Мы ответим в этой теме не позднее {{sla.first_reply_due | "завтра"}}.',
    },
  },
  {
    shortcut: 'more-info',
    title: 'Need more information',
    folder: 'General',
    tags: ['triage'],
    body: {
      en: 'Could you tell us which version you are on and what happened right before the problem? A screenshot helps too.',
      da: 'Kan du fortælle os hvilken version du bruger, og hvad der skete lige før problemet? Et skærmbillede hjælper også.',
      ru: 'Подскажите, пожалуйста, какая у вас версия и что происходило прямо перед проблемой? Скриншот тоже поможет.',
    },
  },
  {
    shortcut: 'solved',
    title: 'Glad it is solved',
    folder: 'General',
    tags: ['closing'],
    body: {
      en: 'Great to hear it works now. I will mark this as solved; reply here if anything comes up again.',
      da: 'Godt at høre, at det virker nu. Jeg markerer dette som løst; skriv her, hvis der opstår noget igen.',
      ru: 'Рады, что всё заработало. Я отмечу вопрос как решённый; напишите здесь, если что-то повторится.',
    },
  },
  {
    shortcut: 'delay',
    title: 'Delivery delayed',
    folder: 'Orders',
    tags: ['orders', 'delay'],
    body: {
      en: 'Your order is delayed by our carrier. The new expected delivery date is {{input "New date"}}. We are sorry for the wait.',
      da: 'Din ordre er forsinket hos vores fragtfirma. Den nye forventede leveringsdato er {{input "New date"}}. Vi beklager ventetiden.',
      ru: 'Доставка задерживается по вине перевозчика. Новая ожидаемая дата: {{input "New date"}}. Приносим извинения за ожидание.',
    },
  },
  {
    shortcut: 'hours',
    title: 'When we answer',
    folder: 'General',
    tags: ['hours'],
    body: {
      en: 'We answer here on weekdays between 9:00 and 17:00. Questions that come in later are picked up first thing the next morning.',
      da: 'Vi svarer her på hverdage mellem 9:00 og 17:00. Spørgsmål, der kommer senere, tager vi først næste morgen.',
      ru: 'Мы отвечаем здесь по будням с 9:00 до 17:00. Вопросы, пришедшие позже, разбираем первым делом следующим утром.',
    },
  },
  {
    shortcut: 'welcome',
    title: 'Welcome to the community',
    folder: 'Community',
    tags: ['welcome'],
    body: {
      en: 'Welcome to the {{client.name}} community! Have a look at the pinned topics to get started.',
      da: 'Velkommen til {{client.name}}-fællesskabet! Se de fastgjorte emner for at komme i gang.',
      ru: 'Добро пожаловать в сообщество {{client.name}}! Начните с закреплённых тем.',
    },
  },
  {
    shortcut: 'spam',
    title: 'Post removed',
    folder: 'Moderation',
    tags: ['moderation'],
    body: {
      en: 'We removed a post here because it broke the community rules. Please keep the discussion on topic.',
      da: 'Vi har fjernet et indlæg her, fordi det brød fællesskabets regler. Hold venligst diskussionen til emnet.',
      ru: 'Мы удалили сообщение, нарушающее правила сообщества. Пожалуйста, придерживайтесь темы.',
    },
  },
];

type Voice = {
  guideline: GuidelineInput;
  greeting: L;
  signoff: L;
  /** Extra responses of this client only. */
  extra?: { shortcut: string; title: string; folder: string; tags: string[]; body: L }[];
  /** A platform-specific variant of #refund (e-mail wording with its own greeting). */
  emailRefund?: L;
  /** Words the client's voice avoids, replaced in the shared topic texts. */
  rewrite?: (s: string) => string;
};

const BANK: Voice = {
  greeting: {
    en: 'Dear {{member.name}},',
    da: 'Kære {{member.name}},',
    ru: 'Здравствуйте, {{member.name}}.',
  },
  signoff: {
    en: 'Kind regards,\nNorthwind Support',
    da: 'Venlig hilsen\nNorthwind Support',
    ru: 'С уважением,\nNorthwind Support',
  },
  rewrite: (s) => s.replace(/!/g, '.'),
  emailRefund: {
    en: 'Dear {{member.name}},\n\nThank you for contacting Northwind Bank. We have refunded order {{input "Order number"}}; the amount will be credited to your card within 5 business days.\n\nKind regards,\nNorthwind Support',
    da: 'Kære {{member.name}},\n\nTak for din henvendelse til Northwind Bank. Vi har refunderet ordre {{input "Order number"}}; beløbet indsættes på dit kort inden for 5 hverdage.\n\nVenlig hilsen\nNorthwind Support',
    ru: 'Здравствуйте, {{member.name}}.\n\nБлагодарим за обращение в Northwind Bank. Мы оформили возврат по заказу {{input "Order number"}}; сумма поступит на карту в течение 5 рабочих дней.\n\nС уважением,\nNorthwind Support',
  },
  extra: [
    {
      shortcut: 'security',
      title: 'Security report received',
      folder: 'Security',
      tags: ['security'],
      body: {
        en: 'Thank you for reporting this. Our security team has been informed and will contact you privately. Please do not share account details in public.',
        da: 'Tak for din henvendelse. Vores sikkerhedsteam er informeret og kontakter dig privat. Del venligst ikke kontooplysninger offentligt.',
        ru: 'Спасибо за сообщение. Наша служба безопасности уведомлена и свяжется с вами лично. Не публикуйте данные счёта открыто.',
      },
    },
  ],
  guideline: {
    name: 'Northwind Bank',
    defaultLanguage: 'en',
    rules: [
      {
        id: 'no-emoji',
        kind: 'emoji',
        policy: 'none',
        severity: 'error',
        message: 'Northwind never uses emoji',
      },
      {
        id: 'sign-off-en',
        kind: 'signoff',
        languages: ['en'],
        phrases: ['Kind regards, Northwind Support'],
        insert: 'Kind regards,\nNorthwind Support',
        severity: 'error',
        message: 'End with "Kind regards, Northwind Support"',
      },
      {
        id: 'sign-off-da',
        kind: 'signoff',
        languages: ['da'],
        phrases: ['Venlig hilsen Northwind Support', 'Venlig hilsen, Northwind Support'],
        insert: 'Venlig hilsen\nNorthwind Support',
        severity: 'error',
        message: 'Afslut med "Venlig hilsen Northwind Support"',
      },
      {
        id: 'sign-off-ru',
        kind: 'signoff',
        languages: ['ru'],
        phrases: ['С уважением, Northwind Support'],
        insert: 'С уважением,\nNorthwind Support',
        severity: 'error',
        message: 'Завершите письмо: «С уважением, Northwind Support»',
      },
      {
        id: 'no-advice',
        kind: 'existence',
        terms: ['financial advice', 'you should invest', 'guaranteed return', 'guarantee'],
        severity: 'error',
        message: 'Never give financial advice or guarantees ("{match}")',
      },
      {
        id: 'customers',
        kind: 'substitution',
        swap: { users: 'customers', user: 'customer', guys: 'customers' },
        severity: 'warning',
        message: 'Say "{suggestion}", not "{match}"',
      },
      {
        id: 'informal',
        kind: 'existence',
        terms: ['no worries', 'cheers', 'hey', 'awesome'],
        fixRemove: false,
        severity: 'warning',
        message: '"{match}" is too informal for Northwind',
      },
      {
        id: 'no-bang',
        kind: 'occurrence',
        token: '!',
        max: 0,
        replaceWith: '.',
        severity: 'warning',
        message: 'No exclamation marks in bank replies',
      },
      {
        id: 'brand',
        kind: 'capitalization',
        terms: ['Northwind', 'MobilePay'],
        severity: 'warning',
        message: 'Write "{suggestion}"',
      },
      {
        id: 'links',
        kind: 'links',
        allowedDomains: ['northwind.example'],
        severity: 'error',
        message: 'Only link to northwind.example (not {match})',
      },
      {
        id: 'sentences',
        kind: 'sentenceLength',
        maxWords: 35,
        severity: 'suggestion',
        message: 'Keep sentences under {max} words ({count})',
      },
      {
        id: 'language',
        kind: 'language',
        severity: 'warning',
        message: 'The member writes {memberLanguage}; this reply is {language}',
      },
    ],
  },
};

const GAMES: Voice = {
  greeting: {
    en: 'Hey {{member.first_name | "there"}}!',
    da: 'Hej {{member.first_name | "med dig"}}!',
    ru: 'Привет, {{member.first_name | "друг"}}!',
  },
  signoff: {
    en: 'GG,\n{{agent.first_name}} from Pixel Forge 🎮',
    da: 'GG,\n{{agent.first_name}} fra Pixel Forge 🎮',
    ru: 'GG,\n{{agent.first_name}} из Pixel Forge 🎮',
  },
  extra: [
    {
      shortcut: 'crash-551',
      title: 'Crash on launch (driver 551.x)',
      folder: 'Known issues',
      tags: ['bug', 'known-issue'],
      body: {
        en: 'That crash on launch is a known issue with graphics driver 551.x. The pinned workaround fixes it for most players: https://pixelforge.example/forum/t/driver-551',
        da: 'Det nedbrud ved opstart er et kendt problem med grafikdriver 551.x. Den fastgjorte løsning virker for de fleste spillere: https://pixelforge.example/forum/t/driver-551',
        ru: 'Вылет при запуске — известная проблема драйвера 551.x. Закреплённое решение помогает большинству игроков: https://pixelforge.example/forum/t/driver-551',
      },
    },
  ],
  guideline: {
    name: 'Pixel Forge Games',
    defaultLanguage: 'en',
    rules: [
      {
        id: 'players',
        kind: 'substitution',
        swap: {
          users: 'players',
          user: 'player',
          customers: 'players',
          customer: 'player',
          brugere: 'spillere',
          пользователи: 'игроки',
          пользователей: 'игроков',
        },
        severity: 'error',
        message: 'We say "{suggestion}", never "{match}"',
      },
      {
        id: 'too-formal',
        kind: 'existence',
        terms: ['Dear', 'Kind regards', 'we regret to inform you', 'Sincerely'],
        fixRemove: true,
        severity: 'warning',
        message: '"{match}" sounds too formal for Pixel Forge',
      },
      {
        id: 'brand',
        kind: 'capitalization',
        terms: ['Pixel Forge', 'Discord'],
        severity: 'warning',
        message: 'Write "{suggestion}"',
      },
      {
        id: 'bangs',
        kind: 'occurrence',
        token: '!',
        max: 3,
        replaceWith: '.',
        severity: 'suggestion',
        message: 'Easy on the exclamation marks ({count}, max {max})',
      },
      {
        id: 'emoji',
        kind: 'emoji',
        policy: 'max',
        max: 3,
        severity: 'suggestion',
        message: 'A few emoji are fine; {count} is a lot',
      },
      {
        id: 'links',
        kind: 'links',
        allowedDomains: ['pixelforge.example', 'discord.gg'],
        severity: 'error',
        message: 'Only link to our own sites (not {match})',
      },
      {
        id: 'no-resellers',
        kind: 'existence',
        terms: ['key reseller', 'cheap keys', 'g2a'],
        severity: 'error',
        message: 'Never mention key resellers',
      },
    ],
  },
};

const FJORD: Voice = {
  greeting: {
    en: 'Hi {{member.first_name | "there"}},',
    da: 'Hej {{member.first_name | "med dig"}},',
    ru: 'Здравствуйте, {{member.first_name | "друг"}}!',
  },
  signoff: {
    en: 'Best wishes from the mountains,\n{{agent.first_name}}, Fjord Outdoor',
    da: 'Mange hilsner fra fjeldet,\n{{agent.first_name}}, Fjord Outdoor',
    ru: 'С наилучшими пожеланиями,\n{{agent.first_name}}, Fjord Outdoor',
  },
  extra: [
    {
      shortcut: 'returns',
      title: 'Returns within 30 days',
      folder: 'Orders',
      tags: ['returns'],
      body: {
        en: 'You can return anything within 30 days. Everything you need is on our returns page: https://fjord.example/returns',
        da: 'Du kan returnere alt inden for 30 dage. Alt, du skal bruge, står på vores returside: https://fjord.example/returns',
        ru: 'Любой товар можно вернуть в течение 30 дней. Всё необходимое — на странице возврата: https://fjord.example/returns',
      },
    },
  ],
  guideline: {
    name: 'Fjord Outdoor',
    defaultLanguage: 'da',
    rules: [
      {
        id: 'language',
        kind: 'language',
        severity: 'error',
        message: "Answer in the member's language ({memberLanguage}), not {language}",
      },
      {
        id: 'no-codes',
        kind: 'existence',
        terms: ['discount code', 'coupon', 'rabatkode', 'rabattkode', 'промокод'],
        severity: 'error',
        message: 'No discount codes in public',
      },
      {
        id: 'links',
        kind: 'links',
        allowedDomains: ['fjord.example'],
        severity: 'error',
        message: 'Only link to fjord.example (not {match})',
      },
      {
        id: 'brand',
        kind: 'capitalization',
        terms: ['Fjord Outdoor'],
        severity: 'warning',
        message: 'Write "{suggestion}"',
      },
      {
        id: 'repeat',
        kind: 'repetition',
        severity: 'warning',
        message: '"{match}" twice in a row',
      },
    ],
  },
};

const KITE: Voice = {
  greeting: {
    en: 'Hi {{member.first_name | "there"}},',
    da: 'Hej {{member.first_name | "med dig"}},',
    ru: 'Здравствуйте, {{member.first_name | "друг"}}!',
  },
  signoff: {
    en: 'Take care,\n{{agent.first_name}}',
    da: 'Pas godt på dig selv,\n{{agent.first_name}}',
    ru: 'Берегите себя,\n{{agent.first_name}}',
  },
  extra: [
    {
      shortcut: 'privacy',
      title: 'Privacy questions',
      folder: 'Privacy',
      tags: ['privacy'],
      body: {
        en: 'Privacy questions are handled by our privacy team at privacy@kite.example. They reply within two business days.',
        da: 'Spørgsmål om privatliv håndteres af vores privacy-team på privacy@kite.example. De svarer inden for to hverdage.',
        ru: 'Вопросы о конфиденциальности решает наша команда по адресу privacy@kite.example. Они отвечают в течение двух рабочих дней.',
      },
    },
  ],
  guideline: {
    name: 'Kite Health',
    defaultLanguage: 'en',
    rules: [
      {
        id: 'no-medical',
        kind: 'existence',
        terms: [
          'diagnosis',
          'diagnose',
          'you should take',
          'your heart rate means',
          'medical advice',
        ],
        severity: 'error',
        message: 'Never interpret medical data ("{match}"): refer to a doctor',
      },
      {
        id: 'links',
        kind: 'links',
        allowedDomains: ['kite.example'],
        severity: 'error',
        message: 'Only link to kite.example (not {match})',
      },
      {
        id: 'brand',
        kind: 'capitalization',
        terms: ['Kite Health'],
        severity: 'warning',
        message: 'Write "{suggestion}"',
      },
      {
        id: 'emoji',
        kind: 'emoji',
        policy: 'max',
        max: 1,
        severity: 'warning',
        message: 'At most one emoji ({count})',
      },
      {
        id: 'members',
        kind: 'substitution',
        swap: { users: 'members', patients: 'members' },
        severity: 'warning',
        message: 'Say "{suggestion}", not "{match}"',
      },
    ],
  },
};

/** The Discord gaming community: casual like Pixel Forge, its own name and links, Discord's length. */
const NEBULA: Voice = {
  greeting: {
    en: 'Hey {{member.first_name | "there"}}!',
    da: 'Hej {{member.first_name | "med dig"}}!',
    ru: 'Привет, {{member.first_name | "друг"}}!',
  },
  signoff: {
    en: '{{agent.first_name}} from Nebula Arcade 🚀',
    da: '{{agent.first_name}} fra Nebula Arcade 🚀',
    ru: '{{agent.first_name}} из Nebula Arcade 🚀',
  },
  extra: [
    {
      shortcut: 'patch-notes',
      title: 'Latest patch notes',
      folder: 'Updates',
      tags: ['update'],
      body: {
        en: 'The latest patch notes are pinned in #announcements, with the full list on https://nebula.example/patch-notes',
        da: 'De seneste patch-noter er fastgjort i #announcements, og hele listen er på https://nebula.example/patch-notes',
        ru: 'Свежие патч-ноты закреплены в #announcements, полный список — на https://nebula.example/patch-notes',
      },
    },
  ],
  guideline: {
    name: 'Nebula Arcade',
    defaultLanguage: 'en',
    rules: [
      {
        id: 'players',
        kind: 'substitution',
        swap: {
          users: 'players',
          user: 'player',
          customers: 'players',
          customer: 'player',
          brugere: 'spillere',
          пользователи: 'игроки',
          пользователей: 'игроков',
        },
        severity: 'error',
        message: 'We say "{suggestion}", never "{match}"',
      },
      {
        id: 'too-formal',
        kind: 'existence',
        terms: ['Dear', 'Kind regards', 'Sincerely'],
        fixRemove: true,
        severity: 'warning',
        message: '"{match}" sounds too formal for Nebula Arcade',
      },
      {
        id: 'brand',
        kind: 'capitalization',
        terms: ['Nebula Arcade'],
        severity: 'warning',
        message: 'Write "{suggestion}"',
      },
      {
        id: 'links',
        kind: 'links',
        allowedDomains: ['nebula.example', 'discord.gg'],
        severity: 'error',
        message: 'Only link to our own sites (not {match})',
      },
      {
        id: 'discord-length',
        kind: 'length',
        max: 2000,
        platforms: ['discord'],
        severity: 'error',
        message: 'Discord messages stop at {max} characters ({count})',
      },
    ],
  },
};

/** The subreddit of a coffee brand: warm and plain, Reddit's Markdown, no sales talk. */
const BREWLY: Voice = {
  greeting: {
    en: 'Hi {{member.first_name | "there"}},',
    da: 'Hej {{member.first_name | "med dig"}},',
    ru: 'Здравствуйте, {{member.first_name | "друг"}}!',
  },
  signoff: {
    en: '{{agent.first_name}}, Brewly Coffee team',
    da: '{{agent.first_name}}, Brewly Coffee',
    ru: '{{agent.first_name}}, команда Brewly Coffee',
  },
  extra: [
    {
      shortcut: 'grind',
      title: 'Grind size guide',
      folder: 'Brewing',
      tags: ['brewing'],
      body: {
        en: 'For filter coffee use a medium grind, like sea salt; our guide has photos: https://brewly.example/grind',
        da: 'Til filterkaffe skal du bruge en mellemfin formaling, som havsalt; vores guide har billeder: https://brewly.example/grind',
        ru: 'Для фильтр-кофе нужен средний помол, как морская соль; в нашем руководстве есть фото: https://brewly.example/grind',
      },
    },
  ],
  guideline: {
    name: 'Brewly Coffee',
    defaultLanguage: 'en',
    rules: [
      {
        id: 'no-sales',
        kind: 'existence',
        terms: ['buy now', 'discount code', 'limited offer', 'promo code'],
        severity: 'error',
        message: 'No sales talk on the subreddit ("{match}")',
      },
      {
        id: 'links',
        kind: 'links',
        allowedDomains: ['brewly.example'],
        severity: 'error',
        message: 'Only link to brewly.example (not {match})',
      },
      {
        id: 'brand',
        kind: 'capitalization',
        terms: ['Brewly'],
        severity: 'warning',
        message: 'Write "{suggestion}"',
      },
      {
        id: 'bangs',
        kind: 'occurrence',
        token: '!',
        max: 1,
        replaceWith: '.',
        severity: 'suggestion',
        message: 'One exclamation mark is plenty ({count})',
      },
    ],
  },
};

const LOOP: Voice = {
  greeting: {
    en: 'Hey {{member.first_name | "there"}}!',
    da: 'Hej {{member.first_name | "med dig"}}!',
    ru: 'Привет, {{member.first_name | "друг"}}!',
  },
  signoff: {
    en: 'Keep moving, {{agent.first_name}} from Loop Fitness',
    da: 'Fortsat god træning, {{agent.first_name}} fra Loop Fitness',
    ru: 'Не останавливайтесь! {{agent.first_name}}, Loop Fitness',
  },
  extra: [
    {
      shortcut: 'injury',
      title: 'Pain or injury',
      folder: 'Training',
      tags: ['training', 'health'],
      body: {
        en: 'Sorry to hear that. We cannot give medical advice here: please talk to your doctor or physio before you train again. Our recovery classes are gentle once you get the go-ahead: https://loop.example/recovery',
        da: 'Det er vi kede af at høre. Vi kan ikke give medicinske råd her: tal med din læge eller fysioterapeut, før du træner igen. Vores restitutionshold er skånsomme, når du har fået grønt lys: https://loop.example/recovery',
        ru: 'Жаль это слышать. Мы не даём медицинских советов: пожалуйста, поговорите с врачом или физиотерапевтом, прежде чем снова тренироваться. Когда врач разрешит, попробуйте наши щадящие восстановительные занятия: https://loop.example/recovery',
      },
    },
  ],
  guideline: {
    name: 'Loop Fitness',
    defaultLanguage: 'en',
    rules: [
      {
        id: 'no-medical',
        kind: 'existence',
        terms: ['diagnosis', 'you should take', 'painkillers', 'push through the pain'],
        severity: 'error',
        message: 'No medical advice in the community ("{match}"): refer to a doctor or physio',
      },
      {
        id: 'no-supplements',
        kind: 'existence',
        terms: ['protein powder', 'fat burner', 'supplement deal'],
        severity: 'error',
        message: 'We do not recommend supplements ("{match}")',
      },
      {
        id: 'links',
        kind: 'links',
        allowedDomains: ['loop.example'],
        severity: 'error',
        message: 'Only link to loop.example (not {match})',
      },
      {
        id: 'brand',
        kind: 'capitalization',
        terms: ['Loop Fitness'],
        severity: 'warning',
        message: 'Write "{suggestion}"',
      },
    ],
  },
};

/** Demo client name → voice (the names of DEMO_CLIENTS in ./clients). */
export const DEMO_VOICES: Record<string, Voice> = {
  'Northwind Bank': BANK,
  'Pixel Forge Games': GAMES,
  'Fjord Outdoor': FJORD,
  'Kite Health': KITE,
  'Nebula Arcade': NEBULA,
  'Brewly Coffee': BREWLY,
  'Loop Fitness': LOOP,
};

const LANGS: Lang[] = ['en', 'da', 'ru'];

/** The canned responses of one demo voice for a client (12–13 responses, en/da/ru each). */
export function demoResponses(voice: Voice, clientId: number): ResponseDraft[] {
  const rw = voice.rewrite ?? ((s: string) => s);
  return [...TOPICS, ...(voice.extra ?? [])].map((t) => ({
    clientId,
    shortcut: t.shortcut,
    title: t.title,
    folder: t.folder,
    tags: t.tags,
    variants: [
      ...LANGS.map((l) => ({
        locale: l,
        platform: null,
        body: `${voice.greeting[l]}\n\n${rw(t.body[l])}\n\n${voice.signoff[l]}`,
      })),
      ...(t.shortcut === 'refund' && voice.emailRefund
        ? LANGS.map((l) => ({ locale: l, platform: 'email', body: voice.emailRefund![l] }))
        : []),
    ],
  }));
}

/**
 * Gives each demo client (matched by name) its guideline and canned responses, through the
 * contract. Clients with another name are left alone; a client that already has a guideline keeps
 * it (seeding twice changes nothing). Returns what was seeded.
 */
export async function seedVoice(
  dispatch: VoiceDispatch,
  clients: readonly { id: number; name: string }[],
): Promise<{ clientId: number; responses: number }[]> {
  const call = async (method: string, input: unknown) => {
    const r = await dispatch(method, input);
    if (!r.ok) throw new Error(`seedVoice: ${method}: ${r.error?.message ?? 'failed'}`);
    return r as { ok: true; value: unknown };
  };
  const out: { clientId: number; responses: number }[] = [];
  for (const c of clients) {
    const voice = DEMO_VOICES[c.name];
    if (!voice) continue;
    const existing = (await call('guidelines.get', { clientId: c.id })).value as {
      format: string | null;
    };
    if (existing.format !== null) continue;
    await call('guidelines.set', {
      clientId: c.id,
      source: JSON.stringify(voice.guideline, null, 2),
      format: 'json',
    });
    const responses = demoResponses(voice, c.id);
    for (const response of responses) await call('responses.save', { response });
    out.push({ clientId: c.id, responses: responses.length });
  }
  return out;
}
