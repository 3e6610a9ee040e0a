// electron/core/connectors/email: finds where quoted history and the signature start in a mail's
// plain text, so the pane can fold them. Nothing is deleted: the result is two UTF-16 offsets into the
// text (`quotedFrom`, `signatureFrom`), stored in the message meta.
//
// Quoted history starts at the first of:
//   - an attribution line ("On Mon, 2 Apr 2012, Megan <x@y> wrote:", "Den 3. feb. 2026 skrev …:",
//     "Am … schrieb …:", "… написал(а):", "Le … a écrit :", "El … escribió:"), possibly wrapped over
//     two lines, followed by quoted lines or the end;
//   - an Outlook separator ("-----Original Message-----", "________________", or a "From:" line followed
//     within four lines by "Sent:"/"Date:" and "To:"/"Subject:", in English, Danish, German or Russian);
//   - a block of "> " lines that runs (blank lines aside) to the end of the text.
// The signature starts at the RFC 3676 delimiter "-- " on its own line, or a mobile client's
// "Sent from my …" line, before the quoted history.
// Bounded work: lines are scanned once; at most 5,000 lines are looked at.

export type QuoteMarks = { quotedFrom: number | null; signatureFrom: number | null };

const ATTRIBUTION = [
  /^\s*On\b.{0,300}\b(wrote|writes)\s*:\s*$/i,
  /^\s*(Den|På)\b.{0,300}\bskrev\b.{0,200}:\s*$/i,
  /^\s*Am\b.{0,300}\bschrieb\b.{0,200}:\s*$/i,
  /^.{0,300}(?:^|\s)написал(а|\(а\))?\s*:\s*$/i,
  /^\s*Le\b.{0,300}\ba écrit\s*:\s*$/i,
  /^\s*El\b.{0,300}\bescribió\s*:\s*$/i,
  /^.{0,300}<[^<>\s]+@[^<>\s]+>\s*(wrote|skrev|schrieb|написал\(а\)|написал|написала)\s*:\s*$/i,
];
/** Attributions that may wrap onto a second line: they start with their own word. */
const ATTRIBUTION_START = [
  ATTRIBUTION[0]!,
  ATTRIBUTION[1]!,
  ATTRIBUTION[2]!,
  ATTRIBUTION[4]!,
  ATTRIBUTION[5]!,
  /^\s*\S.{0,300}(?:^|\s)написал(а|\(а\))?\s*:\s*$/i,
];
/** "Name wrote:" with nothing but quoted lines after it. */
const GENERIC_ATTRIBUTION =
  /^\s*\S.{0,120}\s(wrote|skrev|schrieb|написал|написала|a écrit)\s*:\s*$/i;
const SEPARATOR = [
  /^\s*-{2,}\s*(Original Message|Oprindelig meddelelse|Ursprüngliche Nachricht|Исходное сообщение|Forwarded message|Videresendt meddelelse)\s*-{2,}\s*$/i,
  /^\s*_{10,}\s*$/,
];
const FROM = /^\s*\*?(From|Fra|Von|От|De)\s*:\*?\s*\S/i;
const SENT = /^\s*\*?(Sent|Date|Sendt|Dato|Gesendet|Datum|Отправлено|Дата|Envoyé)\s*:/i;
const TO = /^\s*\*?(To|Subject|Til|Emne|An|Betreff|Кому|Тема|À|Objet)\s*:/i;
const SIGNATURE = [
  /^-- $/,
  /^--$/,
  /^\s*(Sent from my|Sendt fra min|Von meinem|Отправлено с моего|Get Outlook for)\b.{0,80}$/i,
];
const MAX_LINES = 5000;

/** Where quoted history and the signature start in `text` (UTF-16 offsets), or null. */
export function findQuoteMarks(text: string): QuoteMarks {
  const lines: Array<{ start: number; line: string }> = [];
  let pos = 0;
  while (pos <= text.length && lines.length < MAX_LINES) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    lines.push({ start: pos, line: text.slice(pos, end).replace(/\r$/, '') });
    if (nl < 0) break;
    pos = nl + 1;
  }
  const quoted = (i: number) => i < lines.length && /^\s*>/.test(lines[i]!.line);
  const blank = (i: number) => i < lines.length && lines[i]!.line.trim() === '';
  /** The rest, from i on, is only quoted or blank lines. */
  const restQuoted = new Array<boolean>(lines.length + 1).fill(true);
  for (let i = lines.length - 1; i >= 0; i--)
    restQuoted[i] = restQuoted[i + 1]! && (quoted(i) || blank(i));

  let quotedFrom: number | null = null;
  for (let i = 0; i < lines.length && quotedFrom === null; i++) {
    const l = lines[i]!.line;
    const joined = i + 1 < lines.length ? `${l} ${lines[i + 1]!.line}` : l;
    if (quoted(i) && restQuoted[i]) {
      quotedFrom = lines[i]!.start;
    } else if (
      !quoted(i) &&
      (ATTRIBUTION.some((re) => re.test(l)) || GENERIC_ATTRIBUTION.test(l)) &&
      restQuoted[i + 1]
    ) {
      // Bottom posting ("On … wrote:", quotes, then the answer) is not folded: the answer would hide.
      quotedFrom = lines[i]!.start;
    } else if (
      !quoted(i) &&
      !blank(i) &&
      i + 1 < lines.length &&
      !quoted(i + 1) &&
      ATTRIBUTION_START.some((re) => re.test(joined)) &&
      restQuoted[i + 2]
    ) {
      quotedFrom = lines[i]!.start;
    } else if (SEPARATOR.some((re) => re.test(l))) {
      quotedFrom = lines[i]!.start;
    } else if (FROM.test(l)) {
      let sent = false;
      let to = false;
      for (let k = i + 1; k < Math.min(lines.length, i + 5); k++) {
        sent ||= SENT.test(lines[k]!.line);
        to ||= TO.test(lines[k]!.line);
      }
      if (sent && to) quotedFrom = lines[i]!.start;
    }
  }
  // Folding everything hides the message (a forward, a quote-only mail): only history after content folds.
  if (quotedFrom !== null && text.slice(0, quotedFrom).trim() === '') quotedFrom = null;
  const limit = quotedFrom ?? text.length;
  let signatureFrom: number | null = null;
  for (let i = 1; i < lines.length && lines[i]!.start < limit; i++) {
    if (SIGNATURE.some((re) => re.test(lines[i]!.line))) {
      signatureFrom = lines[i]!.start;
      break;
    }
  }
  return { quotedFrom, signatureFrom };
}
