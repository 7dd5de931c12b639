/**
 * First start without a bootstrapped administrator: the server prints a one-time setup link;
 * the setup page creates the first administrator, who then signs in and is asked to turn on
 * two-step verification before administration opens. A used link is refused with a way out.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStubUpstream, type StubUpstream } from '../../packages/server/test/support/stub-upstream.ts';
import { launchChromium, screenshot, seriousAxeViolations } from '../support/browser.ts';
import { startRempart, type RunningRempart } from '../support/rempart.ts';

let stub: StubUpstream;
let server: RunningRempart;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  stub = await startStubUpstream();
  server = await startRempart({ upstreamUrl: stub.url, bootstrapAdmin: false });
  browser = await launchChromium();
  page = await (await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 860 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await stub?.close();
});

function setupPathFromLog(): string {
  for (const line of server.logLines) {
    const entry = JSON.parse(line) as { setupPath?: string };
    if (entry.setupPath) return entry.setupPath;
  }
  throw new Error(`no setup link in the server log:\n${server.logLines.join('')}`);
}

describe('first start', () => {
  it('creates the first administrator from the one-time link printed in the log', async () => {
    const setupPath = setupPathFromLog();
    expect(setupPath).toMatch(/^\/setup\?token=/);

    await page.goto(`${server.url}/setup`);
    await page.getByText('Il manque le jeton de configuration').waitFor();

    await page.goto(`${server.url}${setupPath}`);
    await page.getByRole('heading', { name: 'Configuration initiale' }).waitFor();
    await page.getByLabel('Adresse e-mail').fill('first.admin@rempart.test');
    await page.getByLabel('Nom affiché').fill('Première Admin');
    await page.getByLabel('Mot de passe').fill('a long enough passphrase');
    await screenshot(page, '20-first-start-setup');
    const violations = await seriousAxeViolations(page);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
    await page.getByRole('button', { name: 'Créer le compte administrateur' }).click();
    await page.getByText('Compte créé.').waitFor();

    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByLabel('Adresse e-mail').fill('first.admin@rempart.test');
    await page.getByLabel('Mot de passe').fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // Administration stays closed until the second factor is on; the way there is offered.
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByText('Les écrans d’administration demandent la validation en deux étapes.').first().waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Activer la validation en deux étapes' }).waitFor();
  });

  it('refuses a link that was already used, and says what to do', async () => {
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.goto(`${server.url}${setupPathFromLog()}`);
    await page.getByLabel('Adresse e-mail').fill('second.admin@rempart.test');
    await page.getByLabel('Mot de passe').fill('another long passphrase');
    await page.getByRole('button', { name: 'Créer le compte administrateur' }).click();
    const alert = (await page.getByRole('alert').textContent()) ?? '';
    expect(alert).toMatch(/déjà faite|invalide ou expiré/);
  });
});
