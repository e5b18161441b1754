import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where Gloss keeps its library. Electron's userData for an app named "Gloss"
 * is computed here without Electron so that web mode and the CLI find the same
 * directory as the desktop app. `--data-dir` beats GLOSS_DATA_DIR beats the default.
 */
export const APP_NAME = 'Gloss';

export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.length > 0 ? env.XDG_CONFIG_HOME : join(home, '.config'), APP_NAME);
}

export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, fallback?: () => string): string {
  if (flag && flag.length > 0) return resolve(flag);
  if (env.GLOSS_DATA_DIR && env.GLOSS_DATA_DIR.length > 0) return resolve(env.GLOSS_DATA_DIR);
  return fallback ? fallback() : defaultDataDir(process.platform, env);
}
