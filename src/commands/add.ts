/**
 * /add url:LINK | file:ATTACHMENT (console: /add PATH-or-URL): a document into the corpus from
 * where people read it. The bytes come from store/intake.ts (safe fetching; local files only on
 * the console), the store saves and ingests them, and the reply says what was understood.
 */
import type { Answer } from '../answer/types.js';
import { documentSummary } from '../answer/document.js';
import { fromAttachment, fromLink, fromPath, intakeReason } from '../store/intake.js';
import type { NewDocument } from '../store/index.js';
import { defineCommand } from './types.js';

function failed(query: string, reason: string): Answer {
  return { command: 'add', query, error: `Not added: ${reason}` };
}

export const addCommand = defineCommand({
  definition: {
    name: 'add',
    description: 'Add a document to the corpus: a link to an article, or a file (md, txt, html, pdf, docx)',
    usage: '/add url:LINK or /add file:ATTACHMENT (console: /add PATH-or-URL)',
    memberPermission: 'ManageGuild',
    roleGrants: true,
    // Fetching and reading a PDF can take longer than Discord's 3 s.
    defer: 'always',
    options: [
      { name: 'url', description: 'A link to an article page', type: 'string', maxLength: 2000 },
      { name: 'file', description: 'A document: .md, .txt, .html, .pdf or .docx', type: 'attachment' },
    ],
  },

  async run(ctx, args) {
    const { documents, intake } = ctx.services;
    const query = args.url ?? args.file ?? '';
    if (!documents || !intake) return failed(query, 'adding documents is not available here');
    let input: NewDocument;
    try {
      if (args.file) input = await fromAttachment(args.file, intake, ctx.userId);
      else if (args.url && /^[a-z][\w+.-]*:\/\//i.test(args.url.trim())) input = await fromLink(args.url, intake, ctx.userId);
      else if (args.url && ctx.local) input = await fromPath(args.url, intake);
      else if (args.url) return failed(query, 'expected a link starting with http:// or https://');
      else return { command: 'add', query, error: 'Give a link (url:) or attach a file (file:).' };
    } catch (err) {
      return failed(query, intakeReason(err));
    }
    const stored = await documents.add(input);
    if (!stored.ok) return failed(query, stored.reason);
    const document = documentSummary(stored.doc);
    return { command: 'add', query, heading: `Added: ${document.title}`, results: [], document };
  },
});
