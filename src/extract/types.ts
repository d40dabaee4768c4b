/**
 * Facts found in one document at ingest. Plain data (it crosses worker threads and goes into
 * snapshots). Offsets are into `Paragraph.text` of the paragraph numbered `paragraph`;
 * `sentence` indexes that paragraph's `sentences`.
 */

/** A role the text gives a person or group, with where it says so. */
export interface RoleFact {
  /** The role as the source states it ("Iranian Interior Minister", "deputy director of …"). */
  role: string;
  paragraph: number;
  sentence: number;
}

export interface MentionFact {
  paragraph: number;
  start: number;
  end: number;
  /** The words as written ("Vahidi", "Ahmad Vahidi"). */
  surface: string;
}

export interface PersonFact {
  /** The fullest name the document gives. */
  name: string;
  kind: 'person' | 'group';
  /** Other names for the same entity in this document (acronyms, former names, variants). */
  aliases: string[];
  roles: RoleFact[];
  mentions: MentionFact[];
  /**
   * A person whose only evidence is the name's shape or a verb after it ("Acme Lufkin said"): no
   * title, role, form of address or age. Such a person is not answered when other documents frame
   * the name as a firm (issue #16; `DocFacts.firms`, src/index/firms.ts).
   */
  weak?: true;
}

export type DatePrecision =
  'time' | 'day' | 'week' | 'month' | 'quarter' | 'half' | 'season' | 'year' | 'decade' | 'century' | 'range' | 'relative' | 'vague';

/** Which third of a period an expression names ("early 1998", "mid-June", "the end of the month"). */
export type DateModifier = 'early' | 'mid' | 'late';

export interface DateFact {
  /** As written ("Jan. 25", "last week", "a week before Vahidi’s visit"). */
  text: string;
  paragraph: number;
  sentence: number;
  start: number;
  end: number;
  /** ISO 8601 at the precision known (`2022-01-25`, `2022-02`, `2015`, `2023-08/2025-08`), or null when unresolvable. */
  date: string | null;
  precision: DatePrecision;
  kind: 'absolute' | 'relative' | 'event-relative';
  /** For event-relative expressions: the event it is relative to, as written. */
  anchor?: string;
  /** How the date was resolved, or why it could not be ("no publication date to count from"). */
  note?: string;
  /** The third of the period meant ("early 1998" → `early`: 1998-01/1998-04 with precision `year`). */
  modifier?: DateModifier;
  /** For event-relative expressions: how far from the anchor ("a week before" → -1 week). */
  offset?: { amount: number; unit: 'day' | 'week' | 'month' | 'year' };
}

export interface QuoteFact {
  /** The quoted words, without the outer quote marks. */
  text: string;
  /** Where the quote opens and closes (a quote can run on into the next paragraphs). */
  paragraph: number;
  start: number;
  endParagraph: number;
  end: number;
  /** The sentence (of `paragraph`) the quote opens in. */
  sentence: number;
  /** As the text names or describes the speaker; null when nobody fits. */
  speaker: string | null;
  speakerKind: 'person' | 'group' | 'anonymous' | 'unattributed';
  /** The speaker's role when the document gives one. */
  speakerRole?: string;
  /** A quoted phrase inside a sentence rather than a whole statement. */
  partial: boolean;
  /** Which rule found the speaker ('after', 'before', 'pronoun', 'description', 'statement', 'continued', …). */
  attribution?: string;
  /** No closing mark was found: the quote ends with its paragraph. */
  unclosed?: boolean;
}

export interface DocFacts {
  people: PersonFact[];
  /**
   * Name keys (lower case, single spaces) this document frames as a firm: the words before a
   * firm's suffix or word ("Acme Widget Corp" → "acme widget"), a name bracketed after one, a name
   * the context calls a company. The people index counts the documents per key (issue #16).
   */
  firms?: string[];
  dates: DateFact[];
  quotes: QuoteFact[];
}
