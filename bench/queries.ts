/**
 * The fixed query sets of the benchmark. Written for news wire copy (the Reuters corpus and
 * its ×N replicas) but generic enough to mean something on any news corpus: topics, officials,
 * companies. A few carry a typo, as real queries do, so the fallback paths are measured too.
 */
export const SEARCH = [
  'oil prices', 'interest rates', 'trade deficit', 'Federal Reserve discount rate', 'coffee export quotas',
  'dollar yen exchange rate', 'merger agreement', 'quarterly dividend', 'crude oil production cuts', 'wheat exports Soviet Union',
  'Bundesbank money supply', 'takeover bid shares', 'Brazil debt moratorium', 'OPEC output ceiling', 'sugar prices',
  'stock split', 'Japanese semiconductors tariffs', 'gold mine', 'budget deficit', 'unemployment rate',
  'tender offer', 'Chrysler American Motors', 'Texaco Pennzoil', 'GATT trade talks', 'natural gas pipeline',
  'cocoa buffer stock', 'airline fares', 'copper prices', 'steel imports', 'housing starts',
  'corn soybean acreage', 'inflation forecast', 'Treasury bond yields', 'shipping strike', 'rubber agreement',
  'tin council debts', 'retail sales', 'largest remittance source', 'interst rates', 'Bundesbnak', 'Volker testimony', 'semiconductr',
];

export const PEOPLE = [
  'James Baker', 'Paul Volcker', 'Ronald Reagan', 'Yasuhiro Nakasone', 'Clayton Yeutter', 'Nigel Lawson', 'Karl Otto Poehl',
  'Gerhard Stoltenberg', 'Jacques Delors', 'Margaret Thatcher', 'Alan Greenspan', 'Richard Lyng', 'Malcolm Baldrige',
  'Kiichi Miyazawa', 'Satoshi Sumita', 'Mikhail Gorbachev', 'Brian Mulroney', 'Michael Wilson', 'Carl Icahn', 'Boone Pickens',
  'Subroto', 'Hisham Nazer', 'Rilwanu Lukman', 'Jose Sarney', 'Dilson Funaro', 'Bob Hawke', 'Paul Keating', 'Helmut Kohl',
  'Edouard Balladur', 'Asim Munir', 'OPEC', 'Bundesbank',
];

export const WHEN = [
  'OPEC meeting', 'discount rate cut', 'merger completed', 'dividend payable', 'tender offer expires', 'annual meeting',
  'Louvre accord', 'trade talks', 'strike ended', 'debt moratorium', 'interest rate increase', 'tariffs on Japanese goods',
  'stock split', 'acquisition completed', 'production quota', 'election', 'budget', 'Paris agreement', 'coffee talks',
  'bank failure', 'border attacks', 'Iran visit', 'oil price fall', 'earthquake', 'bankruptcy filing', 'share offering',
  'wheat sale', 'sugar tender', 'grain shipment', 'summit',
];

export const QUOTE = [
  'Volcker', 'Baker', 'Yeutter', 'Lawson', 'Poehl', 'Subroto', 'Stoltenberg', 'Nakasone', 'Miyazawa', 'Reagan',
  'dollar', 'interest rates', 'trade deficit', 'protectionism', 'oil prices', 'OPEC', 'takeover', 'inflation',
  'economy', 'coffee', 'the market', 'Brazil debt', 'analysts', 'a spokesman', 'the company', 'Bundesbank',
  'Kugelman', 'border', 'tariffs', 'recession',
];

/** What a user has typed into the name box so far: the first letters of the names above. */
export const AUTOCOMPLETE = PEOPLE.map((n) => n.slice(0, Math.min(n.length, 3 + (n.length % 3))));
