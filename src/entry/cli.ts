// Entry of the `duban` command (bin/duban.js runs it through tsx).
import { runCli } from '../cli/run-cli.js';

const code = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
});
process.exitCode = code;
