/**
 * The workspace's main flow in a real browser against the real server: sign in, accept the
 * charter, see the live protection preview, send, receive the streamed answer with the
 * values restored — while the provider only ever saw placeholders. Then an administrator
 * blocks IBANs and the same message is refused with an explanation. Screenshots of each
 * screen go to e2e/artifacts/; axe checks each screen for serious/critical violations.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStubUpstream, type StubUpstream } from '../../packages/server/test/support/stub-upstream.ts';
import { launchChromium, screenshot, seriousAxeViolations } from '../support/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, CLOUD_MODEL, startRempart, type RunningRempart } from '../support/rempart.ts';
import { totp } from '../support/totp.ts';

const USER_EMAIL = 'alice@rempart.test';
const USER_PASSWORD = 'alice password 1234';
const IBAN_SPACED = 'FR76 3000 6000 0112 3456 7890 189';
const PERSON_NAME = 'Jean Dupont';
const MESSAGE = `Bonjour, peux-tu préparer un courrier pour ${PERSON_NAME} ? Son IBAN est ${IBAN_SPACED}.`;
const CHARTER = [
  '# Charte d’utilisation de l’assistant IA',
  '',
  '## Usages autorisés',
  '- Rédiger, résumer, traduire des documents de travail.',
  '',
  '## Usages interdits',
  '- Décisions individuelles automatisées sur des personnes.',
  '- Données de santé vers un modèle hors UE.',
].join('\n');

let stub: StubUpstream;
let server: RunningRempart;
let browser: Browser;
let userContext: BrowserContext;
let userPage: Page;

async function expectNoSeriousAxeViolations(page: Page, screen: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  expect(violations, `${screen}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(server.url);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

async function acceptCharter(page: Page): Promise<void> {
  await page.getByRole('heading', { name: "Charte d'utilisation de l'IA" }).waitFor();
  await page.getByLabel("J'ai lu la charte et je m'engage à la respecter").check();
  await page.getByRole('button', { name: 'Accepter et continuer' }).click();
  await page.getByRole('textbox', { name: 'Votre message' }).waitFor();
}

beforeAll(async () => {
  stub = await startStubUpstream();
  server = await startRempart({ upstreamUrl: stub.url });
  await server.adminApi('POST', '/api/admin/users', { email: USER_EMAIL, displayName: 'Alice Martin', password: USER_PASSWORD });
  await server.adminApi('POST', '/api/admin/charter', { contentMarkdown: CHARTER });
  browser = await launchChromium();
  userContext = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 860 } });
  userPage = await userContext.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await stub?.close();
});

describe('workspace: a user chats through the shield', () => {
  it('signs in and accepts the charter before the first use', async () => {
    await userPage.goto(server.url);
    await userPage.getByRole('heading', { name: 'Connexion' }).waitFor();
    await screenshot(userPage, '01-login');
    await expectNoSeriousAxeViolations(userPage, 'login');

    await signIn(userPage, USER_EMAIL, 'wrong password!!');
    await expect.poll(() => userPage.getByRole('alert').textContent()).toContain('Adresse e-mail ou mot de passe incorrect');

    await signIn(userPage, USER_EMAIL, USER_PASSWORD);
    await userPage.getByRole('heading', { name: "Charte d'utilisation de l'IA" }).waitFor();
    expect(await userPage.getByRole('region', { name: "Charte d'utilisation de l'IA" }).textContent()).toContain('Usages interdits');
    await screenshot(userPage, '02-charter');
    await expectNoSeriousAxeViolations(userPage, 'charter');
    await acceptCharter(userPage);
  });

  it('highlights what will be protected while typing and shows what the provider will see', async () => {
    await expect.poll(() => userPage.getByTestId('ai-disclosure').textContent()).toContain('Vous échangez avec une intelligence artificielle');
    await userPage.getByRole('textbox', { name: 'Votre message' }).fill(MESSAGE);

    const highlight = userPage.getByTestId('preview-highlight');
    await highlight.locator('mark[data-type="IBAN"]').waitFor();
    expect(await highlight.locator('mark[data-type="IBAN"]').textContent()).toBe(IBAN_SPACED);
    expect(await highlight.locator('mark[data-type="PERSON"]').textContent()).toBe(PERSON_NAME);
    const summary = await userPage.locator('.preview-summary').textContent();
    expect(summary).toContain('IBAN');
    expect(summary).toContain('Nom de personne');

    await userPage.getByRole('button', { name: 'Voir ce que le fournisseur recevra' }).click();
    const outbound = await userPage.getByTestId('outbound-text').textContent();
    expect(outbound).toContain('<IBAN_1>');
    expect(outbound).toContain('<PERSONNE_1>');
    expect(outbound).not.toContain('3000 6000');
    expect(outbound).not.toContain('Dupont');
    await screenshot(userPage, '03-chat-live-preview');
    await expectNoSeriousAxeViolations(userPage, 'chat with live preview');
  });

  it('streams the answer with the values restored while the provider received placeholders only', async () => {
    const requestsBefore = stub.received.length;
    await userPage.getByRole('button', { name: 'Envoyer' }).click();

    const answer = userPage.getByTestId('answer-content').last();
    await expect.poll(() => answer.textContent(), { timeout: 20_000 }).toContain(IBAN_SPACED);
    expect(await answer.textContent()).toContain(PERSON_NAME);
    // Finished: the answer's actions appear once the stream is done.
    await userPage.getByRole('button', { name: 'Copier la réponse' }).waitFor();
    expect(await userPage.getByTestId('assistant-message').last().textContent()).toContain('Généré par IA');

    // The chips under the sent message: categories and counts, never values.
    const chips = userPage.locator('.message-user').last().locator('.chip');
    await expect.poll(() => chips.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('IBAN'), expect.stringContaining('Nom de personne')]));

    const sentToProvider = stub.received.slice(requestsBefore);
    expect(sentToProvider.length).toBeGreaterThan(0);
    const everythingReceived = stub.allReceivedText();
    expect(everythingReceived).toContain('<IBAN_1>');
    expect(everythingReceived).toContain('<PERSONNE_1>');
    for (const leaked of ['FR76', '3000 6000', '30006000', 'Dupont']) expect(everythingReceived).not.toContain(leaked);

    // The conversation's title never carries a detected value.
    const conversationTitle = await userPage.getByRole('heading', { level: 1 }).textContent();
    expect(conversationTitle).not.toContain('Dupont');

    await screenshot(userPage, '04-chat-answer');
    await expectNoSeriousAxeViolations(userPage, 'chat with answer');
  });

  it('takes feedback on an answer', async () => {
    await userPage.getByRole('button', { name: 'Utile', exact: true }).click();
    await userPage.getByLabel('Commentaire (facultatif)').fill('Courrier clair.');
    await userPage.getByRole('button', { name: 'Envoyer l’avis' }).click();
    await expect.poll(() => userPage.locator('.feedback [role="status"]').textContent()).toContain('Merci, votre avis est enregistré');
  });
});

describe('workspace: an administrator blocks IBANs', () => {
  let adminContext: BrowserContext;
  let adminPage: Page;
  let secret = '';

  afterAll(async () => {
    await adminContext?.close();
  });

  it('enrols two-step verification, then sets IBAN to "block" in the policy', async () => {
    adminContext = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    adminPage = await adminContext.newPage();
    await signIn(adminPage, ADMIN_EMAIL, ADMIN_PASSWORD);
    await acceptCharter(adminPage);

    await adminPage.getByRole('link', { name: 'Activer la validation en deux étapes' }).click();
    await adminPage.getByRole('button', { name: 'Générer ma clé' }).click();
    secret = (await adminPage.getByTestId('mfa-secret').textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(10);
    await screenshot(adminPage, '05-mfa-enrolment');
    await adminPage.getByLabel('Code à 6 chiffres').fill(totp(secret));
    await adminPage.getByRole('button', { name: 'Valider' }).click();
    await adminPage.getByText('Validation en deux étapes activée.').waitFor();

    await adminPage.getByRole('link', { name: 'Administration' }).click();
    await adminPage.getByRole('link', { name: 'Politique de protection' }).click();
    const ibanEverywhere = adminPage.getByTestId('policy-IBAN-rules');
    await ibanEverywhere.waitFor();
    await ibanEverywhere.selectOption('block');
    await adminPage.getByRole('button', { name: 'Enregistrer' }).click();
    await adminPage.getByText('Politique enregistrée et appliquée immédiatement.').waitFor();
    await screenshot(adminPage, '06-admin-policy');
    await expectNoSeriousAxeViolations(adminPage, 'admin policy');

    // Next sign-in: the password is not enough any more, the code is asked for.
    await adminPage.getByRole('button', { name: 'Se déconnecter' }).click();
    await signIn(adminPage, ADMIN_EMAIL, ADMIN_PASSWORD);
    await adminPage.getByRole('heading', { name: 'Validation en deux étapes' }).waitFor();
    await screenshot(adminPage, '08-mfa-code');
    await expectNoSeriousAxeViolations(adminPage, 'MFA code');
    await adminPage.getByLabel('Code à 6 chiffres').fill('000000');
    await adminPage.getByRole('button', { name: 'Valider' }).click();
    await expect.poll(() => adminPage.getByRole('alert').textContent()).toContain('Code incorrect ou expiré');
    // A code is accepted once: use the next time step's code (the server allows ±1 step).
    await adminPage.getByLabel('Code à 6 chiffres').fill(totp(secret, Date.now() + 30_000));
    await adminPage.getByRole('button', { name: 'Valider' }).click();
    await adminPage.getByRole('link', { name: 'Administration' }).waitFor();
  });

  it('refuses the same message with an explanation and a way forward; nothing reaches the provider', async () => {
    const requestsBefore = stub.received.length;
    await userPage.getByRole('button', { name: 'Nouvelle conversation' }).click();
    await userPage.getByRole('textbox', { name: 'Votre message' }).fill(MESSAGE);
    await userPage.getByRole('button', { name: 'Envoyer' }).click();

    const notice = userPage.getByTestId('blocked-notice');
    await notice.waitFor();
    const explanation = (await notice.textContent()) ?? '';
    expect(explanation).toContain('Message non envoyé');
    expect(explanation).toContain('IBAN');
    expect(explanation).toContain('Que faire ?');
    expect(explanation).toContain('Retirez ces éléments');
    // The text stays in the composer so it can be edited.
    expect(await userPage.getByRole('textbox', { name: 'Votre message' }).inputValue()).toBe(MESSAGE);
    expect(stub.received.length).toBe(requestsBefore);
    expect(await userPage.locator('#model-select').inputValue()).toBe(CLOUD_MODEL);

    await screenshot(userPage, '07-chat-blocked');
    await expectNoSeriousAxeViolations(userPage, 'chat blocked');
  });

  it('adds a provider and a model in the administration; people can choose it at once and it answers', async () => {
    const providerKey = 'sk-e2e-entered-in-the-form';
    await adminPage.getByRole('link', { name: 'Administration' }).click();
    await adminPage.getByRole('link', { name: 'Fournisseurs et modèles' }).click();
    const providerForm = adminPage.getByRole('form', { name: 'Ajouter un fournisseur' });
    await providerForm.getByLabel('Nom', { exact: true }).fill('mistral-admin');
    await providerForm.getByLabel('Localisation').selectOption('eu');
    await providerForm.getByLabel('Adresse').fill(`${stub.url}/admin/v1`);
    await providerForm.getByLabel("Clé d'API").fill(providerKey);
    await providerForm.getByRole('button', { name: 'Ajouter un fournisseur' }).click();
    await adminPage.getByRole('cell', { name: 'mistral-admin', exact: true }).waitFor();
    expect(await adminPage.content()).not.toContain(providerKey); // write-only

    await adminPage.getByRole('button', { name: 'Tester la connexion à mistral-admin' }).click();
    await adminPage.getByText('mistral-admin : connexion réussie').waitFor();

    const modelForm = adminPage.getByRole('form', { name: 'Ajouter un modèle' });
    await modelForm.getByLabel('Nom présenté aux utilisateurs').fill('mistral-small-eu');
    await modelForm.getByLabel('Fournisseur', { exact: true }).selectOption('mistral-admin');
    await modelForm.getByLabel('Nom chez le fournisseur').fill('mistral-small-2503');
    await modelForm.getByRole('button', { name: 'Ajouter un modèle' }).click();
    await adminPage.getByRole('cell', { name: 'mistral-small-eu', exact: true }).waitFor();
    await screenshot(adminPage, '09-admin-providers');
    await expectNoSeriousAxeViolations(adminPage, 'admin providers and models');

    const requestsBefore = stub.received.length;
    await userPage.reload();
    await userPage.getByRole('button', { name: 'Nouvelle conversation' }).click();
    await userPage.locator('#model-select').selectOption('mistral-small-eu');
    await userPage.getByRole('textbox', { name: 'Votre message' }).fill('Bonjour, résume la note de service en trois points.');
    await userPage.getByRole('button', { name: 'Envoyer' }).click();
    await userPage.getByRole('button', { name: 'Copier la réponse' }).waitFor({ timeout: 20_000 });
    const sent = stub.received.slice(requestsBefore).filter((request) => request.path === '/admin/v1/chat/completions');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.authorization).toBe(`Bearer ${providerKey}`);
    expect((sent[0]!.json as { model: string }).model).toBe('mistral-small-2503');
  });

  it('asks everyone to accept the charter again when a new version is published', async () => {
    await server.adminApi('POST', '/api/admin/charter', { contentMarkdown: `${CHARTER}\n- Pas de secrets d’entreprise.` });
    await userPage.reload();
    await userPage.getByText('La charte a changé depuis votre dernière acceptation (version 2)').waitFor();
    await acceptCharter(userPage);
  });
});
