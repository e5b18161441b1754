import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_NAME, defaultDataDir, resolveDataDir } from '../../main/data-dir';

describe('defaultDataDir: the same folder as Electron\'s userData for "Gloss"', () => {
  it('is the app name', () => {
    expect(APP_NAME).toBe('Gloss');
  });

  it('uses ~/.config/Gloss on Linux when XDG_CONFIG_HOME is not set', () => {
    expect(defaultDataDir('linux', {}, '/home/ada')).toBe('/home/ada/.config/Gloss');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '' }, '/home/ada')).toBe('/home/ada/.config/Gloss');
  });

  it('follows XDG_CONFIG_HOME on Linux', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/srv/config' }, '/home/ada')).toBe('/srv/config/Gloss');
    expect(defaultDataDir('freebsd', { XDG_CONFIG_HOME: '/srv/config' }, '/home/ada')).toBe('/srv/config/Gloss');
  });

  it('uses ~/Library/Application Support/Gloss on macOS, whatever XDG says', () => {
    expect(defaultDataDir('darwin', { XDG_CONFIG_HOME: '/srv/config' }, '/Users/ada')).toBe(
      '/Users/ada/Library/Application Support/Gloss',
    );
  });

  it('uses %APPDATA%\\Gloss on Windows, or AppData\\Roaming under the home folder', () => {
    const appData = 'C:\\Users\\ada\\AppData\\Roaming';
    expect(defaultDataDir('win32', { APPDATA: appData }, 'C:\\Users\\ada')).toBe(join(appData, 'Gloss'));
    expect(defaultDataDir('win32', {}, '/home/ada')).toBe(join('/home/ada', 'AppData', 'Roaming', 'Gloss'));
  });
});

describe('resolveDataDir', () => {
  const fallback = (): string => '/default/Gloss';

  it('prefers the --data-dir flag over GLOSS_DATA_DIR and the default', () => {
    expect(resolveDataDir('/from/flag', { GLOSS_DATA_DIR: '/from/env' }, fallback)).toBe('/from/flag');
  });

  it('uses GLOSS_DATA_DIR when there is no flag', () => {
    expect(resolveDataDir(undefined, { GLOSS_DATA_DIR: '/from/env' }, fallback)).toBe('/from/env');
    expect(resolveDataDir('', { GLOSS_DATA_DIR: '/from/env' }, fallback)).toBe('/from/env');
  });

  it('falls back to the default when neither is given', () => {
    expect(resolveDataDir(undefined, {}, fallback)).toBe('/default/Gloss');
    expect(resolveDataDir(undefined, { GLOSS_DATA_DIR: '' }, fallback)).toBe('/default/Gloss');
  });

  it('computes the platform default from the given environment when no fallback is passed', () => {
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/srv/config', APPDATA: '/srv/appdata' })).toBe(
      defaultDataDir(process.platform, { XDG_CONFIG_HOME: '/srv/config', APPDATA: '/srv/appdata' }),
    );
  });

  it('makes relative paths absolute, against the current directory', () => {
    expect(resolveDataDir('library', {}, fallback)).toBe(resolve(process.cwd(), 'library'));
    expect(resolveDataDir(undefined, { GLOSS_DATA_DIR: './env-library' }, fallback)).toBe(resolve(process.cwd(), 'env-library'));
  });
});
