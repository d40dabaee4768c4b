/**
 * The console front end: the same commands as in Discord, typed as lines (`/who Asim Munir`).
 * On a terminal it is an interactive prompt; otherwise it answers one line at a time and
 * exits at the end of input. Answers go to stdout, logs to stderr.
 */
import readline from 'node:readline';
import type { App } from '../app.js';
import { runLine } from '../commands/parse.js';
import { renderJson } from '../render/json.js';
import { renderText } from '../render/text.js';

export interface ConsoleOptions {
  json?: boolean;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  interactive?: boolean;
}

/** Answers one line as the console prints it. */
export async function answerLine(app: App, line: string, json: boolean): Promise<string> {
  const answer = await runLine(app.context(), line);
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
    completer: interactive ? (line: string) => complete(app, line) : undefined,
  });
  if (interactive) {
    output.write(`factdesk — ${app.corpus.stats.documents} documents loaded. Type /help, or Ctrl-D to leave.\n`);
    rl.setPrompt('factdesk> ');
    rl.prompt();
  }
  for await (const line of rl) {
    if (line.trim()) {
      const text = await answerLine(app, line, opts.json ?? false);
      output.write(`${text}\n${interactive ? '\n' : ''}`);
    }
    if (interactive) rl.prompt();
  }
}

function complete(app: App, line: string): [string[], string] {
  if (!line.includes(' ')) {
    const names = app.commands.map((c) => `/${c.definition.name}`).filter((n) => n.startsWith(line.startsWith('/') ? line : `/${line}`));
    return [names, line];
  }
  const [name, ...rest] = line.split(' ');
  const cmd = app.commands.find((c) => `/${c.definition.name}` === name);
  const opt = cmd?.definition.options?.find((o) => o.autocomplete);
  if (!cmd?.autocomplete || !opt) return [[], line];
  const typed = rest.join(' ');
  const choices = cmd.autocomplete(app.context(), opt.name, typed).map((c) => `${name} ${c.value}`);
  return [choices, line];
}
