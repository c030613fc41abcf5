// `--guide FILE` (or `--guide=FILE`) for verify, check, solve and author-test: the module's AsciiDoc to
// verify. It becomes MODULE_GUIDE, the one setting src/config.ts reads, so every layer sees the same text.

export interface GuideArg {
  /** argv without the option. */
  rest: string[];
  error?: string;
}

export function takeGuideArg(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): GuideArg {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    let value: string | undefined;
    if (arg === '--guide') {
      value = argv[++i];
      if (value === undefined || value.startsWith('--'))
        return { rest, error: '--guide needs the path of the module guide (.adoc)' };
    } else if (arg.startsWith('--guide=')) value = arg.slice('--guide='.length);
    else {
      rest.push(arg);
      continue;
    }
    env.MODULE_GUIDE = value;
  }
  return { rest };
}
