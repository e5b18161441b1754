import type { Session, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebContents, fakes, preventableEvent, resetFakes } from './electron-fakes';

vi.mock('electron', async () => (await import('./electron-fakes')).electronModule);

const { denyAllPermissions, hardenWebContents } = await import('../../main/electron/hardening');

beforeEach(() => resetFakes());

function hardened(allowedOrigins: string[] = ['app://gloss']): FakeWebContents {
  const contents = new FakeWebContents();
  hardenWebContents(contents as unknown as WebContents, allowedOrigins);
  return contents;
}

function navigate(contents: FakeWebContents, url: string): boolean {
  const event = preventableEvent({ url });
  contents.emit('will-navigate', event, url);
  return event.preventDefault.mock.calls.length > 0;
}

describe('will-navigate', () => {
  it('is prevented for any other origin', () => {
    const contents = hardened();
    for (const url of ['https://evil.example/', 'http://localhost:5173/', 'app://evil/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(navigate(contents, url), url).toBe(true);
    }
  });

  it('is allowed within app://gloss', () => {
    const contents = hardened();
    expect(navigate(contents, 'app://gloss/')).toBe(false);
    expect(navigate(contents, 'app://gloss/index.html?article=1')).toBe(false);
  });

  it('allows the dev server only when it is trusted', () => {
    expect(navigate(hardened(['app://gloss', 'http://localhost:5173']), 'http://localhost:5173/')).toBe(false);
    expect(navigate(hardened(['app://gloss']), 'http://localhost:5173/')).toBe(true);
  });
});

describe('window open handler', () => {
  it('always denies and opens only http(s) links externally, by their parsed href', () => {
    const contents = hardened();
    const open = (url: string) => contents.windowOpenHandler?.({ url });

    expect(open('https://example.com/a b')).toEqual({ action: 'deny' });
    expect(open('http://example.org')).toEqual({ action: 'deny' });
    expect(fakes.shell.openExternal.mock.calls).toEqual([['https://example.com/a%20b'], ['http://example.org/']]);

    fakes.shell.openExternal.mockClear();
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'app://gloss/index.html', 'garbage string', '', 'data:text/html,x']) {
      expect(open(url), url).toEqual({ action: 'deny' });
    }
    expect(fakes.shell.openExternal).not.toHaveBeenCalled();
  });

  it('denies even when the system browser cannot be opened', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fakes.shell.openExternal.mockRejectedValueOnce(new Error('no browser'));
    expect(hardened().windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(error).toHaveBeenCalled());
    error.mockRestore();
  });
});

describe('will-attach-webview', () => {
  it('is always prevented', () => {
    const contents = hardened();
    const event = preventableEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('denyAllPermissions', () => {
  it('refuses every permission request and every permission check', () => {
    const session = fakes.session.defaultSession;
    denyAllPermissions(session as unknown as Session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const callback = vi.fn();
      session.requestHandler?.({}, permission, callback, {});
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(session.checkHandler?.({}, permission, 'app://gloss', {}), permission).toBe(false);
    }
  });
});
