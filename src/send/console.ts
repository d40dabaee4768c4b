/**
 * The console front end: the same commands as in Discord, typed as lines (`/who Asim Munir`).
 * On a terminal it is an interactive prompt; otherwise it answers one line at a time and
 * exits at the end of input. Answers go to stdout, logs to stderr; on a terminal a log line
 * never lands inside the prompt (the prompt is cleared and drawn again after it).
 */
import readline from 'node:readline';
import type { App } from '../app.js';
import { routeLogLines } from '../log.js';
import { runLine } from '../commands/parse.js';
import { renderJson } from '../render/json.js';
import { renderText } from '../render/text.js';

export interface ConsoleOptions {
  json?: boolean;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  interactive?: boolean;
  /** Show a one-line status (documents, from the snapshot or read afresh): before the prompt, or on stderr without one. */
  status?: boolean;
}

/** The corpus in one line: how many documents, and whether they came from the snapshot. */
export async function statusLine(app: App): Promise<string> {
  const s = await app.store.summary();
  const n = (k: number, one: string) => `${k.toLocaleString('en')} ${k === 1 ? one : `${one}s`}`;
  const from = app.status.loadedFrom === 'snapshot' ? 'from the saved snapshot' : 'read from the files';
  const skipped = s.skipped ? ` · ${n(s.skipped, 'file')} skipped (/about says why)` : '';
  return `factdesk — ${n(s.documents, 'document')}, ${n(s.passages, 'passage')}, ${from}${skipped}`;
}

/** Answers one line as the console prints it. */
export async function answerLine(app: App, line: string, json: boolean): Promise<string> {
  const answer = await runLine(app.context({ local: true }), line);
  return json ? renderJson(answer) : renderText(answer);
}

export async function runConsole(app: App, opts: ConsoleOptions = {}): Promise<void> {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const interactive = opts.interactive ?? Boolean((input as NodeJS.ReadStream).isTTY);
  const rl = readline.createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
    // Completion may ask the corpus store (a database): readline's callback form.
    completer: interactive
      ? (line: string, done: (err: Error | null, result: [string[], string]) => void) =>
          void complete(app, line).then(
            (r) => done(null, r),
            () => done(null, [[], line]),
          )
      : undefined,
  });
  if (!interactive) {
    if (opts.status) process.stderr.write(`${await statusLine(app)}\n`);
    for await (const line of rl) if (line.trim()) output.write(`${await answerLine(app, line, opts.json ?? false)}\n`);
    return;
  }
  output.write(`${await statusLine(app)}. Type /help, or Ctrl-D to leave.\n`);
  rl.setPrompt('factdesk> ');
  // While the prompt waits for a line, a log line clears it, is written, and the prompt (with
  // what was typed so far) is drawn again below it; while an answer is worked out, it goes straight out.
  let waiting = false;
  routeLogLines((text, write) => {
    if (!waiting) return write(text);
    readline.clearLine(output, 0);
    readline.cursorTo(output, 0);
    write(text);
    rl.prompt(true);
  });
  const prompt = () => {
    waiting = true;
    rl.prompt();
  };
  try {
    prompt();
    for await (const line of rl) {
      waiting = false;
      if (line.trim()) output.write(`${await answerLine(app, line, opts.json ?? false)}\n\n`);
      prompt();
    }
  } finally {
    routeLogLines(undefined);
  }
}

async function complete(app: App, line: string): Promise<[string[], string]> {
  if (!line.includes(' ')) {
    const names = app.commands.map((c) => `/${c.definition.name}`).filter((n) => n.startsWith(line.startsWith('/') ? line : `/${line}`));
    return [names, line];
  }
  const [name, ...rest] = line.split(' ');
  const cmd = app.commands.find((c) => `/${c.definition.name}` === name);
  const opt = cmd?.definition.options?.find((o) => o.autocomplete);
  if (!cmd?.autocomplete || !opt) return [[], line];
  const typed = rest.join(' ');
  const choices = (await cmd.autocomplete(app.context(), opt.name, typed)).map((c) => `${name} ${c.value}`);
  return [choices, line];
}
