import { describe, expect, it } from 'vitest';
import { matchPath } from './router.ts';

describe('matchPath', () => {
  it('captures named segments and decodes them', () => {
    expect(matchPath('/chat/:id', '/chat/4f1c')).toEqual({ id: '4f1c' });
    expect(matchPath('/admin/:section', '/admin/api-keys')).toEqual({ section: 'api-keys' });
    expect(matchPath('/training/:id', '/training/a%20b')).toEqual({ id: 'a b' });
  });

  it('refuses other shapes', () => {
    expect(matchPath('/chat/:id', '/chat')).toBeUndefined();
    expect(matchPath('/chat/:id', '/chat/1/2')).toBeUndefined();
    expect(matchPath('/keys', '/admin')).toBeUndefined();
    expect(matchPath('/keys', '/keys/')).toEqual({});
  });
});
