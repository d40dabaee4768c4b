/** Finds the documents under a corpus directory, recursively, in a stable order. */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import type { DocFormat } from '../types.js';

export const DOC_EXTENSIONS = ['.md', '.markdown', '.txt', '.html', '.htm', '.pdf', '.docx'] as const;

/** A file's format, from its extension. */
export function formatOf(file: string): DocFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.pdf' || ext === '.docx') return ext.slice(1) as 'pdf' | 'docx';
  return ext === '.txt' ? 'txt' : 'md';
}

export function isDocumentFile(file: string): boolean {
  const base = path.basename(file);
  if (base.startsWith('.')) return false;
  return (DOC_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase());
}

/** Relative paths (with `/`) of every document file under root, sorted. Hidden folders are skipped. */
export async function listDocuments(root: string): Promise<string[]> {
  const out: string[] = [];
  // Relative paths are built as the walk descends (path.relative per file costs more than the readdir).
  async function walk(dir: string, rel: string): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      // A folder that vanished or cannot be read is not fatal: its files are simply absent.
      if (dir === root) throw err;
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(dir, e.name), r);
      else if (e.isFile() && isDocumentFile(e.name)) out.push(r);
    }
  }
  await walk(root, '');
  return out.sort();
}

/** The document id for a relative path: no extension, `/`-separated. */
export function docIdFor(relative: string): string {
  return relative.replace(/\.[^./]+$/, '');
}
