import { describe, expect, it } from 'vitest';
import { dataDirFlag } from '../../main/electron/launch-options';
import {
  APP_ORIGIN,
  devServerUrl,
  externalLinkToOpen,
  isAllowedNavigation,
  originOf,
  trustedOrigins,
} from '../../main/electron/navigation';

const APP_ONLY = [APP_ORIGIN];

describe('originOf', () => {
  it('gives app://gloss for the app, although Node calls its origin "null"', () => {
    expect(new URL('app://gloss/index.html').origin).toBe('null');
    expect(originOf('app://gloss/index.html')).toBe('app://gloss');
  });

  it('has no origin for opaque or malformed URLs, so "null" never matches anything', () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,hi', 'about:blank', 'not a url', '', 'null']) {
      expect(originOf(url), url).toBeNull();
    }
    expect(originOf(undefined)).toBeNull();
  });
});

describe('isAllowedNavigation', () => {
  it('allows pages of the app origin', () => {
    expect(isAllowedNavigation('app://gloss/', APP_ONLY)).toBe(true);
    expect(isAllowedNavigation('app://gloss/index.html?x=1#y', APP_ONLY)).toBe(true);
  });

  it('refuses every other origin, look-alikes included', () => {
    for (const url of [
      'https://evil.example/',
      'http://localhost:5173/',
      'app://evil/',
      'app://gloss.evil/',
      'app://gloss:8080/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'garbage',
    ]) {
      expect(isAllowedNavigation(url, APP_ONLY), url).toBe(false);
    }
  });

  it('allows the dev server only when it is among the allowed origins', () => {
    const dev = trustedOrigins('http://localhost:5173/');
    expect(dev).toEqual(['app://gloss', 'http://localhost:5173']);
    expect(isAllowedNavigation('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', dev)).toBe(false);
  });
});

describe('devServerUrl / trustedOrigins', () => {
  it('accepts only an http(s) dev server URL', () => {
    expect(devServerUrl('http://localhost:5173')).toBe('http://localhost:5173');
    expect(devServerUrl(undefined)).toBeUndefined();
    expect(devServerUrl('')).toBeUndefined();
    expect(devServerUrl('file:///tmp/index.html')).toBeUndefined();
    expect(devServerUrl('app://evil/')).toBeUndefined();
    expect(trustedOrigins('app://evil/')).toEqual(['app://gloss']);
    expect(trustedOrigins(undefined)).toEqual(['app://gloss']);
  });
});

describe('externalLinkToOpen', () => {
  it('returns the parsed href of http(s) links', () => {
    expect(externalLinkToOpen('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(externalLinkToOpen('http://example.com')).toBe('http://example.com/');
    expect(externalLinkToOpen('HTTPS://Example.COM/x')).toBe('https://example.com/x');
  });

  it('returns null for everything that must not leave the app', () => {
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'app://gloss/index.html',
      'data:text/html,<script>1</script>',
      'smb://host/share',
      'not a url',
      '',
      '//example.com/no-scheme',
    ]) {
      expect(externalLinkToOpen(url), url).toBeNull();
    }
    expect(externalLinkToOpen(undefined)).toBeNull();
    expect(externalLinkToOpen(42)).toBeNull();
  });
});

describe('dataDirFlag', () => {
  it('reads --data-dir DIR and --data-dir=DIR among Chromium switches', () => {
    expect(dataDirFlag(['/usr/bin/gloss', '--no-sandbox', '--data-dir', '/tmp/lib'])).toBe('/tmp/lib');
    expect(dataDirFlag(['/usr/bin/electron', '.', '--data-dir=/tmp/other'])).toBe('/tmp/other');
  });

  it('is undefined when the flag is absent or has no value', () => {
    expect(dataDirFlag(['/usr/bin/gloss'])).toBeUndefined();
    expect(dataDirFlag(['/usr/bin/gloss', '--data-dir'])).toBeUndefined();
    expect(dataDirFlag(['/usr/bin/gloss', '--data-dir', '--no-sandbox'])).toBeUndefined();
    expect(dataDirFlag(['/usr/bin/gloss', '--data-dir='])).toBeUndefined();
  });
});
