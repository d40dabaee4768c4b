/** Command-line flags shared by the entry points. */
export interface CliArgs {
  json: boolean;
  data?: string;
  since?: string;
  rest: string[];
  help: boolean;
}

export function parseArgs(argv: string[]): CliArgs {
  const out: CliArgs = { json: false, rest: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (out.rest.length === 0 && a === '--json') out.json = true;
    else if (out.rest.length === 0 && (a === '--data' || a === '--since')) {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      if (a === '--data') out.data = v;
      else out.since = v;
    } else if (out.rest.length === 0 && a.startsWith('--data=')) out.data = a.slice(7);
    else if (out.rest.length === 0 && (a === '--help' || a === '-h')) out.help = true;
    else out.rest.push(a);
  }
  return out;
}
