import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { OAuthEvents, type OAuthEvent } from './oauth-events.js';

const ids = { provider: 'google', individualId: 'ind-1', providerAccountId: 'sub-1' };

describe('OAuthEvents', () => {
  it('delivers every event on events$ and only the subscribed type through on(), stamped and frozen', () => {
    const events = new OAuthEvents();
    const all: OAuthEvent[] = [];
    const links: string[] = [];
    events.events$.subscribe((event) => all.push(event));
    events.on('link', (event) => links.push(event.providerAccountId));
    events.emit({ type: 'signin', ...ids });
    events.emit({ type: 'link', ...ids, providerAccountId: 'sub-2' });
    events.emit({ type: 'refresh_failed', ...ids, kind: 'reauthentication_required', code: 'refresh_failed' });
    expect(all.map((event) => event.type)).toEqual(['signin', 'link', 'refresh_failed']);
    expect(links).toEqual(['sub-2']);
    expect(all[2]).toMatchObject({ kind: 'reauthentication_required', code: 'refresh_failed', provider: 'google' });
    expect(all[0]?.at).toBeInstanceOf(Date);
    expect(Object.isFrozen(all[0])).toBe(true);
  });

  it('a subscriber that throws (or rejects) is logged by name and does not stop the others or the emitter', async () => {
    const events = new OAuthEvents();
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const seen: string[] = [];
    events.on('signin', () => {
      throw new TypeError('subscriber bug with a secret-ish message');
    });
    events.on('signin', () => Promise.reject(new RangeError('async bug')));
    events.on('signin', (event) => seen.push(event.individualId));
    expect(() => events.emit({ type: 'signin', ...ids })).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['ind-1']);
    const lines = logged.mock.calls.map((call) => String(call[0]));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('TypeError');
    expect(lines[1]).toContain('RangeError');
    expect(lines.join(' ')).not.toContain('secret-ish');
    logged.mockRestore();
  });

  it('an unsubscribed handler gets nothing more, and the stream completes on module destroy', () => {
    const events = new OAuthEvents();
    const seen: string[] = [];
    let completed = false;
    const subscription = events.on('unlink', (event) => seen.push(event.type));
    events.events$.subscribe({ complete: () => (completed = true) });
    events.emit({ type: 'unlink', ...ids });
    subscription.unsubscribe();
    events.emit({ type: 'unlink', ...ids });
    events.onModuleDestroy();
    expect(seen).toEqual(['unlink']);
    expect(completed).toBe(true);
  });
});

describe('OAuthEvents logging', () => {
  it('logs one structured line per event with ids only; refresh failures as warnings', () => {
    const lines: { level: string; text: string }[] = [];
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void lines.push({ level: 'log', text: String(message) }));
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void lines.push({ level: 'warn', text: String(message) }));
    try {
      const events = new OAuthEvents();
      events.emit({ type: 'signin', provider: 'op', individualId: 'ind-1', providerAccountId: 'subject-secretish' });
      events.emit({ type: 'refresh_failed', provider: 'op', individualId: 'ind-1', providerAccountId: 'subject-secretish', kind: 'provider_unavailable', code: 'refresh_failed' });
      expect(lines.map((line) => [line.level, JSON.parse(line.text) as unknown])).toEqual([
        ['log', { event: 'oauth.signin', provider: 'op', individualId: 'ind-1' }],
        ['warn', { event: 'oauth.refresh_failed', provider: 'op', individualId: 'ind-1', kind: 'provider_unavailable', code: 'refresh_failed' }],
      ]);
      expect(lines.some((line) => line.text.includes('subject-secretish'))).toBe(false);
    } finally {
      log.mockRestore();
      warn.mockRestore();
    }
  });
});
