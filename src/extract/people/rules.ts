/**
 * The people rules over one run of capitalised words, as ordered lists of small named rules run
 * by a short engine (like `extract/dates/rules.ts`):
 *
 * 1. BOUNDS rules trim the run: sentence openers, "-led" modifiers, a weekday that ends a name.
 * 2. The run is split into a title ("Iranian Interior Minister") and a name.
 * 3. RUN_RULES, in order, read the evidence around it. Each may decide the run names nothing
 *    ('drop'), settle it and skip the rules after it ('keep'), or add what it found (a kind,
 *    evidence that a person is meant, roles, aliases) and pass it on.
 */
import type { Paragraph } from '../../types.js';
import {
  ADDRESS,
  CALENDAR,
  CLUB_PREFIXES,
  COMPANY_DESCRIPTORS,
  COMPANY_WORDS,
  DESCRIPTOR_NOUNS,
  DETERMINERS,
  EPONYMOUS_FIRMS,
  GROUP_NOUNS,
  MULTIWORD_PLACES,
  NAME_HONORIFICS,
  NAMING_PARTICIPLES,
  NAME_SPEECH_VERBS,
  NOT_NAMES,
  OFFICES,
  ORG_HEADS,
  ORG_JOINERS,
  ORG_OPENERS,
  OUTLETS,
  PARTICLES,
  PLACE_GIVEN_NAMES,
  PARTY_WORDS,
  PERIODICAL_ENDS,
  PLACES,
  POSTNOMINALS,
  PRODUCT_PLURALS,
  ROLE_ADJECTIVES,
  ROLE_MODIFIERS,
  ROLE_NOUNS,
  SINGLE_GROUPS,
  TITLE_HEADS,
  VENUE_ENDS,
  WORD_NAMES,
  WORK_NOUNS,
  isFirstName,
  isPlace,
} from '../lexicon.js';
import { ACRONYM, INITIAL, PARTICLE_HYPHEN_CAP, TITLE_CASE, type Token } from './tokens.js';
import type { RoleFact } from '../types.js';

// Patterns with \p{…} outside brackets are constants, not literals in the rules: tsx builds such a
// literal again at every call (see tokens.ts).
const LOWER_PLURAL = /^\p{Ll}{3,}[^s']s$/u;
const PARTICIPLE_END = /-(?:led|backed|based|born|owned|run|\p{Ll}+ed)$/iu;
const LOWER_HYPHEN = /^\p{Ll}+-/u;
const CAPITALS = /^\p{Lu}+$/u;
const ADVERB = /\p{Ll}(?:ally|ously|ively|ently|antly|ately|edly|ingly|fully|lessly|arly)$/u;
const ING_FORM = /^\p{Ll}{3,}ing$/u;
const BRACKETED_ACRONYM = /^\p{Lu}[\p{Lu}\p{Ll}]*\p{Lu}s?$/u;
const SHORT_ACRONYM = /^\p{Lu}{2,6}$/u;
const HYPHENED_GIVEN = /^\p{Lu}\p{Ll}+-\p{Lu}/u;
const LOWER_LETTERS = /\p{Ll}/gu;

// Helpers of several rules, here rather than inside them: tsx names a function defined inside
// another with a property write (esbuild's keepNames) each time it is made.
/** A word in lower case. */
const lower = (t?: Token): t is Token => t?.word === true && !t.cap;
/** A firm's or the press's noun ("group", "daily") as a word of its own. */
const firmNoun = (t?: Token): boolean => t?.word === true && !t.poss && (COMPANY_DESCRIPTORS.has(t.key) || PRESS_NOUNS.has(t.key));
/** A lower-case joining word after a place's name ("…, Nova Terra, for …"). */
const joinsOn = (t?: Token): boolean => lower(t) && /^(?:and|for|to|on|in|at|with|from|by)$/.test(t.key);

/** A name (or group name) found in a sentence, with what the sentence says about it. */
export interface Candidate {
  para: Paragraph;
  sentence: number;
  /** The name's tokens (title left out). */
  name: Token[];
  kind: 'person' | 'group' | 'unknown';
  /** Strong evidence that a person is meant (title, address, role, speech verb, age). */
  evidence: boolean;
  roles: RoleFact[];
  aliases: string[];
  /** The run starts the sentence: its first word may be capitalised only for that. */
  initial: boolean;
  /** The first word is one the document also writes in lower case ("Time Warner"): weak as a name. */
  ordinary: boolean;
  /** An opening adverb or participle was taken off the run: one word left is no surname mention. */
  afterOpener?: boolean;
  /** The last word is one the document also writes in lower case ("Hot Digital Sales"): weak as a surname. */
  ordinaryLast?: boolean;
  /** "the" stands right before the name ("the Philadelphia Eagles"): a team, a band, a firm, never a person alone. */
  article?: boolean;
  /**
   * The evidence is only the name's shape or a verb after it (a given name, an initial, "X said"):
   * enough on its own, but not against a mention elsewhere in the document that says otherwise.
   */
  weak?: boolean;
  /** A title or a lower-case role stands right before the name ("Mr", "President", "tourism minister"). */
  titled?: boolean;
  /** Where this mention stands it is no person ("in Tel Aviv", "film Vera Drake"), but may be elsewhere. */
  noWeak?: boolean;
  /** The context says what the name is if not a person: the whole document then needs strong evidence to call it one. */
  notPerson?: 'company' | 'work' | 'place';
  /** "Dr" right before a one-word name ("Dr Dre"): with no full name in the document, the name keeps it. */
  titleWord?: string;
}

/** A run of capitalised words in a sentence, as found. BOUNDS rules move `start` and `end`. */
export interface Span {
  para: Paragraph;
  sentence: number;
  toks: Token[];
  /** Where the run was found; it opens the sentence when `initial`. */
  found: number;
  initial: boolean;
  start: number;
  /** Index after the run's last token. */
  end: number;
  /** Words the document writes in lower case. */
  lowerWords: Set<string>;
  /** The run follows a person's name and "of" ("Jane Roe of Acme Analysis"). */
  ofPerson?: boolean;
  /** The bounds took an opening adverb or participle off the run ("Excluding Acme"). */
  afterOpener?: boolean;
}

/** A run being read: its bounds, its title split, and the candidate the rules fill in. */
export interface Run extends Span {
  /** The run's tokens, title included. */
  words: Token[];
  /** The run still starts at the sentence's first word. */
  atInitial: boolean;
  /** Index in `words` of the title's last word, -1 when no title stands before the name. */
  titleEnd: number;
  /** The name's tokens and their keys. */
  name: Token[];
  keys: string[];
  /** An organisation word heads the name ("Baloch Liberation Army") and it is not all places. */
  groupShaped: boolean;
  /** A lone sentence opener the document also writes in lower case ("Elsewhere"). */
  weakOpener: boolean;
  c: Candidate;
}

export interface BoundsRule {
  name: string;
  apply(s: Span): void;
}

/** 'drop': the run names nothing; 'keep': the candidate stands as it is, later rules skipped. */
export type Verdict = 'drop' | 'keep' | void;

export interface RunRule {
  name: string;
  apply(r: Run): Verdict;
}

/** Words that stop a backwards scan for a role before ", NAME". */
const BACK_BOUNDARY = new Set([
  ',',
  ';',
  ':',
  '—',
  '–',
  '(',
  '“',
  '”',
  '"',
  'and',
  'or',
  'but',
  'while',
  'whereas',
  'were',
  'was',
  'are',
  'is',
  'including',
  'with',
  'by',
]);
/** Words an appositive may not start with: the phrase after the comma is a clause, not a role. */
const NOT_APPOSITIVE = new Set(
  'he she it they we i you me him her us them who which whose where when that said says told added and or but if as because while although though who’s is was has had have will would could should may might can also however meanwhile then so yet in on at for to from with by after before since'.split(
    ' ',
  ),
);
/** Roles a person holds towards another person: "Blair aide X" names Blair as a person, not an employer. */
const RELATIONAL_ROLES = new Set(
  'aide adviser advisor spokesman spokeswoman spokesperson lawyer attorney assistant deputy agent biographer partner fellow'.split(' '),
);
/** Plural staff nouns after a firm's name ("Goldman Sachs economists said"); never verbs, unlike "stars", "heads". */
const STAFF_PLURALS = new Set(
  'analysts economists officials executives strategists traders dealers bankers researchers employees'.split(' '),
);
/** Plurals of role nouns that are also verbs ("Jane Roe heads Acme", "coaches Ajax"): no staff after an employer. */
const VERB_PLURALS = new Set(
  'heads chairs leads coaches hosts captains models judges referees umpires skippers partners champions agents'.split(' '),
);
/** "Acme economists", "Viva Zapata stars": a role noun's plural (an employer's or a work's people follow). */
const rolePlural = (k: string): boolean =>
  !VERB_PLURALS.has(k) && (STAFF_PLURALS.has(k) || (/s$/.test(k) && ROLE_NOUNS.has(k.replace(/ies$/, 'y').replace(/s$/, ''))));
/** Offices held in an organisation: the name after "chairman of", "analyst at" is the organisation's. */
const ORG_OFFICES = new Set(
  'chairman chairwoman chairperson president vice-president director directors executive executives officer officers head member members chief founder co-founder owner owners coach governor shareholder shareholders economist economists analyst analysts strategist treasurer board'.split(
    ' ',
  ),
);
/** Nouns that say a name is part of a firm ("X, a unit of Y", "X, its subsidiary"). */
const UNIT_NOUNS = new Set('unit subsidiary division affiliate arm offshoot'.split(' '));
/** Nouns of products: the name after them is a brand ("brands such as Dairy Gold"). */
const PRODUCT_NOUNS = new Set('brand brands product products label labels model models drink drinks beer beers car cars'.split(' '));
/** Verbs whose object is a product, not a person ("which makes Stella Verde"). */
const MAKER_VERBS = new Set('makes made produces produced sells sold markets marketed brews brewed manufactures manufactured'.split(' '));
/** Role nouns that also name firms ("software developer Zorvex"): no title for one word. */
const FIRM_ROLES = new Set(
  'developer host investor trader owner partner operator publisher producer distributor supplier auditor auditors accountant accountants'.split(
    ' ',
  ),
);
/**
 * Nouns an apposition gives a firm when a rank stands before them ("X, the largest U.S. copper
 * producer,", "X, a leading exporter"): with the firms' own nouns. A film's or a record's
 * producer is a person (`PERSON_MAKERS` before the noun).
 */
const RANKED_FIRM_NOUNS = new Set([
  ...COMPANY_DESCRIPTORS,
  ...'producer producers exporter exporters importer refiner refiners utility concern miner shipper marketer processor grower'.split(' '),
]);
const RANKS =
  /^(?:largest|biggest|second-largest|third-largest|second-biggest|leading|major|top|dominant|main|sole|smallest|oldest|state-owned|state-run)$|-largest$|-biggest$/;
const PERSON_MAKERS = new Set(
  'film movie record music television tv theatre theater stage executive hollywood series show documentary'.split(' '),
);
/**
 * Nouns of things named after a place or a make, not made or led by a person: "an Atlas Vega
 * rocket", "the Villa Nova refinery", "recent Bahia Sol crop forecasts". Works, offices and bodies
 * a person makes or leads ("album", "administration") are not here.
 */
const PLACE_THING_NOUNS = new Set(
  'rocket rockets missile missiles satellite satellites launcher crop crops harvest harvests refinery refineries port complex terminal oilfield field fields mine mines plant pipeline dam airport reactor smelter mill canal basin reservoir deposit deposits'.split(
    ' ',
  ),
);
/** Lower-case words that may stand between such a name and the thing's noun ("riverside port complex"). */
const PLACE_THING_MODIFIERS = new Set(
  'riverside river oil gas grain sugar coffee cocoa wheat maize corn soybean soya cotton copper gold silver coal nuclear power hydroelectric container export import space booster deepwater offshore'.split(
    ' ',
  ),
);
/** Nouns of ships: the name right after one is the ship's ("the freighter Ivan Petrov"). */
const VESSEL_NOUNS = new Set(
  'ship vessel tanker supertanker freighter ferry liner trawler steamer barge tug frigate destroyer cruiser warship submarine yacht'.split(
    ' ',
  ),
);
/** Words of a coast or water after "on the": "X on the Pacific Coast" is a place. */
const COAST_WORDS = new Set('coast ocean sea gulf river bay lake border peninsula island channel'.split(' '));
/** Nouns of the press: the name right before or after them, or in apposition with them, is the outlet ("the official daily X"). */
const PRESS_NOUNS = new Set('newspaper newspapers daily weekly magazine tabloid journal agency network'.split(' '));
/** Nouns of the bodies a name in apposition may be ("X, a Hong Kong daily with …", "X, the federally chartered company,"). */
const APPOSITIVE_BODIES = new Set([...PRESS_NOUNS, ...COMPANY_DESCRIPTORS]);
/** Words that may follow a body's noun in such an apposition ("a … daily with", "a … bank based in"). */
const APPOSITIVE_TAILS = new Set('with in based that which owned controlled of and or'.split(' '));
/** Nouns of sites: a name after them and "at"/"near" is the place ("the base at X", "a refinery near X"). */
const SITE_NOUNS = new Set(
  'base bases airport airfield plant plants refinery factory mine mill camp station port harbour harbor facility terminal site smelter'.split(
    ' ',
  ),
);
/** Nouns of a place named by the name before them ("X airport", "X air base"). */
const PLACE_AFTER_NOUNS = new Set('airport airfield airstrip airbase port harbour harbor'.split(' '));
const BASE_MODIFIERS = new Set('air naval navy military army'.split(' '));
/** The suffixes of firms' names ("Inc", "Corp", "Ltd"). */
const FIRM_SUFFIX = /^(?:inc|corp|co|cos|ltd|plc|llc|ag|sa|nv|gmbh|bhd|berhad|tbk|pty|a\.s|spa|limited|company|sons)$/;
/** Nouns of organisations that a name before them belongs to ("the Xinmex news agency", "the Ostby group"). */
const NAMED_BODIES = new Set(
  'agency newspaper magazine paper daily weekly company firm group bank network channel studio label airline chain publisher broadcaster consortium conglomerate subsidiary unit division'.split(
    ' ',
  ),
);
/**
 * Nouns of things named after their name: "the Gran Velo series", "the Acme Jones division",
 * "Billboard's Hot Club chart". Nouns of works a person makes ("album", "film", "single") are left
 * out: "a Jane Roe album" names its artist.
 */
const THING_NOUNS = new Set(
  'series chart charts franchise brand brands range console handset trophy prize award awards cup lecture lectures memorial stakes index scheme'.split(
    ' ',
  ),
);
/** Nouns of things, bodies and places that a name after "called", "named", "known as" belongs to ("a group known as …"). */
const NAMED_THING_NOUNS = new Set(
  'group groups band company firm organisation organization movement party brand product drug horse ship boat vessel operation project scheme plan programme program game games character software virus worm device site website club bar restaurant pub shop village town area district estate island album song single film book show series play'.split(
    ' ',
  ),
);
/** The first words of eponymous firms and of multiword places: a name without one holds none (a cheap test before the lists' loops). */
const FIRM_FIRST_WORDS = new Set([...EPONYMOUS_FIRMS].map((f) => f.split(' ')[0]));
const PLACE_FIRST_WORDS = new Set([...MULTIWORD_PLACES].map((p) => p.split(' ')[0]));
/** Endings that make a name an adjective ("a Jane Roe-style campaign"); "Kim Dae-jung" ends in a name's syllable. */
const COMPOUND_END =
  /-(?:style|like|esque|era|type|inspired|backed|led|owned|based|born|run|funded|linked|related|sized|shaped|friendly|free|made|brokered|sponsored)$/;
/** Ranks of the peerage, whose holders are named "Lord X of Y". */
const PEERAGE = new Set('lord lady baron baroness countess duke duchess viscount viscountess marquess'.split(' '));
/** Place words that start a longer place name rather than describe a person. */
const PLACE_HEADS = /^(?:new|san|santa|sao|sri|st|saint|north|south|east|west|upper|lower|greater|central|middle)$/;
const DASHES = new Set(['—', '–', '--']);
/** Marks that end a role after a name, after a comma and after a dash ("Jane Roe, director (BCC), said"). */
const COMMA_ROLE_ENDS = new Set([',', ';', '(', ')', '—', '–']);
const DASH_ROLE_ENDS = new Set([...DASHES, ';', '(', ')']);
/** Prepositions after which a noun phrase starts ("by rap star X"); "to" is left out ("to support prime minister X"). */
const NP_OPENERS = new Set('of in at on by for with from into as among about against under behind beside like'.split(' '));
/** Sites, singular and plural, whose places a list after "at", "near" or "in" names ("zones at X and Y", "plants in X"). */
const SITE_LIST_NOUNS = new Set([
  ...SITE_NOUNS,
  ...'zone zones sites shipyard shipyards yard yards mines mills factories refineries stations facilities terminals depots warehouse warehouses camps ports airports'.split(
    ' ',
  ),
]);
/** Plural nouns of places: the names in a list they end or introduce are places ("X, Y and Z provinces"). */
const PLACE_PLURALS = new Set(
  'provinces regions states districts counties cities towns villages islands countries departments municipalities prefectures territories republics emirates cantons'.split(
    ' ',
  ),
);
/** Words that open a newspaper's name ("Daily Bugle", "Sunday Clarion", "Evening Courier"). */
const PRESS_OPENERS = new Set(['daily', 'sunday', 'evening']);
/** A firm's roles in a deal: the partners' names after one are the firm's ("sole manager Hale, Ross and Pickett."). */
const DEAL_ROLES = /^(?:manager|co-manager|adviser|advisor|underwriter|agent|broker|auditor|auditors|arranger)$/;
/** Performers: "character actor Jane Roe" names the actor, not a character. */
const PERFORMERS = new Set('actor actors actress actresses comedian star stars player voice'.split(' '));
/** Words that mark a fictional character's name after them ("the characters X", "her role as X"). */
const CHARACTER_MARKS = /^(?:character|characters|as)$/;
/** Plural nouns of groups: "X, one of the UK's few pro-gaming teams" is a group. */
const GROUP_PLURALS = new Set(
  'teams clubs bands groups firms companies banks brands sides outfits makers manufacturers retailers airlines carriers brokers brokerages insurers lenders chains labels studios publishers newspapers magazines websites charities organisations organizations parties unions funds'.split(
    ' ',
  ),
);
/** Nouns of people after "one of": the name before is a person's ("one of the richest men"). */
const PEOPLE_PLURALS = new Set('people men women players artists stars leaders members singers actors actresses figures'.split(' '));

/** Months that are surnames too ("Theresa May", "Brian May"). */
const MONTH_SURNAMES = new Set(['may', 'june', 'april', 'august']);

/** Articles that open names of works and places in other languages ("La Traviata", "Il Sole"). */
const FOREIGN_ARTICLES = new Set('la le les il el los las die der das'.split(' '));

/** "Americans", "Kenyans": a nationality's plural before names in a list is no part of the first. */
const pluralDemonym = (k: string): boolean => /[^s]s$/.test(k) && isPlace(k.slice(0, -1)) && !PLACE_HEADS.test(k.slice(0, -1));

/**
 * "fellow Springboks John Smit", "Lions Jane Roe and …": a capitalised plural (a team's, a
 * nation's) before a full name is who they are, not their name. No given name, title or particle.
 */
const groupPlural = (k: string, t: Token): boolean =>
  LOWER_PLURAL.test(k) &&
  // "Los Angeles Sevens", "Las Vegas Strip": an article opening a place's name.
  !FOREIGN_ARTICLES.has(k) &&
  !isPlace(k) &&
  !t.poss &&
  !isFirstName(k) &&
  !ADDRESS.has(k) &&
  !TITLE_HEADS.has(k) &&
  !NAME_HONORIFICS.has(k) &&
  !PARTICLES.has(k);

export function text(para: Paragraph, from: Token, to: Token): string {
  return para.text.slice(from.start, to.baseEnd).replace(/\s+/g, ' ');
}

/** Adds the role that runs from `from` to `to` to the run's candidate. */
function addRole(r: Run, from: Token, to: Token): void {
  r.c.roles.push({ role: text(r.para, from, to).replace(/^[,;:\s]+|[,;:\s]+$/g, ''), paragraph: r.para.n, sentence: r.sentence });
}

export const BOUNDS: BoundsRule[] = [
  {
    // "Usually Acme …", "Excluding Acme, …": an adverb, or a participle before one word, opening the
    // sentence ("Corning Glass Works", "Kelly Holmes", "King Fahd" stay). What is left may be a
    // work's name cut short ("Finding Neverland"), so it is no surname mention on its own.
    name: 'adverbial-opener',
    apply(s) {
      const t = s.toks[s.start];
      if (s.start === s.found && s.initial && !isFirstName(t.key) && adverbialOpener(t.key, s.end - s.found)) {
        s.start++;
        s.afterOpener = true;
      }
    },
  },
  {
    // A capitalised sentence opener that the document writes in lower case elsewhere ("Recent",
    // "Meanwhile") or that is a function word is not part of a name.
    name: 'sentence-opener',
    apply(s) {
      const { toks, found, end } = s;
      while (
        s.start < end &&
        (NOT_NAMES.has(toks[s.start].key) ||
          CALENDAR.has(toks[s.start].key) ||
          // "Called Speegle, it …", "Dubbed Red Rum, …": a participle that introduces a name.
          (s.start === found && s.initial && NAMING_PARTICIPLES.has(toks[s.start].key)) ||
          (s.start === found &&
            s.initial &&
            s.lowerWords.has(toks[s.start].key) &&
            end - found > 1 &&
            !TITLE_HEADS.has(toks[s.start].key) &&
            !ADDRESS.has(toks[s.start].key) &&
            !TITLE_HEADS.has(toks[s.start + 1].key)))
      )
        s.start++;
    },
  },
  {
    // Leading "-led", "-backed" modifiers belong to the sentence, not the name.
    name: 'compound-modifier',
    apply(s) {
      const { toks, end } = s;
      while (
        s.start < end &&
        // …and so do hyphenated participles: "Third-placed", "Australian-dominated", "top-seeded".
        (PARTICIPLE_END.test(toks[s.start].base) ||
          (LOWER_HYPHEN.test(toks[s.start].text) && !PARTICLE_HYPHEN_CAP.test(toks[s.start].text)))
      )
        s.start++;
    },
  },
  {
    // A nationality, party or description before a given name is no part of the name: "Democrat
    // Jane Roe", "Moroccan Ali Benjelloun", "fellow Kenyan Jane Roe", "Teenager Jane Roe".
    name: 'descriptor-before-name',
    apply(s) {
      const { toks } = s;
      while (s.end - s.start >= 3) {
        const k = toks[s.start].key;
        // A word that starts place names ("East Kent Hunt", "San Francisco Ballet") is kept.
        const descriptor =
          (isPlace(k) && !PLACE_HEADS.test(k)) ||
          PARTY_WORDS.has(k) ||
          DESCRIPTOR_NOUNS.has(k) ||
          pluralDemonym(k) ||
          groupPlural(k, s.toks[s.start]);
        // At a sentence start, any capitalised word that is no given name, title or honorific
        // before a full given name and surname ("Prop Jane Roe", "Singers Jane Roe").
        const opener =
          s.start === s.found &&
          s.initial &&
          !isFirstName(k) &&
          !TITLE_HEADS.has(k) &&
          !ADDRESS.has(k) &&
          !NAME_HONORIFICS.has(k) &&
          !PARTICLES.has(k) &&
          !INITIAL.test(toks[s.start].text);
        if (!descriptor && !opener) break;
        const rest = toks.slice(s.start + 1, s.end);
        if (!personShaped(rest) || !(isFirstName(rest[0].key) || INITIAL.test(rest[0].text))) break;
        s.start++;
      }
    },
  },
  {
    // The last word of an organisation's or a title's name glued to a full name after it:
    // "… Cooperation and Development Edward Streator", "… Securities Board Jane Roe". A word the
    // document writes in lower case, or an organisation's word, is no given name there.
    name: 'ordinary-word-before-name',
    apply(s) {
      const { toks } = s;
      if (s.end - s.start < 3) return;
      const k = toks[s.start].key;
      // Inside an office's or organisation's name: after "of the", "to the" ("Comptroller of the
      // Currency Jane Roe"), or after "and" in a name with "of" or "for" ("Secretary of Trade and
      // Industry Jane Roe", "Organisation for Economic Cooperation and Development Jane Roe").
      const prev = toks[s.start - 1];
      const prev2 = toks[s.start - 2];
      const afterThe = prev?.key === 'the' && /^(?:of|to|for|and|at)$/.test(prev2?.key ?? '');
      const afterAnd =
        prev?.key === 'and' &&
        prev2?.cap === true &&
        toks.slice(Math.max(0, s.start - 8), s.start - 2).some((t) => !t.cap && (t.key === 'of' || t.key === 'for'));
      const continues = afterThe || afterAnd;
      // A title-case word ("Currency"), or after "of the" an acronym ("of the FCA Jane Roe"); not an
      // initial or an acronym elsewhere ("CB Richard Ellis", "J Walter Thompson").
      const shape = TITLE_CASE.test(toks[s.start].text) || (continues && ACRONYM.test(toks[s.start].text));
      // An organisation's opening word belongs to the name after it ("Societe Shell Chimie").
      if (!shape || isPlace(k) || ORG_OPENERS.has(k) || MULTIWORD_PLACES.has(`${k} ${toks[s.start + 1].key}`)) return;
      const ordinary = (s.lowerWords.has(k) && !WORD_NAMES.has(k)) || ORG_HEADS.has(k) || COMPANY_WORDS.has(k) || continues;
      if (
        !ordinary ||
        isFirstName(k) ||
        WORD_NAMES.has(k) ||
        TITLE_HEADS.has(k) ||
        ADDRESS.has(k) ||
        NAME_HONORIFICS.has(k) ||
        PARTICLES.has(k)
      )
        return;
      const rest = toks.slice(s.start + 1, s.end);
      // …and a name whose words the document writes in lower case is none ("Dow Jones Industrial Average").
      if (rest.some((t) => s.lowerWords.has(t.key) && !PARTICLES.has(t.key))) return;
      if (personShaped(rest) && (isFirstName(rest[0].key) || INITIAL.test(rest[0].text))) s.start++;
    },
  },
  {
    // Letters after a name are no part of it: "Jane Roe QC", "John Doe MP".
    name: 'postnominal',
    apply(s) {
      const { toks } = s;
      while (
        s.end - s.start >= 3 &&
        POSTNOMINALS.has(toks[s.end - 1].key) &&
        CAPITALS.test(toks[s.end - 1].text) &&
        isFirstName(toks[s.start].key) &&
        personShaped(toks.slice(s.start, s.end - 1))
      )
        s.end--;
    },
  },
  {
    // A weekday or month ends a name ("James Baker Monday said").
    name: 'calendar-ends-name',
    apply(s) {
      for (let x = s.start + 1; x < s.end; x++) {
        // "Brian May has said": a month that is also a surname, last after a given name, with no
        // day's number after it ("John Roe May 5" is a date).
        const surname =
          MONTH_SURNAMES.has(s.toks[x].key) && x === s.end - 1 && isFirstName(s.toks[x - 1].key) && !/^\d/.test(s.toks[s.end]?.text ?? '');
        if (CALENDAR.has(s.toks[x].key) && !surname) {
          s.end = x;
          break;
        }
      }
    },
  },
];

/** A sentence's opening adverb ("Usually") before a name, or participle ("Excluding") before one word. */
function adverbialOpener(key: string, words: number): boolean {
  if (words > 1 && ADVERB.test(key)) return true;
  return words === 2 && ING_FORM.test(key) && !TITLE_HEADS.has(key);
}

/** The last title word that still leaves a name after it, or -1 ("Deputy Prime Minister" is all title). */
function titleSplit(words: Token[], atInitial: boolean): number {
  let k = -1;
  for (let x = 0; x < words.length - 1; x++) {
    // "Prime Minister-designate", "President-elect": the office to come is a title too.
    const raw = words[x].key.replace(/-(?:designate|elect)$/, '');
    // "Vice-President", "Deputy-Governor": two title words joined by a hyphen are one title.
    const key = /^[a-z]+-[a-z]+$/.test(raw) && raw.split('-').every((p) => TITLE_HEADS.has(p)) ? raw.split('-')[1] : raw;
    // "Sheikh Sultan bin …": a title word after an honorific is a given name.
    if (x > 0 && NAME_HONORIFICS.has(words[x - 1].key)) continue;
    // "Mr King", "Mrs Bishop": what follows a form of address is a name, even a title word.
    if (ADDRESS.has(key) && words[x].cap && words[x + 1].cap) {
      k = x;
      continue;
    }
    if (
      (TITLE_HEADS.has(key) || ADDRESS.has(key) || (x === 0 && atInitial && ROLE_NOUNS.has(key))) &&
      !NAME_HONORIFICS.has(key) &&
      words[x].cap
    ) {
      const rest = words.slice(x + 1);
      // What follows must be a name, not more title.
      const tail = rest[rest.length - 1].key;
      if (
        rest.some((t) => t.cap && !TITLE_HEADS.has(t.key) && !ADDRESS.has(t.key)) &&
        !rest.some((t) => ORG_JOINERS.has(t.key)) &&
        !TITLE_HEADS.has(tail)
      )
        k = x;
    }
  }
  if (k < 0) k = titleOfBeforeName(words);
  return k >= 0 ? titleOverOffice(words, k) : k;
}

/**
 * After a title, one or two words that are no given name before a full given name and surname
 * belong to the title when the first is an office, an acronym or a place: "Chief Constable Jane
 * Roe", "Deputy CIA Dirctor Jane Roe" (a misspelt office), "Deputy U.S. Trade Jane Roe".
 */
function titleOverOffice(words: Token[], k: number): number {
  const name = words.slice(k + 1);
  for (let m = 1; m <= 2 && m < name.length - 1; m++) {
    const lead = name.slice(0, m);
    const rest = name.slice(m);
    if (lead.some((t) => isFirstName(t.key) || INITIAL.test(t.text) || NAME_HONORIFICS.has(t.key) || PARTICLES.has(t.key))) return k;
    if (!isFirstName(rest[0].key) || !personShaped(rest)) continue;
    const first = lead[0];
    if (ACRONYM.test(first.text) || isPlace(first.key) || OFFICES.has(first.key) || ROLE_NOUNS.has(first.key)) return k + m;
  }
  return k;
}

/**
 * A title that names its office with "of" or "for" and a full name after it: "Assistant
 * Secretary of State Jane Roe", "Minister of Energy Ali Hassan". The name is the last two to four
 * words, a given name or an initial first; the title's last word before it is no joiner.
 */
function titleOfBeforeName(words: Token[]): number {
  const joiner = words.findIndex((t) => ORG_JOINERS.has(t.key) && !t.cap);
  if (joiner <= 0 || !words.slice(0, joiner).some((t) => TITLE_HEADS.has(t.key) && t.cap)) return -1;
  for (let n = Math.min(4, words.length - joiner - 2); n >= 2; n--) {
    const from = words.length - n;
    const name = words.slice(from);
    if (ORG_JOINERS.has(words[from - 1].key) || !personShaped(name)) continue;
    if (isFirstName(name[0].key) || INITIAL.test(name[0].text)) return from - 1;
  }
  return -1;
}

/**
 * The words before an "of" inside a run are a person's name, with or without a title: "Lynn
 * Reaser of Barnett Banks", "Council President Tono Eitel of Germany". The run is then two: the
 * person, and what follows "of" (their employer or country), read on its own.
 */
export function personBeforeOf(words: Token[], atInitial: boolean): boolean {
  // A peer is named with the place ("Lord Roberts of Conwy"): the run stays whole.
  if (words.length < 2 || words.some((t, x) => !t.cap || (PEERAGE.has(t.key) && x < words.length - 1))) return false;
  const k = titleSplit(words, atInitial);
  const name = words.slice(k + 1);
  return personShaped(name) && (k >= 0 || isFirstName(name[0].key) || INITIAL.test(name[0].text));
}

/**
 * "Richardson Acme of Canada Ltd": a place and a firm's suffix after the "of" make the whole run
 * one firm's name, not a person "of" a firm (issue #16, i16h).
 */
export function placeFirmAfterOf(toks: Token[], of: number, end: number): boolean {
  const rest = toks.slice(of + 1, end);
  if (rest.length < 2 || !FIRM_SUFFIX.test(rest[rest.length - 1].key)) return false;
  const place = rest
    .slice(0, -1)
    .map((t) => t.key)
    .join(' ');
  return PLACES.has(place) || MULTIWORD_PLACES.has(place);
}

/** Every field of T, the optional ones too (possibly undefined): a literal of it cannot leave one out. */
type Every<T> = { [K in keyof Required<T>]: T[K] };

/** The run after its bounds are set: title split, name and an empty candidate. */
export function readRun(s: Span): Run {
  const words = s.toks.slice(s.start, s.end);
  const atInitial = s.initial && s.start === s.found;
  const titleEnd = titleSplit(words, atInitial);
  const name = titleEnd >= 0 ? words.slice(titleEnd + 1) : words;
  const keys = name.map((t) => t.key);
  const last = name[name.length - 1];
  const isGroupShape =
    ORG_HEADS.has(last.key) ||
    name.some((t, x) => t.key === 'of' && x > 0 && ORG_HEADS.has(name[x - 1].key)) ||
    (name.length === 1 && SINGLE_GROUPS.has(last.key)) ||
    (name.length >= 2 && CLUB_PREFIXES.has(name[0].key));
  // Every field written out in one order, not spread from the span: a spread of spans of several
  // shapes gave runs of many shapes, and the copy and each rule's reads were a fifth of the CPU.
  // `Every` makes a field added to Span and left out here a type error.
  const run: Every<Span> & Omit<Run, keyof Span> = {
    para: s.para,
    sentence: s.sentence,
    toks: s.toks,
    found: s.found,
    initial: s.initial,
    start: s.start,
    end: s.end,
    lowerWords: s.lowerWords,
    ofPerson: s.ofPerson,
    afterOpener: s.afterOpener,
    words,
    atInitial,
    titleEnd,
    name,
    keys,
    groupShaped: isGroupShape && !keys.every((x) => PLACES.has(x)),
    weakOpener: atInitial && words.length === 1 && (s.lowerWords.has(words[0].key) || /ly$/.test(words[0].key)),
    c: {
      para: s.para,
      sentence: s.sentence,
      name,
      kind: 'unknown',
      evidence: false,
      roles: [],
      aliases: [],
      initial: atInitial && titleEnd < 0,
      ordinary: s.lowerWords.has(name[0].key),
      ordinaryLast: s.lowerWords.has(last.key),
      afterOpener: s.afterOpener,
    },
  };
  return run;
}

export const RUN_RULES: RunRule[] = [
  {
    // "a Jane Roe-style campaign", "Acme-backed": a name made an adjective names nobody there.
    name: 'compound-adjective',
    apply: (r) => (COMPOUND_END.test(r.name[r.name.length - 1].base) ? 'drop' : undefined),
  },
  {
    // A possessor ("Pakistan’s") is no candidate itself; it may open a role after it.
    name: 'possessive-place',
    apply: (r) => (r.words.length === 1 && r.words[0].poss && PLACES.has(r.words[0].key) ? 'drop' : undefined),
  },
  { name: 'outlet', apply: (r) => (r.words.some((t) => OUTLETS.has(t.key)) ? 'drop' : undefined) },
  {
    name: 'lone-title',
    apply: (r) =>
      r.words.length === 1 && (NAME_HONORIFICS.has(r.words[0].key) || TITLE_HEADS.has(r.words[0].key) || ADDRESS.has(r.words[0].key))
        ? 'drop'
        : undefined,
  },
  {
    // "X (formerly Y)", "X (ACRONYM)".
    name: 'bracketed-alias',
    apply(r) {
      const { toks, end: after, c } = r;
      if (toks[after]?.text !== '(') return;
      const close = toks.findIndex((t, x) => x > after && t.text === ')');
      if (close <= after + 1) return;
      const inner = toks.slice(after + 1, close);
      if (inner[0].key === 'formerly' || inner[0].key === 'previously' || (inner[0].key === 'also' && inner[1]?.key === 'known')) {
        const nameStart = inner.findIndex((t) => t.cap);
        if (nameStart >= 0) {
          c.aliases.push(text(r.para, inner[nameStart], inner[inner.length - 1]));
          if (r.titleEnd < 0) c.kind = 'group';
        }
      } else if (
        inner.length === 1 &&
        BRACKETED_ACRONYM.test(inner[0].text) &&
        !PLACES.has(inner[0].key) &&
        // An organisation's acronym may come from another language (PKK); other names must match their initials.
        (initialsMatch(inner[0].text, r.name) || (ORG_HEADS.has(r.name[r.name.length - 1].key) && SHORT_ACRONYM.test(inner[0].text)))
      ) {
        c.aliases.push(inner[0].text);
      }
    },
  },
  {
    // "Australian Lyle Bramble" where "Lyle" is in no list of given names: a place or nationality
    // before two or three name-shaped words. The name is what follows, but only a lone mention of
    // its surname elsewhere ("Mr Bramble") or a role makes it a person, never weak evidence here
    // ("Italian Fiat Auto said").
    name: 'place-before-unknown-name',
    apply(r) {
      // Two words after the place, the first no office, neither short: "U.S. Treasury James Baker",
      // "U.S. Hostage Jane Roe" hold a title; "Argentine Plate Apl" is a table's abbreviation.
      if (r.titleEnd >= 0 || r.name.length !== 3 || r.groupShaped) return;
      const k = r.keys[0];
      if (!isPlace(k) || PLACE_GIVEN_NAMES.has(k) || PLACE_HEADS.test(k) || r.name[0].poss) return;
      const rest = r.name.slice(1);
      if (isFirstName(rest[0].key) || INITIAL.test(rest[0].text)) return; // 'place-first-word' reads it
      if (
        OFFICES.has(rest[0].key) ||
        ROLE_NOUNS.has(rest[0].key) ||
        ROLE_ADJECTIVES.has(rest[0].key) ||
        rest.some((t) => t.base.length < 4)
      )
        return;
      if (!personShaped(rest) || rest.some((t) => r.lowerWords.has(t.key) || (t.poss && t !== rest[rest.length - 1]))) return;
      r.name = rest;
      r.keys = r.keys.slice(1);
      r.c.name = rest;
      r.c.initial = false;
      r.c.ordinary = r.lowerWords.has(rest[0].key);
      r.c.noWeak = true;
    },
  },
  {
    // A name whose first word is a place or its adjective is a place's thing ("U.S. Plane",
    // "Japan Line", "Deputy U.S. Comptroller"), unless a full name follows it ("Kenyan Tegla
    // Loroupe" is Tegla Loroupe) or the word is also a given name ("Chelsea", "Jordan").
    name: 'place-first-word',
    apply(r) {
      if (r.name.length < 2 || r.groupShaped) return;
      const k = r.keys[0];
      if (!isPlace(k) || PLACE_GIVEN_NAMES.has(k) || PLACE_HEADS.test(k)) return;
      const rest = r.name.slice(1);
      // The rest is a full name, not more of a title or a firm ("California Micro Devices").
      const full = isFirstName(rest[0].key) || INITIAL.test(rest[0].text);
      if (full && personShaped(rest) && !rest.some((t) => r.lowerWords.has(t.key) && !PARTICLES.has(t.key))) {
        r.name = rest;
        r.keys = r.keys.slice(1);
        r.c.name = rest;
        return;
      }
      r.c.notPerson = 'place';
      return 'keep';
    },
  },
  {
    // "Fleet Street", "Melbourne Cricket Ground": a name that ends in a street's or a ground's word.
    name: 'venue-end',
    apply(r) {
      if (r.name.length < 2 || r.groupShaped || !VENUE_ENDS.has(r.keys[r.keys.length - 1])) return;
      r.c.notPerson = 'place';
      return 'keep';
    },
  },
  {
    // "the Canton Review", "Business Monthly": a name ending in a periodical's word is the
    // publication ("Mr Smith Review" is no name said so).
    name: 'periodical-name',
    apply(r) {
      if (r.name.length < 2 || r.groupShaped || !PERIODICAL_ENDS.has(r.keys[r.keys.length - 1])) return;
      if (r.words.slice(0, r.titleEnd + 1).some((t) => ADDRESS.has(t.key))) return;
      r.c.kind = 'group';
      r.c.notPerson = 'company';
      return 'keep';
    },
  },
  {
    // "a Daily Bugle journalist", "the Sunday Clarion reported": Daily, Sunday or Evening before a
    // word that is no given name opens a newspaper's name ("On Sunday Tom Vance said" keeps Tom).
    name: 'press-day-opener',
    apply(r) {
      if (r.titleEnd >= 0 || r.name.length < 2 || r.name.length > 3 || !PRESS_OPENERS.has(r.keys[0])) return;
      const second = r.name[1];
      if (!second.cap || isFirstName(second.key) || ADDRESS.has(second.key) || TITLE_HEADS.has(second.key)) return;
      r.c.kind = 'group';
      r.c.notPerson = 'company';
      return 'keep';
    },
  },
  {
    // A fictional character: "the characters Jane Roe and Tom Tiller", "her role as designer Edna
    // Cake", "his part as Captain Ned". A performer's noun between says the name is the actor's
    // ("the character actor Jane Roe").
    name: 'character-or-role-as',
    apply(r) {
      const { toks } = r;
      let x = listStart(toks, r.start) - 1;
      for (let n = 0; n < 3 && toks[x]?.word && !toks[x].cap && !toks[x].poss && !CHARACTER_MARKS.test(toks[x].key); n++) {
        if (
          PERFORMERS.has(toks[x].key) ||
          BACK_BOUNDARY.has(toks[x].key) ||
          NAME_SPEECH_VERBS.has(toks[x].key) ||
          NP_OPENERS.has(toks[x].key)
        )
          return;
        x--;
      }
      const t = toks[x];
      if (!t?.word || t.cap) return;
      const character = t.key === 'character' || t.key === 'characters';
      // After "role as" only with a noun or adjective between: "her role as Jane Roe" may be a biopic's real person.
      const roleAs =
        t.key === 'as' &&
        x < listStart(toks, r.start) - 1 &&
        /^(?:role|roles|part|parts)$/.test(toks[x - 1]?.key ?? '') &&
        !toks[x - 1].cap;
      if (!character && !roleAs) return;
      r.c.kind = 'unknown';
      r.c.notPerson = 'work';
      return 'keep';
    },
  },
  {
    // A character: "took the role of Jane Roe", "plays Tom Tiller in Summer Rain", "playing Ned
    // Lamb in a remake". A biopic's real person is named so too, and a player plays a rival "in
    // the final" or "in Sydney": this mention only gives no weak evidence, so a person the
    // document names otherwise stays.
    name: 'role-of-or-plays-in-work',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0) return;
      const { toks, found, end } = r;
      const prev = toks[found - 1];
      const roleOf = prev?.key === 'of' && /^(?:role|roles|part)$/.test(toks[found - 2]?.key ?? '') && !toks[found - 2].cap;
      let inWork = false;
      if (
        prev?.word &&
        !prev.cap &&
        /^(?:play|plays|played|playing|portray|portrays|portrayed|portraying)$/.test(prev.key) &&
        toks[end]?.key === 'in'
      ) {
        const t1 = toks[end + 1];
        const t2 = toks[end + 2];
        // A title ("in Summer Rain", no place) or a work's noun ("in a remake", "in the film").
        inWork =
          (t1?.word === true && t1.cap && !isPlace(t1.key) && t1.key !== 'the') ||
          (t1?.word === true &&
            !t1.cap &&
            /^(?:a|an|the|his|her|its|their)$/.test(t1.key) &&
            t2?.word === true &&
            (WORK_NOUNS.has(t2.key) || /^(?:remake|version|adaptation|production|revival)$/.test(t2.key)));
      }
      if (!roleOf && !inWork) return;
      r.c.noWeak = true;
    },
  },
  {
    // Title before the name: the role runs from any possessor or modifier before the run.
    name: 'title-before-name',
    apply(r) {
      if (r.titleEnd < 0) return;
      // "General Instrument", "Chief Economist": words the document writes in lower case are no
      // name, and neither is one word that ends firms' names or is never a name ("General Electric").
      if (r.name.every((t) => r.lowerWords.has(t.key))) return 'drop';
      if (r.name.length === 1 && (COMPANY_WORDS.has(r.keys[0]) || NOT_NAMES.has(r.keys[0]))) return 'drop';
      // "General Cinema Beverages": a firm whose first word reads as a title; a title keeps a firm-shaped name no person's.
      // Only by a firm's word at its end: a place there is a name's ("Minister Yeo Ning Hong").
      if (firmWordEnd(r.name) && !r.words.slice(0, r.titleEnd + 1).some((t) => ADDRESS.has(t.key))) {
        r.c.notPerson = 'company';
        return 'keep';
      }
      // "the Criminal Justice Bill": a rank (no form of address) before a word that is more often an ordinary word.
      if (r.name.length === 1 && WORD_NAMES.has(r.keys[0]) && !r.words.slice(0, r.titleEnd + 1).some((t) => ADDRESS.has(t.key)))
        return 'drop';
      const { toks } = r;
      const titleToks = r.words.slice(0, r.titleEnd + 1);
      let from = titleToks[0];
      let x = r.start - 1;
      if (x >= 0 && toks[x].poss && toks[x].cap) from = toks[x--];
      while (x >= 0 && toks[x].word && (ROLE_MODIFIERS.has(toks[x].key) || toks[x].key.startsWith('ex-'))) from = toks[x--];
      // "Mr" is no role, and neither is what stands before it ("Tanzania Mr Brown").
      const onlyAddress =
        ADDRESS.has(titleToks[titleToks.length - 1].key) || titleToks.every((t) => ADDRESS.has(t.key) || NAME_HONORIFICS.has(t.key));
      r.c.evidence = true;
      r.c.titled = true;
      r.c.kind = 'person';
      if (!onlyAddress) addRole(r, from, titleToks[titleToks.length - 1]);
    },
  },
  {
    // "rapper Dr Spex" with no full name in the document: the title is part of a stage name, and
    // "Spex" alone would be a name cut short (resolve() uses the title only when no full name fits).
    name: 'doctor-one-word',
    apply(r) {
      const title = r.words[r.titleEnd];
      if (title && r.name.length === 1 && /^(?:dr|doc|doctor)$/.test(title.key)) r.c.titleWord = title.text;
    },
  },
  {
    name: 'group-shape',
    apply(r) {
      if (r.titleEnd >= 0 || !r.groupShaped) return;
      if (r.name.length >= 2 || SINGLE_GROUPS.has(r.name[r.name.length - 1].key)) r.c.kind = 'group';
      else return 'drop';
    },
  },
  {
    // "Chief of Army Staff", "Plan of Action": not a name; may still be a role before ", NAME".
    name: 'title-phrase',
    apply: (r) => (r.titleEnd < 0 && !r.groupShaped && r.name.some((t) => ORG_JOINERS.has(t.key)) ? 'drop' : undefined),
  },
  {
    name: 'place-or-calendar',
    apply: (r) => (r.c.kind !== 'group' && r.keys.every((x) => isPlace(x) || CALENDAR.has(x)) ? 'drop' : undefined),
  },
  {
    name: 'organisation-word',
    apply: (r) => (r.c.kind !== 'group' && r.name.some((t) => ORG_HEADS.has(t.key) && !TITLE_HEADS.has(t.key)) ? 'drop' : undefined),
  },
  {
    // "Merrill Lynch", "Eli Lilly": a firm named after people, known as such.
    name: 'eponymous-firm',
    apply(r) {
      if (r.c.kind === 'group') return;
      // With a word read as a title or taken off as a role ("Dean Witter analyst X": "dean" is a role too).
      const from = Math.min(r.found, r.start);
      if (!FIRM_FIRST_WORDS.has(r.toks[from].key)) return;
      const keys = r.toks
        .slice(from, r.end)
        .map((t) => t.key)
        .join(' ');
      // The firm must reach into the name: "Merrill Lynch Vice President Jane Roe" is a person after a title.
      const lead = r.start - from + r.titleEnd + 1;
      for (const f of EPONYMOUS_FIRMS) {
        if ((keys === f || keys.startsWith(`${f} `)) && f.split(' ').length > lead) {
          r.c.kind = 'group';
          r.c.notPerson = 'company';
          return 'keep';
        }
      }
    },
  },
  {
    // A firm by what follows or frames it: "Eli Lilly and Co", "<Jannock Ltd>", "Dixons <DXNS.L>".
    name: 'company-suffix',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0) return;
      const { toks, end } = r;
      const and = toks[end]?.key === 'and' || toks[end]?.text === '&';
      // "Ernst and Whinney Co", "Smith & Jones Ltd": a firm named after its partners.
      const joined =
        and &&
        (/^(?:co|cos|company|sons)$/.test(toks[end + 1]?.key ?? '') ||
          // "Jane Roe and Son's wines": capitalised, "Son" is the firm's word, not a son.
          (toks[end + 1]?.key === 'son' && toks[end + 1].cap) ||
          (toks[end + 1]?.cap === true && toks[end + 1].word && FIRM_SUFFIX.test(toks[end + 2]?.key ?? '')));
      // "Novo Industri A/S": a Nordic firm's ending, read as an initial.
      const nordic = toks[end - 1]?.text === 'A' && toks[end]?.text === '/' && toks[end + 1]?.text === 'S';
      if (joined || nordic || toks[end]?.text === '<' || toks[r.start - 1]?.text === '<') {
        r.c.kind = 'group';
        r.c.notPerson = 'company';
        return 'keep';
      }
    },
  },
  {
    // "Goldman, Sachs and Co", "Brandt, Kessel & Co Inc": a firm named after its partners, with a
    // comma after the first; the first name is the firm's, nobody's.
    name: 'firm-cut-at-comma',
    apply(r) {
      // One word each side of the comma: "Jane Roe, Acme and Co chairman" names a person and her firm.
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0 || r.name.length !== 1 || r.name[0].poss) return;
      const { toks, end } = r;
      if (toks[end]?.text !== ',' || !toks[end + 1]?.word || !toks[end + 1].cap || toks[end + 1].poss) return;
      const x = end + 2;
      if ((toks[x]?.key !== 'and' && toks[x]?.text !== '&') || !FIRM_SUFFIX.test(toks[x + 1]?.key ?? '')) return;
      r.c.kind = 'group';
      r.c.notPerson = 'company';
      return 'keep';
    },
  },
  {
    // "Hale, Ross and Pickett Securities Corp", "sole manager Hale, Ross and Pickett.": three or
    // more one-word surnames joined by commas and "and", ending in a firm's word or, after a
    // firm's role in a deal, the sentence, name a firm. "Roe, Vance and Tiller said" stays people.
    name: 'firm-partner-list',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0 || r.name.length !== 1 || r.name[0].poss) return;
      const { toks } = r;
      let x = r.end;
      let members = 1;
      while (toks[x]?.text === ',' && toks[x + 1]?.word && toks[x + 1].cap && !toks[x + 1].poss) {
        members++;
        x += 2;
      }
      if (toks[x]?.key !== 'and' && toks[x]?.text !== '&') return;
      if (!toks[x + 1]?.word || !toks[x + 1].cap) return;
      members++;
      let y = x + 1;
      while (toks[y + 1]?.word && toks[y + 1].cap && !toks[y].poss) y++;
      if (members < 3) return;
      const tail = toks.slice(x + 1, y + 1);
      const firmWord = tail.some((t) => FIRM_SUFFIX.test(t.key) || ORG_HEADS.has(t.key) || COMPANY_WORDS.has(t.key));
      const before = toks[r.start - 1];
      const after = toks[y + 1];
      const dealRole =
        tail.length === 1 &&
        (after === undefined || after.text === '.') &&
        before?.word === true &&
        !before.cap &&
        DEAL_ROLES.test(before.key);
      if (!firmWord && !dealRole) return;
      r.c.kind = 'group';
      r.c.notPerson = 'company';
      return 'keep';
    },
  },
  {
    // A firm by the noun before it: "drugs group Eli Lilly", "lead manager Morgan Stanley" (the
    // bank that leads a bond issue).
    name: 'company-descriptor',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0) return;
      // The word before the run, or one the bounds took off it ("Bookmaker Jane Roe", "unit Southern Bell").
      const before = r.toks[r.start - 1];
      const prev = r.toks[r.found - 1];
      const prev2 = r.toks[r.found - 2];
      const leadManager =
        prev?.word && /^(?:manager|managers)$/.test(prev.key) && /^(?:lead|co-lead|co-manager|joint)$/.test(prev2?.key ?? '');
      // "its Smith Tool division", "their Hanley Press unit": a firm's own unit or brand.
      const owned = prev?.word === true && !prev.cap && (prev.key === 'its' || prev.key === 'their');
      if ((firmNoun(prev) && !prev.cap) || (r.start > r.found && firmNoun(before)) || leadManager || owned) {
        r.c.kind = 'group';
        r.c.notPerson = 'company';
        return 'keep';
      }
    },
  },
  {
    // A body by the noun in apposition after it: "Acme Post, a Hong Kong daily with …", "Gran
    // Mae, the federally chartered company, said". The noun heads the apposition: a role noun or
    // a possessive before it ("Jane Roe, a bank director", "the bank's chairman") is a person's.
    name: 'appositive-body',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0) return;
      const { toks, end } = r;
      if (toks[end]?.text !== ',' || !['a', 'an', 'the'].includes(toks[end + 1]?.key ?? '')) return;
      for (let x = end + 2; x < end + 7; x++) {
        const t = toks[x];
        // A role ("director"), a possessive or a preposition ("the godfather of the group") heads it otherwise.
        if (
          !t?.word ||
          t.poss ||
          (!t.cap && !APPOSITIVE_BODIES.has(t.key) && (ROLE_NOUNS.has(t.key) || NP_OPENERS.has(t.key) || DETERMINERS.has(t.key)))
        )
          return;
        if (t.cap || !APPOSITIVE_BODIES.has(t.key)) continue;
        const next = toks[x + 1];
        if (next?.word && !APPOSITIVE_TAILS.has(next.key)) continue;
        r.c.kind = 'group';
        r.c.notPerson = 'company';
        return 'keep';
      }
    },
  },
  {
    // A firm by a ranked firm's noun in apposition: "Acme Dodge, the largest U.S. copper
    // producer, said", "X, a leading exporter of grain". A person's noun before ("the largest
    // shareholder", "a leading film producer") or a role noun keeps a person.
    name: 'ranked-firm-appositive',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0 || r.name[r.name.length - 1].poss) return;
      const { toks, end } = r;
      if (toks[end]?.text !== ',' || !['a', 'an', 'the'].includes(toks[end + 1]?.key ?? '')) return;
      let ranked = false;
      for (let x = end + 2; x < end + 9; x++) {
        const t = toks[x];
        if (!t?.word || t.poss) return;
        if (t.cap) continue;
        if (RANKS.test(t.key)) {
          ranked = true;
          continue;
        }
        if (RANKED_FIRM_NOUNS.has(t.key)) {
          if (!ranked || PERSON_MAKERS.has(toks[x - 1]?.key ?? '')) return;
          const next = toks[x + 1];
          if (next?.word && !APPOSITIVE_TAILS.has(next.key)) return;
          r.c.kind = 'group';
          r.c.notPerson = 'company';
          return 'keep';
        }
        if (ROLE_NOUNS.has(t.key) || NP_OPENERS.has(t.key) || DETERMINERS.has(t.key) || PERSON_MAKERS.has(t.key)) return;
      }
    },
  },
  {
    // A firm by its stock or its units: "shares of Ginnie Lou", "stock of X", "Ginnie Lou's common
    // stock", "X's mortgage subsidiary". No person owns a stock or a subsidiary named so; a title
    // or a role elsewhere in the document still makes one.
    name: 'firm-by-stock',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0) return;
      const { toks, found, end } = r;
      const of = toks[found - 1];
      const before = lower(of) && of.key === 'of' && toks[found - 2]?.word === true && /^(?:shares|stock)$/.test(toks[found - 2].key);
      const last = r.name[r.name.length - 1];
      let x = end;
      while (lower(toks[x]) && x < end + 3 && !/^(?:stock|subsidiary|subsidiaries|shareholders|stockholders)$/.test(toks[x].key)) x++;
      const after = last.poss && lower(toks[x]) && /^(?:stock|subsidiary|subsidiaries|shareholders|stockholders)$/.test(toks[x].key);
      if (!before && !after) return;
      r.c.notPerson = 'company';
      return 'keep';
    },
  },
  {
    // A place by the noun of a site around it: "Bangkok's Don Lamai airport", "at Nea Vora air
    // base", "the base at Nea Vora", "a refinery near Port Jane".
    name: 'site-noun',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0 || r.name[r.name.length - 1].poss) return;
      const { toks, found, end } = r;
      const next = toks[end];
      const after =
        lower(next) &&
        (PLACE_AFTER_NOUNS.has(next.key) ||
          (BASE_MODIFIERS.has(next.key) && lower(toks[end + 1]) && /^(?:base|station|field)$/.test(toks[end + 1].key)));
      const prep = toks[found - 1];
      const before =
        lower(prep) && (prep.key === 'at' || prep.key === 'near') && lower(toks[found - 2]) && SITE_NOUNS.has(toks[found - 2].key);
      if (!after && !before) return;
      r.c.notPerson = 'place';
      return 'keep';
    },
  },
  {
    // An organisation by the office held in it: "president of Hiram Walker", "economist at
    // Barclays de Zoete". Roles towards a person ("critic of", "lawyer of") are not in the list.
    name: 'office-of-organisation',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0 || r.name[r.name.length - 1].poss) return;
      const prep = r.toks[r.found - 1];
      const office = r.toks[r.found - 2];
      if (!prep?.word || prep.cap || (prep.key !== 'of' && prep.key !== 'at')) return;
      // "Jane Roe of Acme Analysis said": what follows a person and "of" is where they work or come from.
      // After "at" any role says so ("fund manager at Acme Trustees"), after "of" an office in it
      // ("manager of Jane Roe" is said of a singer's manager).
      const held =
        office?.word === true &&
        !office.cap &&
        (prep.key === 'at' ? ROLE_NOUNS.has(office.key) && !RELATIONAL_ROLES.has(office.key) : ORG_OFFICES.has(office.key));
      if (!r.ofPerson && !held) return;
      r.c.notPerson = 'company';
      return 'keep';
    },
  },
  {
    // A work's title with its subtitle: "Jane Roe: The Lost Summer", "Tom Tiller - The Musical".
    // A person's name before a colon is followed by what they said, not "The" and a capital.
    name: 'title-with-subtitle',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0) return;
      const { toks, end } = r;
      const mark = toks[end]?.text;
      if (mark !== ':' && mark !== '-' && !DASHES.has(mark ?? '')) return;
      if (toks[end + 1]?.text !== 'The' || !toks[end + 2]?.cap) return;
      r.c.notPerson = 'work';
      return 'keep';
    },
  },
  {
    // A year's possessive before a name: "1984's Silver Lake", "including 1990's Jane Roe" — a
    // film, a song or an album of that year, never how a person is named.
    name: 'after-year-possessive',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0) return;
      const prev = r.toks[r.found - 1];
      if (!prev?.word || !prev.poss || !/^(?:1[89]|20)\d\d$/.test(prev.key)) return;
      r.c.notPerson = 'work';
      return 'keep';
    },
  },
  {
    // A foreign article opening a name after a possessive: "Bellini's La Sonnambula", "Rome's La
    // Sapienza" — a work or a place there. A surname with an article ("France's Le Pen") is still
    // a person when the document names them so elsewhere: only this mention's weak evidence goes.
    name: 'article-name-after-possessive',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0 || r.name.length < 2) return;
      const prev = r.toks[r.found - 1];
      if (!prev?.word || !prev.poss || !prev.cap || !FOREIGN_ARTICLES.has(r.keys[0])) return;
      r.c.noWeak = true;
    },
  },
  {
    // A title of a work after the noun that names its kind: "the film Vera Drake", "album Turn Turn".
    name: 'work-noun-before',
    apply(r) {
      const { toks, found } = r;
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0) return;
      // …also after "like", "such as", "including": "films like Vera Drake", "brands such as Dairy Gold".
      const such =
        toks[found - 1]?.key === 'as' && toks[found - 2]?.key === 'such'
          ? 3
          : /^(?:like|including)$/.test(toks[found - 1]?.key ?? '')
            ? 2
            : 1;
      const noun = toks[found - such];
      const ofKind = noun?.word === true && !noun.cap && (WORK_NOUNS.has(noun.key) || PRODUCT_NOUNS.has(noun.key));
      // "Inbev, which makes Stella Verde": what a firm makes or sells is a product.
      const made = such === 1 && noun?.word === true && MAKER_VERBS.has(noun.key);
      if (!ofKind && !made) return;
      r.c.notPerson = 'work';
      return 'keep';
    },
  },
  {
    // A name that employs, or is the work of, the person named after it: "PaineWebber analyst Jane
    // Roe", "Harry Potter author JK Rowling", "Goldman Sachs economists said". Roles that a person
    // has towards another person ("aide", "lawyer") are left out: "Blair aide X" is said too.
    name: 'employer-before-role',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0 || r.name[r.name.length - 1].poss) return;
      const { toks } = r;
      let x = r.end;
      while (
        x < toks.length &&
        toks[x].word &&
        !toks[x].cap &&
        (ROLE_ADJECTIVES.has(toks[x].key) || ROLE_MODIFIERS.has(toks[x].key)) &&
        x - r.end < 3
      )
        x++;
      const role = toks[x];
      if (!role?.word || role.cap) return;
      const single = ROLE_NOUNS.has(role.key) && !RELATIONAL_ROLES.has(role.key) && toks[x + 1]?.cap === true;
      // "Acme economists said", "fellow Viva Zapata stars Jane Roe and …".
      const plural = STAFF_PLURALS.has(role.key) || (rolePlural(role.key) && toks[x + 1]?.cap === true);
      if (single || plural) {
        r.c.notPerson = 'company';
        return 'keep';
      }
    },
  },
  {
    // "Tel Aviv", "Abu Dhabi": a place whose first word is also a given name.
    name: 'multiword-place',
    apply(r) {
      if (r.c.kind !== 'unknown' || !r.keys.some((k) => PLACE_FIRST_WORDS.has(k))) return;
      const keys = r.keys.join(' ');
      for (const p of MULTIWORD_PLACES) {
        if (keys === p || keys.startsWith(`${p} `) || keys.endsWith(` ${p}`) || keys.includes(` ${p} `)) {
          r.c.notPerson = 'place';
          return 'keep';
        }
      }
    },
  },
  {
    // A ship by the noun or the flag before it: "the Soviet freighter Ivan Petrov", "the
    // Liberian-registered Sea Star". Ships are often named after people; that person is not there.
    name: 'vessel-before-name',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0) return;
      const prev = r.toks[r.found - 1];
      if (!prev?.word || prev.cap || (!VESSEL_NOUNS.has(prev.key) && !/-(?:registered|flagged|flag)$/.test(prev.key))) return;
      r.c.notPerson = 'work';
      r.c.noWeak = true;
      return 'keep';
    },
  },
  {
    // After "in", a name is mostly a place, a firm or a work ("tests in Tel Aviv", "her role in
    // Vera Drake"); a person there comes in a list ("in Duff and Robben") or is said to be one by
    // more than a given name.
    name: 'after-in',
    apply(r) {
      const prev = r.toks[r.found - 1];
      const next = r.toks[r.end];
      if (prev?.word && !prev.cap && /^(?:in|near|outside)$/.test(prev.key) && !r.name[r.name.length - 1].poss && next?.key !== 'and')
        r.c.noWeak = true;
    },
  },
  {
    // A name before the noun of a thing named after it: "the Gran Velo series", "the Acme Jones
    // division", "the Jane Roe lecture" (after the person, but no person there).
    name: 'name-before-thing-noun',
    apply(r) {
      if (r.c.kind === 'group' || r.titleEnd >= 0 || r.name[r.name.length - 1].poss) return;
      const next = r.toks[r.end];
      if (!next?.word || next.cap || !THING_NOUNS.has(next.key)) return;
      r.c.notPerson = 'work';
      return 'keep';
    },
  },
  {
    // A name before the noun of a thing named after a place or a make: "an Atlas Vega rocket",
    // "the Villa Nova refinery", "at Pont Herriot riverside port complex", "Bahia Sol crop
    // forecasts"; or a place on a coast: "Villa Nova on the Pacific coast". No person there; a
    // title or a role elsewhere in the document still makes one.
    name: 'name-before-place-thing',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0 || r.name[r.name.length - 1].poss) return;
      const { toks, end } = r;
      let x = end;
      while (lower(toks[x]) && PLACE_THING_MODIFIERS.has(toks[x].key) && x < end + 2) x++;
      // "Jane Roe plant manager": the noun qualifies her role.
      const thing = lower(toks[x]) && PLACE_THING_NOUNS.has(toks[x].key) && !(lower(toks[x + 1]) && ROLE_NOUNS.has(toks[x + 1].key));
      let coast = false;
      if (!thing && toks[end]?.key === 'on' && toks[end + 1]?.key === 'the') {
        let y = end + 2;
        while (toks[y]?.cap && toks[y].word && y < end + 6) y++;
        const last = toks[y - 1];
        coast = y > end + 2 && (COAST_WORDS.has(last.key) || PLACES.has(last.key));
      }
      if (!thing && !coast) return;
      r.c.notPerson = thing ? 'work' : 'place';
      r.c.noWeak = true;
      return 'keep';
    },
  },
  {
    // A name given to a thing: "a group known as Viva Zapata", "a horse called Red Sands", "a
    // band named Jane Roe". People are named so too ("a man called Jane Roe"): only the nouns of
    // things, bodies and places count, right before the participle and after "a".
    name: 'named-thing',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0) return;
      const { toks, found } = r;
      let x = found - 1;
      const knownAs = toks[x]?.key === 'as' && toks[x - 1]?.key === 'known';
      if (knownAs) x--;
      else if (!toks[x]?.word || toks[x].cap || !NAMING_PARTICIPLES.has(toks[x].key)) return;
      // The noun right before, and "a" before it unless "known as" follows it: "the firm named Jane
      // Roe president" has a verb there.
      const noun = toks[x - 1];
      if (!noun?.word || noun.cap || !NAMED_THING_NOUNS.has(noun.key)) return;
      if (!knownAs && ![toks[x - 2], toks[x - 3]].some((t) => t?.key === 'a' || t?.key === 'an')) return;
      r.c.notPerson = 'work';
      return 'keep';
    },
  },
  {
    // A product and its model number: "the Acme Velo 100 was chosen", "its Gran Tour 2000".
    name: 'model-number',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0) return;
      const prev = r.toks[r.start - 1];
      const next = r.toks[r.end];
      if (!prev?.word || !DETERMINERS.has(prev.key) || !/^\d{2,5}$/.test(next?.text ?? '')) return;
      r.c.notPerson = 'work';
      return 'keep';
    },
  },
  {
    // A region after a town and a comma: "of Halton, Nova Terra, for …", "in Springvale, Nova
    // Terra." A person there is followed by a role or a verb ("in Jakarta, Jane Roe, told …").
    name: 'place-after-town',
    apply(r) {
      // A given name first is a person's ("of London, Jane Roe, business groups and …").
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0 || isFirstName(r.keys[0])) return;
      const { toks, start, end } = r;
      const town = toks[start - 2];
      const prep = toks[start - 3];
      if (toks[start - 1]?.text !== ',' || !town?.cap || town.poss || !prep?.word || prep.cap) return;
      if (!/^(?:in|of|from|at|near|outside|based)$/.test(prep.key) && !/-based$/.test(prep.key)) return;
      const next = toks[end];
      const after = toks[end + 1];
      const ends = !next || /^[.;)]$/.test(next.text) || joinsOn(next) || (next.text === ',' && joinsOn(after));
      if (!ends) return;
      r.c.notPerson = 'place';
      return 'keep';
    },
  },
  {
    // A name before the noun of an organisation names that organisation or qualifies it: "the
    // official Xinmex news agency said", "the Hanley Press group". Nouns of bodies a person may
    // lead ("government", "family", "team") are left out: "the Blair government".
    name: 'name-before-organisation-noun',
    apply(r) {
      if (r.c.kind === 'group' || r.titleEnd >= 0 || r.name[r.name.length - 1].poss) return;
      const next = r.toks[r.end];
      const noun = next?.key === 'news' ? r.toks[r.end + 1] : next;
      if (!next?.word || next.cap || !noun?.word || noun.cap || !NAMED_BODIES.has(noun.key)) return;
      r.c.notPerson = 'company';
      return 'keep';
    },
  },
  {
    // "the official Canton Review", "the official Tanvar": what "the official" names with no
    // comma and no given name is the state's outlet, not an official.
    name: 'the-official-outlet',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0) return;
      const prev = r.toks[r.start - 1];
      const prev2 = r.toks[r.start - 2];
      if (prev?.key !== 'official' || prev.cap || prev2?.key !== 'the') return;
      if (isFirstName(r.keys[0]) || INITIAL.test(r.name[0].text)) return;
      r.c.notPerson = 'company';
      return 'keep';
    },
  },
  {
    // A product and its maker: "Vortex Comet four-door sedans", "Roland Avenir, Esprit and GTB
    // models", and a list after such a noun ("… GTB models and Jeep Apache, Navajo and Sioux").
    // A verb spelt like the noun ("Jane Roe models for Acme", "phones the office") is followed by
    // an object, not a list's end.
    name: 'product-after-name',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0) return;
      const { toks } = r;
      let x = r.end;
      while (
        x < r.end + 10 &&
        toks[x] &&
        ((toks[x].word && toks[x].cap && !toks[x].poss) ||
          toks[x].text === ',' ||
          toks[x].key === 'and' ||
          toks[x].text === '&' ||
          (toks[x].word && !toks[x].cap && /[-\d]/.test(toks[x].key)))
      )
        x++;
      const noun = toks[x];
      const next = toks[x + 1];
      const asNoun = !next?.word || !(next.cap || DETERMINERS.has(next.key) || /^(?:for|in|on|into)$/.test(next.key));
      const after = noun?.word === true && !noun.cap && PRODUCT_PLURALS.has(noun.key) && asNoun;
      // Or the run is in a list after "<Model> models and": back over the list to the noun.
      const first = listStart(toks, r.start);
      const joined = toks[first - 1]?.key === 'and' || toks[first - 1]?.text === ',';
      const prior = toks[first - 2];
      const before = joined && prior?.word === true && !prior.cap && PRODUCT_PLURALS.has(prior.key) && toks[first - 3]?.cap === true;
      if (!after && !before) return;
      r.c.notPerson = 'work';
      return 'keep';
    },
  },
  {
    // Places in a list after a site's noun and "at", "near" or "in": "zones at La Marina and La
    // Verde", "plants in Nova Terra and Porto Brava".
    name: 'site-list',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0 || r.name[r.name.length - 1].poss) return;
      const { toks } = r;
      const x = listStart(toks, r.start) - 1;
      const prep = toks[x];
      const noun = toks[x - 1];
      if (!prep?.word || prep.cap || !/^(?:at|near|in)$/.test(prep.key) || !noun?.word || noun.cap) return;
      if (!SITE_LIST_NOUNS.has(noun.key) || (prep.key === 'in' && noun.key === 'mine')) return;
      r.c.notPerson = 'place';
      return 'keep';
    },
  },
  {
    // Places in a list that a plural place noun ends or introduces: "in Alta Vera, La Costa and
    // Monte Rojo provinces", "three regions -- Alta Vera, Monte Rojo and Doral", "the districts of
    // X and Y". Marked, not dropped: a role elsewhere in the document still makes a person.
    name: 'place-noun-list',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0 || r.name[r.name.length - 1].poss) return;
      const { toks } = r;
      const first = listStart(toks, r.start);
      const last = listEnd(toks, r.end);
      // Two names at least: "in Alta Vera provinces" alone is left to the other rules.
      if (first === r.start && last === r.end) return;
      const after = toks[last];
      const ends = after?.word === true && !after.cap && PLACE_PLURALS.has(after.key);
      const mark = toks[first - 1];
      // "--" comes as two tokens.
      const noun = toks[mark?.text === '-' && toks[first - 2]?.text === '-' ? first - 3 : first - 2];
      const introduced =
        mark !== undefined &&
        (DASHES.has(mark.text) || mark.text === '-' || mark.text === ':' || mark.key === 'of') &&
        noun?.word === true &&
        !noun.cap &&
        PLACE_PLURALS.has(noun.key);
      if (!ends && !introduced) return;
      r.c.notPerson = 'place';
      r.c.noWeak = true;
      return 'keep';
    },
  },
  {
    // A title cut at "and the": "Tom Thumb and the Goblet of Doom" is a work's title. A body or an
    // office after "the" ("Jane Roe and the Bank of Ruritania", "… and the Duke of Kent") is not.
    name: 'title-and-the-of',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0) return;
      const { toks, end } = r;
      if (toks[end]?.key !== 'and' || toks[end + 1]?.key !== 'the') return;
      let x = end + 2;
      while (x < end + 5 && toks[x]?.word && toks[x].cap && !toks[x].poss) {
        const k = toks[x].key;
        if (
          TITLE_HEADS.has(k) ||
          ORG_HEADS.has(k) ||
          ROLE_NOUNS.has(k) ||
          ADDRESS.has(k) ||
          NAME_HONORIFICS.has(k) ||
          PEERAGE.has(k) ||
          isPlace(k)
        )
          return;
        x++;
      }
      if (x === end + 2 || toks[x]?.key !== 'of' || toks[x].cap || !(toks[x + 1]?.cap || toks[x + 2]?.cap)) return;
      // A band's plural ("Nina Vale and the Drifters of Soho") or a place after "of" names a group.
      if (/s$/.test(toks[x - 1].key) || isPlace(toks[x + 1]?.key ?? '')) return;
      r.c.notPerson = 'work';
      return 'keep';
    },
  },
  {
    // A group by what it is one of: "Five-Aces Gold which is one of the UK's few pro-gaming
    // teams", "Acme, one of the biggest brokers". "one of the richest men" is said of people.
    name: 'one-of-groups',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.titleEnd >= 0 || r.name[r.name.length - 1].poss) return;
      const { toks, end } = r;
      let x = end;
      if (toks[x]?.key === 'which') {
        x++;
        if (/^(?:is|was|are|were)$/.test(toks[x]?.key ?? '')) x++;
      } else if (toks[x]?.text === ',') x++;
      else return;
      if (toks[x]?.key !== 'one' || toks[x + 1]?.key !== 'of') return;
      for (let y = x + 2; y < x + 10 && toks[y]?.word; y++) {
        const t = toks[y];
        if (t.cap || t.poss) continue;
        if (PEOPLE_PLURALS.has(t.key) || rolePlural(t.key)) return;
        if (!GROUP_PLURALS.has(t.key)) continue;
        r.c.kind = 'group';
        r.c.notPerson = 'company';
        return 'keep';
      }
    },
  },
  {
    // Lower-case title right before the name: "Tory leader Michael Howard", "army chief Gen. …".
    name: 'lower-case-title-before',
    apply(r) {
      const { toks } = r;
      const before = r.start - 1;
      if (!(r.titleEnd < 0 && before >= 0 && toks[before].word && !toks[before].cap && ROLE_NOUNS.has(toks[before].key))) return;
      let x = before;
      while (
        x - 1 >= 0 &&
        toks[x - 1].word &&
        !toks[x - 1].text.endsWith('.') &&
        !DETERMINERS.has(toks[x - 1].key) &&
        !BACK_BOUNDARY.has(toks[x - 1].key) &&
        !(NOT_NAMES.has(toks[x - 1].key) && (!toks[x - 1].cap || x - 1 === 0)) &&
        before - x < 4 &&
        (toks[x - 1].cap || ROLE_NOUNS.has(toks[x - 1].key) || ROLE_MODIFIERS.has(toks[x - 1].key) || ROLE_ADJECTIVES.has(toks[x - 1].key))
      )
        x--;
      x = widenRole(toks, x, before);
      // "fund manager Matrix Asset Advisors": a name with no given name that ends in a firm's word is the firm.
      // So is one word after "at" and a role: "a director at analyst Acme", "at broker Acme".
      const firm =
        (COMPANY_WORDS.has(r.keys[r.keys.length - 1]) && r.name.length >= 2 && !isFirstName(r.keys[0])) ||
        (r.name.length === 1 && (FIRM_ROLES.has(toks[before].key) || (toks[before - 1]?.key === 'at' && !toks[before - 1].cap)));
      if (r.c.kind !== 'group' && !firm) {
        r.c.kind = 'person';
        r.c.evidence = true;
        r.c.titled = true;
        addRole(r, toks[x], toks[before]);
      }
    },
  },
  // A weak opener names nobody on its own; it may still be a surname mention, which resolve() decides.
  { name: 'weak-opener', apply: (r) => (r.weakOpener ? 'keep' : undefined) },
  {
    // "the Philadelphia Eagles", "the Viva Players": a person's name takes no article, so a
    // name after "the" with nothing else said of it is left to be a group or nothing.
    name: 'after-article',
    apply(r) {
      if (r.c.kind !== 'unknown' || r.name.length < 2 || r.toks[r.start - 1]?.key !== 'the') return;
      r.c.article = true;
      return 'keep';
    },
  },
  {
    // A name alone inside quotation marks is a title of a work ("“Viva Zapata”"), not a person.
    name: 'quoted-title',
    apply(r) {
      const open = r.toks[r.start - 1]?.text;
      const close = r.toks[r.end]?.text;
      if (r.c.kind === 'unknown' && (open === '“' || open === '"') && (close === '”' || close === '"')) return 'drop';
    },
  },
  {
    // Role after the name, between commas or dashes: "Michael Kugelman, deputy director of …, told".
    name: 'role-after',
    apply(r) {
      const { toks, c } = r;
      const after = r.end;
      const opener = toks[after];
      if (!opener || (opener.text !== ',' && !DASHES.has(opener.text))) return;
      // A bracket ends the role too: "(BCC)" after it is an acronym, not part of it.
      const closers = opener.text === ',' ? COMMA_ROLE_ENDS : DASH_ROLE_ENDS;
      let end = after + 1;
      while (end < toks.length && !closers.has(toks[end].text) && toks[end].text !== '“' && toks[end].text !== '"') end++;
      // "head of distribution at Universal which released …": the role ends where a clause starts.
      // So does a speech verb with no comma before it ("spokeswoman for the committee said …").
      const rel = toks.findIndex(
        (t, x) => x > after + 1 && x < end && (/^(?:who|which|whose|where)$/.test(t.key) || (NAME_SPEECH_VERBS.has(t.key) && !t.cap)),
      );
      if (rel > 0) end = rel;
      // "… against protectionism in Ruritania, a ministry spokesman said.": the phrase is the subject
      // of a reporting clause that ends the sentence, not a role of the name inside the sentence.
      const before = toks[r.found - 1];
      if (rel > 0 && NAME_SPEECH_VERBS.has(toks[rel].key) && toks.slice(rel + 1).every((t) => !t.word) && before?.word) return;
      while (end > after + 1 && !toks[end - 1].word) end--;
      const phrase = toks.slice(after + 1, end);
      if (!phrase.length || phrase.length > 30) return;
      const head = phrase[0];
      // "Aker Verdal, a unit of Aker Norcem": a firm's unit, not a person.
      if (c.kind !== 'group' && DETERMINERS.has(head.key) && phrase[1] && !phrase[1].cap && UNIT_NOUNS.has(phrase[1].key)) {
        c.notPerson = 'company';
        return;
      }
      // "Esso Norge, a member of …", "Acme Associates, the broker": a firm's or a place's name takes no person's role.
      if (c.kind !== 'group' && firmShapedName(r.name)) return;
      if (phrase.length === 1 && /^\d{1,3}$/.test(head.text) && c.kind !== 'group') {
        c.evidence = true; // "Jane Smith, 34, …": an age
        c.kind = 'person';
      } else if (
        head.word &&
        !NOT_APPOSITIVE.has(head.key) &&
        (!head.cap ||
          DETERMINERS.has(head.key) ||
          head.poss ||
          TITLE_HEADS.has(head.key) ||
          ROLE_MODIFIERS.has(head.key) ||
          companyRole(phrase))
      ) {
        const words = phrase.filter((t) => t.word);
        const hasRole = words.some((t) => (ROLE_NOUNS.has(t.key) || (t.cap && TITLE_HEADS.has(t.key))) && !t.poss);
        const verbish =
          /(?:ing|ed)$/.test(head.key) ||
          words.some((t) => NAME_SPEECH_VERBS.has(t.key) || /^(?:is|was|are|were|has|had|have|will|would|who|which|that)$/.test(t.key)) ||
          // "…, former actress Jane Doe and …": a title of somebody else, not a role of this name.
          words.some((t, x) => ROLE_NOUNS.has(t.key) && !t.cap && words[x + 1]?.cap && !words[x + 1].poss);
        if (c.kind === 'group') {
          if (DETERMINERS.has(head.key) && words.some((t) => GROUP_NOUNS.has(t.key)) && !verbish)
            addRole(r, phrase[0], phrase[phrase.length - 1]);
        } else if (hasRole && !verbish) {
          c.kind = 'person';
          c.evidence = true;
          for (const part of splitCoordinated(phrase)) addRole(r, part[0], part[part.length - 1]);
        }
      }
    },
  },
  {
    // Role before the name with a comma: "Pakistan’s army chief, Gen. Qamar Javed Bajwa",
    // "the Iranian military attache, Col. Mostafa Ghanbarpour".
    name: 'role-before-comma',
    apply(r) {
      const { toks, c } = r;
      if (c.kind === 'group' || r.start - 1 < 0 || toks[r.start - 1].text !== ',') return;
      // "The spokesman for the bank, Japan Line's largest creditor, …": a possessor stands apart from the role.
      if (r.name[r.name.length - 1].poss) return;
      let x = r.start - 2;
      const phrase: Token[] = [];
      while (x >= 0 && toks[x].word && !BACK_BOUNDARY.has(toks[x].key) && phrase.length < 12) phrase.unshift(toks[x--]);
      const boundary = x < 0 || BACK_BOUNDARY.has(toks[x].text) || BACK_BOUNDARY.has(toks[x].key);
      if (!phrase.length || !boundary) return;
      const head = phrase[0];
      const opens = DETERMINERS.has(head.key) || head.poss || (head.cap && !NOT_NAMES.has(head.key));
      const roleWord = phrase.some((t) => !t.poss && (ROLE_NOUNS.has(t.key) || TITLE_HEADS.has(t.key)));
      // The phrase must be a noun phrase: no verbs of speaking, no prepositions before the role word.
      const clause = phrase.some(
        (t) => NAME_SPEECH_VERBS.has(t.key) || /^(?:to|in|on|at|after|before|during|from|into|is|was|are|were)$/.test(t.key),
      );
      // A lone capitalised word before ", NAME" is more likely a name in a list ("Kay, King, Lewsey").
      const lone = phrase.length === 1 && phrase[0].cap;
      // "Acme General Contractors Inc, Jane Roe": a firm's name in a list, whatever title word it holds.
      const last = phrase[phrase.length - 1];
      const firmBefore =
        last.cap &&
        (COMPANY_WORDS.has(last.key) ||
          /^(?:inc|corp|co|cos|ltd|plc|llc|ag|sa|nv|gmbh|bhd|spa|limited|holdings|partners|brothers|bros)$/.test(last.key)) &&
        !phrase.some((t) => t.key === 'of' && !t.cap);
      if (opens && roleWord && !clause && !lone && !firmBefore && !firmShapedName(r.name)) {
        c.kind = 'person';
        c.evidence = true;
        addRole(r, phrase[0], phrase[phrase.length - 1]);
      }
    },
  },
  {
    // A speech verb after the name ("Vatanka said"), or "said X." / "according to X".
    name: 'speech-verb',
    apply(r) {
      const { toks, c, keys, name } = r;
      if (c.kind !== 'unknown' || c.noWeak) return;
      const after = r.end;
      const before = r.start - 1;
      const next = toks[after];
      const prev = toks[before];
      const prev2 = toks[before - 1];
      const spoke =
        (next?.word && NAME_SPEECH_VERBS.has(next.key)) ||
        (prev?.word && /^(?:said|says)$/.test(prev.key) && (!toks[after] || /^[,.;]$/.test(toks[after].text))) ||
        (prev?.key === 'to' && prev2?.key === 'according');
      if (!spoke) return;
      // Weak evidence: a name that starts with an ordinary word ("Time Warner said") is no person.
      const ordinary = r.lowerWords.has(name[0].key);
      // Weak evidence needs a plain name: no place, demonym or organisation word ("English National Ballet told").
      const plainName = keys.every(
        (x) => !isPlace(x) && !CALENDAR.has(x) && !NOT_NAMES.has(x) && !ORG_HEADS.has(x) && !COMPANY_WORDS.has(x),
      );
      // …and ordinary capitalisation: "BT Openzone told" names a company.
      const titleCase = name.every((t) => (TITLE_CASE.test(t.text) && !INNER_CAPITAL.test(t.text)) || PARTICLES.has(t.key));
      // "says Age Concern": with no given name, a word the document writes in lower case is no surname.
      const common = !isFirstName(keys[0]) && keys.some((k) => r.lowerWords.has(k) && !PARTICLES.has(k));
      if (!ordinary && plainName && titleCase && !common) {
        c.evidence = name.length >= 2;
        c.weak = true;
        if (c.evidence) c.kind = 'person';
      } else if (name.length >= 2 && COMPANY_WORDS.has(name[name.length - 1].key)) c.kind = 'group';
    },
  },
  {
    // A given name, then a surname: "Oleg Shatskiku made sure of the win", "Andy Caddick 4-55".
    // At a sentence start a given name the document also writes in lower case ("Will", "Mark")
    // may be an ordinary word, and is no evidence there.
    name: 'given-name',
    apply(r) {
      // "Sir Alan Budd", "Dame Jane Roe": the honorific stays in the name; the given name is next.
      const knighted = r.name.length >= 3 && NAME_HONORIFICS.has(r.keys[0]);
      const first = knighted ? r.name[1] : r.name[0];
      const name = knighted ? r.name.slice(1) : r.name;
      if (r.c.noWeak) return;
      if (r.c.kind !== 'unknown' || !personShaped(name) || !isFirstName(first.key)) return;
      if (first.key.includes('-') && !HYPHENED_GIVEN.test(first.text)) return;
      if (r.atInitial && !knighted && r.lowerWords.has(first.key)) return;
      // "Dow Jones Industrial Average", "Fox Television Stations": two words the document also
      // writes in lower case make a thing's name, not a surname.
      if (name.slice(1).filter((t) => r.lowerWords.has(t.key) && !PARTICLES.has(t.key)).length >= 2) return;
      r.c.kind = 'person';
      r.c.evidence = true;
      r.c.weak = true;
    },
  },
  {
    // An initial, then a surname: "W. Athey 111", "R. Ponting not out".
    name: 'initial-and-surname',
    apply(r) {
      if (r.c.noWeak) return;
      if (r.c.kind !== 'unknown' || !INITIAL.test(r.name[0].text) || !personShaped(r.name)) return;
      // The surname is a word, not an initial or a state's abbreviation ("W. Va").
      if (INITIAL.test(r.name[r.name.length - 1].text) || r.name[r.name.length - 1].base.length < 3) return;
      r.c.kind = 'person';
      r.c.evidence = true;
      r.c.weak = true;
    },
  },
  {
    // A name and a country in brackets, as results tables write athletes: "Jane Roe (Kenya) 3:51.40".
    // Two words at least, both in ordinary capitalisation: a team is one word ("Dinamo (Russia)").
    name: 'name-then-country',
    apply(r) {
      const { toks, end } = r;
      if (r.c.noWeak) return;
      if (r.c.kind !== 'unknown' || r.name.length < 2 || !personShaped(r.name) || toks[end]?.text !== '(') return;
      const close = toks.findIndex((t, x) => x > end && x <= end + 4 && t.text === ')');
      if (close < 0) return;
      const inner = toks.slice(end + 1, close);
      if (!inner.length || !inner.every((t) => t.cap) || !inner.some((t) => isPlace(t.key.replace(/\./g, '')))) return;
      r.c.kind = 'person';
      r.c.evidence = true;
      r.c.weak = true;
    },
  },
  {
    // A person's name has a word in ordinary capitalisation; "AVX", "IBM" are acronyms.
    name: 'acronym-is-no-person',
    apply(r) {
      if (r.c.kind === 'person' && !r.name.some((t) => TITLE_CASE.test(t.text))) {
        r.c.kind = 'unknown';
        r.c.evidence = false;
      }
    },
  },
];

/**
 * The start of a list the run ends ("La Marina and La Verde", "Avenir, Esprit and GTB"): back from
 * the run over "and" or commas and the capitalised words before them. The run's start when no list.
 */
function listStart(toks: Token[], start: number): number {
  let x = start;
  while (x >= 2 && (toks[x - 1].key === 'and' || toks[x - 1].text === ',') && toks[x - 2].word && toks[x - 2].cap && !toks[x - 2].poss) {
    let y = x - 2;
    while (y - 1 >= 0 && toks[y - 1].word && toks[y - 1].cap && !toks[y - 1].poss) y--;
    x = y;
  }
  return x;
}

/** Index after the last name of a list that goes on from `end` (", Y and Z"). */
function listEnd(toks: Token[], end: number): number {
  let x = end;
  while ((toks[x]?.key === 'and' || toks[x]?.text === ',') && toks[x + 1]?.word && toks[x + 1].cap && !toks[x + 1].poss) {
    let y = x + 1;
    while (toks[y + 1]?.word && toks[y + 1].cap && !toks[y].poss) y++;
    x = y + 1;
    if (toks[x - 1].poss) break;
  }
  return x;
}

/** Runs the rules over one run of capitalised words: the candidate it gives, or none. */
export function analyseRun(span: Span): Candidate | undefined {
  for (const rule of BOUNDS) rule.apply(span);
  if (span.start >= span.end) return undefined;
  const r = readRun(span);
  for (const rule of RUN_RULES) {
    const verdict = rule.apply(r);
    if (verdict === 'drop') return undefined;
    if (verdict === 'keep') break;
  }
  return r.c;
}

/**
 * A name shaped like a firm's or a place's, whatever role the sentence gives it: it ends in a
 * plural firm word ("Acme Associates", "Hanley Industries"), in a place or a code in capitals
 * ("Esso Norge", "Shell UK"), or, with no given name first, in any firm word ("Acme Steel"; "David
 * Steel" is a person).
 */
/** A name that ends in a plural firm word, or in any firm word with no given name first ("Acme Beverages", "Acme Steel"). */
function firmWordEnd(name: Token[]): boolean {
  if (name.length < 2) return false;
  const last = name[name.length - 1];
  const given = isFirstName(name[0].key) || INITIAL.test(name[0].text) || NAME_HONORIFICS.has(name[0].key);
  return COMPANY_WORDS.has(last.key) && (/s$/.test(last.key) || !given);
}

function firmShapedName(name: Token[]): boolean {
  if (name.length < 2) return false;
  const last = name[name.length - 1];
  const given = isFirstName(name[0].key) || INITIAL.test(name[0].text) || NAME_HONORIFICS.has(name[0].key);
  if (COMPANY_WORDS.has(last.key) && (/s$/.test(last.key) || !given)) return true;
  return !given && (isPlace(last.key) || /^[\p{Lu}\d]{2,}$/u.test(last.text));
}

/** A word of a name in ordinary capitalisation: "Ernst", "O'Brien", "McCall", "DeShields". */
const NAME_WORD = /^\p{Lu}(?:\p{Ll}|['’]\p{Lu}\p{Ll})/u;
/**
 * A capital after three lower-case letters or more inside a word is a firm's or a product's
 * ("BancGroup", "PowerBook", "HealthSouth"); names put one after a short prefix ("McCall",
 * "MacArthur", "DeShields", "LaNeve", "VanHorn") or after "Fitz".
 */
export const INNER_CAPITAL = /^(?!Fitz)\p{Lu}\p{Ll}{3,}\p{Lu}/u;

/**
 * The shape of a personal name: two to four words, each a capitalised word, an initial or a name
 * particle, ending in a capitalised word, none of them a place, a calendar word, a not-name, a
 * title, an organisation head or an outlet (and the last no company word: "Greyhound Lines").
 */
export function personShaped(name: Token[]): boolean {
  if (name.length < 2 || name.length > 4) return false;
  const last = name[name.length - 1];
  if (!NAME_WORD.test(last.text) || COMPANY_WORDS.has(last.key)) return false;
  return name.every(
    (t) =>
      (NAME_WORD.test(t.text) || INITIAL.test(t.text) || PARTICLES.has(t.key)) &&
      !INNER_CAPITAL.test(t.text) &&
      !isPlace(t.key) &&
      !CALENDAR.has(t.key) &&
      !NOT_NAMES.has(t.key) &&
      !TITLE_HEADS.has(t.key) &&
      !ORG_HEADS.has(t.key) &&
      !OUTLETS.has(t.key),
  );
}

/**
 * Widens a lower-case title leftwards over words the lists do not know ("BBC labour affairs
 * correspondent", "Sun's chief operating officer", "rap star"), but only when the wider phrase
 * starts where a noun phrase surely starts: a possessive or capitalised word, or after a
 * preposition or a speech verb. Otherwise the narrower title stands, since
 * the unknown word may be a verb ("met prime minister X").
 */
function widenRole(toks: Token[], from: number, head: number): number {
  // A title that already starts with a name or possessive ("Wales' team physiotherapist") is whole.
  if (toks[from].cap || toks[from].poss) return from;
  let x = from;
  while (x - 1 >= 0 && head - x < 4 && toks[x - 1].word && !toks[x - 1].poss && !toks[x - 1].cap) {
    const k = toks[x - 1].key;
    if (DETERMINERS.has(k) || NP_OPENERS.has(k) || NOT_APPOSITIVE.has(k) || NAME_SPEECH_VERBS.has(k) || k === 'to' || /(?:ed|ly)$/.test(k))
      break;
    x--;
  }
  while (
    x - 1 >= 0 &&
    head - x < 6 &&
    !toks[x - 1].text.endsWith('.') &&
    (toks[x - 1].poss || (toks[x - 1].cap && !NOT_NAMES.has(toks[x - 1].key)))
  )
    x--;
  if (x === from) return from;
  // A determiner is no safe start ("the firm met sales director X" has a verb inside); a
  // possessive or capitalised first word, or a preposition or speech verb before, is.
  const prev = toks[x - 1];
  const opens = toks[x].poss || toks[x].cap || (prev?.word && (NP_OPENERS.has(prev.key) || NAME_SPEECH_VERBS.has(prev.key)));
  return opens ? x : from;
}

/** "Halifax chief economist": a few capitalised words (an employer) then a lower-case role noun. */
function companyRole(phrase: Token[]): boolean {
  const firstLower = phrase.findIndex((t) => !t.cap);
  return (
    firstLower > 0 &&
    firstLower <= 3 &&
    phrase.slice(firstLower).some((t) => ROLE_NOUNS.has(t.key)) &&
    ROLE_NOUNS.has(phrase[phrase.length - 1].key) === true
  );
}

/** Initials of a name match an acronym ("Balochistan Liberation Army" → BLA, "Memorandums of Understanding" → MoUs). */
function initialsMatch(acronym: string, name: Token[]): boolean {
  const letters = acronym.replace(/s$/, '').replace(LOWER_LETTERS, '');
  const initials = name
    .filter((t) => t.cap)
    .map((t) => t.text[0].toUpperCase())
    .join('');
  return letters.length >= 2 && (initials === letters || initials.startsWith(letters));
}

/** "political observer and financial analyst in …" → two roles when both sides name a role. */
function splitCoordinated(phrase: Token[]): Token[][] {
  const parts: Token[][] = [];
  let cur: Token[] = [];
  for (let x = 0; x < phrase.length; x++) {
    const t = phrase[x];
    if (t.key === 'and' && cur.some((u) => ROLE_NOUNS.has(u.key))) {
      // The right side must start a role of its own within three words.
      const look = phrase.slice(x + 1, x + 4);
      const idx = look.findIndex((u) => ROLE_NOUNS.has(u.key));
      if (idx >= 0 && look.slice(0, idx).every((u) => !u.cap && !/^(?:of|in|at|for|on)$/.test(u.key))) {
        parts.push(cur);
        cur = [];
        continue;
      }
    }
    cur.push(t);
  }
  if (cur.length) parts.push(cur);
  return parts.filter((p) => p.length > 0);
}
