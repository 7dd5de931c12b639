/**
 * The compliance console in a real browser against the real server: a DPO sees the dashboard
 * charts, the audit chain status and an individual trail behind a recorded reason, handles a
 * rights request, reads the AI-system register, opens an incident from a concern with its
 * 72-hour clock, and sees retention without being able to purge; a plain user has no console.
 * Screenshots (e2e/artifacts/3x-compliance-*.png) and axe on each screen.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStubUpstream, type StubUpstream } from '../../packages/server/test/support/stub-upstream.ts';
import { launchChromium, screenshot, seriousAxeViolations } from '../support/browser.ts';
import { ADMIN_API_KEY, CLOUD_MODEL, LOCAL_MODEL, startRempart, type RunningRempart } from '../support/rempart.ts';

const USER = { email: 'lea@rempart.test', password: 'lea password 12345', displayName: 'Léa Martin' };
const DPO = { email: 'denise@rempart.test', password: 'denise password 12345', displayName: 'Denise DPO', role: 'dpo' };

let stub: StubUpstream;
let server: RunningRempart;
let browser: Browser;
let page: Page;

async function expectNoSeriousAxeViolations(target: Page, screen: string): Promise<void> {
  const violations = await seriousAxeViolations(target);
  expect(violations, `${screen}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

async function signIn(target: Page, email: string, password: string): Promise<void> {
  await target.goto(server.url);
  await target.getByLabel('Adresse e-mail').fill(email);
  await target.getByLabel('Mot de passe').fill(password);
  await target.getByRole('button', { name: 'Se connecter' }).click();
  await target.getByRole('link', { name: 'Discussions' }).waitFor();
}

/** Gateway traffic through /v1 with the bootstrap admin key: it fills the audit trail. */
async function chat(model: string, content: string): Promise<number> {
  const response = await fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
  });
  await response.text();
  return response.status;
}

beforeAll(async () => {
  stub = await startStubUpstream();
  server = await startRempart({ upstreamUrl: stub.url });
  await server.adminApi('POST', '/api/admin/users', USER);
  await server.adminApi('POST', '/api/admin/users', DPO);
  expect(await chat(LOCAL_MODEL, 'Bonjour, je suis Jean Dupont, mon IBAN est FR76 3000 6000 0112 3456 7890 189.')).toBe(200);
  expect(await chat(CLOUD_MODEL, 'Écris un courriel à marie.curie@example.org pour le comité.')).toBe(200);
  await server.adminApi('POST', '/api/concerns', { description: "La réponse a repris l'IBAN d'un client", category: 'privacy' });
  browser = await launchChromium();
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await stub?.close();
});

describe('compliance console', () => {
  it('has no console for a plain user', async () => {
    await signIn(page, USER.email, USER.password);
    expect(await page.getByRole('link', { name: 'Conformité' }).count()).toBe(0);
    await page.goto(`${server.url}/compliance`);
    await page.getByText('La console est réservée au DPO et aux administrateurs.').waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  });

  it('shows the DPO aggregate dashboards with charts and CSV exports', async () => {
    await signIn(page, DPO.email, DPO.password);
    await page.getByRole('link', { name: 'Conformité' }).click();
    await page.getByRole('heading', { name: 'Console de conformité' }).waitFor();
    await page.getByRole('heading', { name: 'Requêtes par jour' }).waitFor();
    // recharts drew bars for today's requests.
    await expect.poll(() => page.locator('.recharts-bar-rectangle').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const csv = page.getByRole('link', { name: 'Télécharger « Données protégées par type » en CSV' });
    expect(await csv.getAttribute('href')).toMatch(/\/api\/compliance\/dashboard\/entities-by-type\.csv/);
    await screenshot(page, '30-compliance-dashboard');
    await expectNoSeriousAxeViolations(page, 'compliance dashboard');
  });

  it('verifies the audit chain and shows an individual trail only with a reason', async () => {
    await page.getByRole('link', { name: "Journal d'audit" }).click();
    await expect.poll(() => page.getByTestId('chain-status').textContent(), { timeout: 15_000 }).toMatch(/Chaîne intacte/);
    await page.getByRole('cell', { name: CLOUD_MODEL }).first().waitFor();
    await page.getByLabel('Motif').first().fill('Signalement n°3 : vérifier les envois hors UE');
    await page.getByRole('button', { name: 'Afficher la trace' }).click();
    await page.getByText('Trace individuelle affichée ; accès enregistré.').waitFor();
    await page.getByRole('cell', { name: 'admin@rempart.test' }).first().waitFor();
    await page.reload();
    await page.getByText('Signalement n°3 : vérifier les envois hors UE', { exact: false }).waitFor();
    await screenshot(page, '31-compliance-audit');
    await expectNoSeriousAxeViolations(page, 'compliance audit');
  });

  it('registers a rights request and finds the person in every store', async () => {
    await page.getByRole('link', { name: 'Droits des personnes' }).click();
    await page.getByLabel('Droit exercé').selectOption('access');
    await page.getByLabel('E-mail de la personne').fill(USER.email);
    await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
    await page.getByRole('cell', { name: USER.email }).waitFor();
    await page.getByText(/j restants/).waitFor();
    await page.getByRole('button', { name: 'Rechercher les données' }).click();
    await page.getByRole('heading', { name: 'Données trouvées' }).waitFor();
    await page.getByText('Entrées de coffres (déchiffrées)').waitFor();
    await screenshot(page, '32-compliance-rights');
    await expectNoSeriousAxeViolations(page, 'compliance rights');
  });

  it('shows the AI-system register with the transfer warning and the report downloads', async () => {
    await page.getByRole('link', { name: 'Registres et rapports' }).click();
    await page.getByRole('rowheader', { name: new RegExp(CLOUD_MODEL) }).waitFor();
    await page.getByText(/Non-EU provider without a transfer basis/).waitFor();
    expect(await page.getByRole('link', { name: 'PDF' }).first().getAttribute('href')).toBe('/api/compliance/reports/records-of-processing?format=pdf');
    await screenshot(page, '33-compliance-registers');
    await expectNoSeriousAxeViolations(page, 'compliance registers');
  });

  it('opens an incident from a concern with the GDPR 72-hour clock', async () => {
    await page.getByRole('link', { name: 'Incidents' }).click();
    const concern = page.getByLabel('À partir du signalement');
    await expect.poll(() => concern.locator('option').count()).toBe(2);
    await concern.selectOption({ index: 1 });
    await page.getByLabel('Titre').fill('IBAN client divulgué');
    await page.getByLabel('Violation de données personnelles (RGPD art. 33 : 72 h)').check();
    await page.getByRole('button', { name: "Ouvrir l’incident" }).click();
    await page.getByRole('rowheader', { name: /IBAN client divulgué/ }).waitFor();
    await page.getByText(/h restantes/).waitFor();
    await screenshot(page, '34-compliance-incidents');
    await expectNoSeriousAxeViolations(page, 'compliance incidents');
  });

  it('shows retention periods; the DPO cannot purge', async () => {
    await page.getByRole('link', { name: 'Conservation' }).click();
    await page.getByRole('rowheader', { name: 'Contenu des conversations et coffres' }).waitFor();
    await page.getByRole('cell', { name: '30 jours' }).waitFor();
    await page.getByText('Seul un administrateur lance une purge.').waitFor();
    expect(await page.getByRole('button', { name: 'Purger maintenant' }).count()).toBe(0);
    await screenshot(page, '35-compliance-retention');
  });
});
