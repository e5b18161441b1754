/**
 * The `--data-dir DIR` (or `--data-dir=DIR`) flag from a command line, if any.
 * Electron's argv also carries Chromium switches, so unknown flags are ignored
 * rather than rejected.
 */
export function dataDirFlag(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--data-dir') {
      const value = argv[index + 1];
      return value && !value.startsWith('--') ? value : undefined;
    }
    if (arg?.startsWith('--data-dir=')) {
      const value = arg.slice('--data-dir='.length);
      return value.length > 0 ? value : undefined;
    }
  }
  return undefined;
}
