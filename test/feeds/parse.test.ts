import { describe, expect, it } from 'vitest';
import { decodeFeed, FeedParseError, isoDate, readFeed } from '../../src/feeds/parse.js';

const RSS2 = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Lakeside Courier &amp; Post</title><link>https://courier.example/</link><description>d</description>
<item><title><![CDATA[Ferry <b>strike</b> ends]]></title><link>https://courier.example/news/ferry?utm_source=rss</link>
<guid isPermaLink="false">lc-101</guid><pubDate>Tue, 03 Mar 2026 09:15:00 +0100</pubDate><dc:creator>Tove Lindqvist</dc:creator>
<description>Short &lt;i&gt;summary&lt;/i&gt;.</description><content:encoded><![CDATA[<p>Ferries ran again on Tuesday.</p>]]></content:encoded></item>
<item><title>Relative link</title><link>/news/second</link><pubDate>not a date at all</pubDate><description>Two.</description></item>
<item><title>Permalink guid</title><guid>https://courier.example/news/third</guid><description>Three.</description></item>
</channel></rss>`;

const RSS1 = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://valley.example/"><title>Valley Weekly</title><link>https://valley.example/</link><description>x</description></channel>
<item rdf:about="https://valley.example/weir"><title>Weir reopens</title><link>https://valley.example/weir</link>
<description>The weir reopened.</description><dc:date>2026-02-01T10:00:00Z</dc:date><dc:creator>Oskar Brenn</dc:creator></item>
</rdf:RDF>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://notes.example/blog/">
<title type="text">Harbour Notes</title><link rel="alternate" href="https://notes.example/"/><link rel="self" href="https://notes.example/atom.xml"/>
<id>urn:x:feed</id><updated>2026-03-01T00:00:00Z</updated><author><name>Feed Author</name></author>
<entry><title type="html">Quay &lt;em&gt;closed&lt;/em&gt;</title><link rel="alternate" href="posts/quay"/><id>tag:notes.example,2026:1</id>
<published>2026-02-28T08:00:00Z</published><updated>2026-03-01T08:00:00Z</updated>
<summary>Sum.</summary><content type="html">&lt;p&gt;The quay closed.&lt;/p&gt;</content></entry>
<entry><title>Plain</title><link href="https://notes.example/plain"/><id>tag:notes.example,2026:2</id><updated>2026-03-02T08:00:00Z</updated>
<content type="text">Line &lt;one&gt;

Line two</content></entry>
</feed>`;

const JSONFEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'Rail Desk',
  home_page_url: 'https://rail.example/',
  items: [
    {
      id: 'r1',
      url: '/r1',
      title: 'Track deal',
      content_html: '<p>Track text.</p>',
      date_published: '2026-03-02T12:00:00-05:00',
      authors: [{ name: 'Nadia Ferro' }],
    },
    { id: 7, title: 'Text only', content_text: 'A & B' },
  ],
});

describe('readFeed', () => {
  it('reads RSS 2.0: plain titles, absolute links, ISO dates, authors, full content over the summary', () => {
    const f = readFeed(RSS2, 'https://courier.example/rss.xml');
    expect(f).toMatchObject({ format: 'rss', title: 'Lakeside Courier & Post', siteUrl: 'https://courier.example/' });
    expect(f.items[0]).toEqual({
      guid: 'lc-101',
      url: 'https://courier.example/news/ferry?utm_source=rss',
      title: 'Ferry strike ends',
      published: '2026-03-03T08:15:00Z',
      author: 'Tove Lindqvist',
      content: '<p>Ferries ran again on Tuesday.</p>',
      summary: 'Short <i>summary</i>.',
    });
    // A date that is not one is left out, never guessed.
    expect(f.items[1]).toMatchObject({ url: 'https://courier.example/news/second', title: 'Relative link' });
    expect(f.items[1].published).toBeUndefined();
    // A guid that is a permalink stands for the link.
    expect(f.items[2].url).toBe('https://courier.example/news/third');
  });

  it('reads RSS 1.0 (RDF)', () => {
    const f = readFeed(RSS1, 'https://valley.example/index.rdf');
    expect(f).toMatchObject({ format: 'rdf', title: 'Valley Weekly' });
    expect(f.items).toEqual([
      {
        guid: 'https://valley.example/weir',
        url: 'https://valley.example/weir',
        title: 'Weir reopens',
        published: '2026-02-01T10:00:00Z',
        author: 'Oskar Brenn',
        summary: 'The weir reopened.',
      },
    ]);
  });

  it('reads Atom 1.0: xml:base, the alternate link, the feed author as a fallback, text content as paragraphs', () => {
    const f = readFeed(ATOM, 'https://notes.example/atom.xml');
    expect(f).toMatchObject({ format: 'atom', title: 'Harbour Notes', siteUrl: 'https://notes.example/' });
    expect(f.items[0]).toMatchObject({
      guid: 'tag:notes.example,2026:1',
      url: 'https://notes.example/blog/posts/quay',
      title: 'Quay closed',
      published: '2026-02-28T08:00:00Z',
      updated: '2026-03-01T08:00:00Z',
      author: 'Feed Author',
      content: '<p>The quay closed.</p>',
    });
    expect(f.items[1].content).toBe('<p>Line &lt;one&gt;</p><p>Line two</p>');
  });

  it('reads JSON Feed, ids of any type as text', () => {
    const f = readFeed(JSONFEED, 'https://rail.example/feed.json');
    expect(f).toMatchObject({ format: 'json', title: 'Rail Desk', siteUrl: 'https://rail.example/' });
    expect(f.items[0]).toMatchObject({
      guid: 'r1',
      url: 'https://rail.example/r1',
      published: '2026-03-02T17:00:00Z',
      author: 'Nadia Ferro',
      content: '<p>Track text.</p>',
    });
    expect(f.items[1]).toMatchObject({ guid: '7', title: 'Text only', content: '<p>A &amp; B</p>' });
  });

  it('drops links that are not http(s)', () => {
    const rss = RSS2.replace('https://courier.example/news/ferry?utm_source=rss', 'javascript:alert(1)');
    expect(readFeed(rss, 'https://courier.example/rss.xml').items[0].url).toBeUndefined();
  });

  it.each([
    ['an HTML page', '<!doctype html><html><head><title>Shop</title></head><body><p>Hi</p></body></html>', /HTML page/],
    ['broken XML', RSS2.slice(0, 700), /malformed|not a feed/],
    ['an empty body', '   ', /empty/],
    ['random text', 'lorem ipsum dolor', /not XML or JSON/],
    ['other XML', '<?xml version="1.0"?><catalog><book/></catalog>', /neither RSS, Atom nor JSON Feed/],
  ])('refuses %s with a short reason', (_what, text, reason) => {
    let err: unknown;
    try {
      readFeed(text, 'https://x.example/feed');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FeedParseError);
    expect((err as Error).message).toMatch(reason);
  });

  it('never expands entities a feed declares (no entity bombs)', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<rss version="2.0"><channel><title>&c;</title><item><title>&c;</title><link>https://b.example/1</link></item></channel></rss>`;
    const f = readFeed(bomb, 'https://b.example/feed');
    expect(f.items[0].title.length).toBeLessThan(20);
  });
});

describe('decodeFeed', () => {
  it('uses the charset the server names, else the XML declaration, else UTF-8', () => {
    const latin1 = Uint8Array.from([...Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>'), 0xe9, ...Buffer.from('</t>')]);
    expect(decodeFeed(latin1)).toContain('<t>é</t>');
    expect(decodeFeed(Buffer.from('<t>é</t>'), 'application/rss+xml; charset=utf-8')).toBe('<t>é</t>');
    expect(decodeFeed(Buffer.from('<t>é</t>'), 'text/xml; charset=no-such-charset')).toBe('<t>é</t>');
  });
});

describe('isoDate', () => {
  it('reads RFC 822 and RFC 3339, and refuses what is not a plausible date', () => {
    expect(isoDate('Wed, 04 Mar 2026 23:30:00 GMT')).toBe('2026-03-04T23:30:00Z');
    expect(isoDate('2026-03-04T23:30:00.250+02:00')).toBe('2026-03-04T21:30:00.250Z');
    expect(isoDate('soon')).toBeUndefined();
    expect(isoDate('0001-01-01T00:00:00Z')).toBeUndefined();
    expect(isoDate(undefined)).toBeUndefined();
  });
});
