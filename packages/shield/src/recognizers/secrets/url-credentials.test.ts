import { describe, expect, it } from 'vitest';
import { ALNUM, findSecrets, randomString as r } from './test-helpers.ts';

describe('URL_CREDENTIALS', () => {
  it('finds a URL with user:password and reports the whole URL', () => {
    const url = 'postgres://app:Sup3r-Secr3t@db.internal:5432/crm';
    const text = `DATABASE_URL=${url} (prod)`;
    const found = findSecrets(text).filter((e) => e.type === 'URL_CREDENTIALS');
    expect(found).toHaveLength(1);
    expect(found[0]!.text).toBe(url);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe(url);
  });

  it('finds a URL carrying a token parameter', () => {
    const token = r(ALNUM, 32, 8);
    const url = `https://api.example.org/v1/export?format=csv&access_token=${token}`;
    expect(findSecrets(`Téléchargez ${url}.`).map((e) => e.text)).toContain(url);
  });

  it.each([
    ['https://user:password@example.org/'],
    ['mysql://root:${DB_PASSWORD}@localhost/app'],
    ['https://qyapi.weixin.qq.com/cgi-bin/department/create?access_token=ACCESS_TOKEN'],
    ['https://example.org/search?q=gAAAAABdHkoqb9ZaJ3q4dlzEvTgG9WYwKcD9Aw7OUXeFicO'],
    ['https://example.org/path?page=2&sort=name'],
  ])('ignores %s', (text) => {
    expect(findSecrets(text).filter((e) => e.type === 'URL_CREDENTIALS')).toEqual([]);
  });
});
