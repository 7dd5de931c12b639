/**
 * Documents in a real browser against the real server: a user drops a Markdown file holding an
 * IBAN and picks an unsupported file in the same batch; the refused one says why, the other is
 * processed and listed with IBAN among its sensitive types. The detail page shows what it
 * holds; a question asked with "Use my documents" cites it, and the citation opens the passage;
 * then the document is deleted. Then an administrator edits the quotas (contract C) in the
 * administration, with the validation messages, and blocks IBANs: a question whose passages hold
 * one is refused with "send without my documents" as the way out. Screenshots go to
 * e2e/artifacts/; axe checks each screen.
 */
import type { Browser, BrowserContext, FileChooser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStubUpstream, type StubUpstream } from '../../packages/server/test/support/stub-upstream.ts';
import { launchChromium, screenshot, seriousAxeViolations } from '../support/browser.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startRempart, type RunningRempart } from '../support/rempart.ts';
import { totp } from '../support/totp.ts';

const USER_EMAIL = 'claire@rempart.test';
const USER_PASSWORD = 'claire password 1234';
const GROUP = 'comptabilite';
const IBAN_SPACED = 'FR76 3000 6000 0112 3456 7890 189';
const DOCUMENT_TITLE = 'Coordonnées bancaires du fournisseur Alpha';
const MARKDOWN = [
  `# ${DOCUMENT_TITLE}`,
  '',
  'Le fournisseur Alpha est réglé par virement à trente jours fin de mois.',
  '',
  '## Virement',
  '',
  `Les virements au fournisseur Alpha se font sur l'IBAN ${IBAN_SPACED}, banque Crédit Exemple.`,
  '',
].join('\n');
// PNG magic bytes: neither an Office, PDF nor text format.
const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

let stub: StubUpstream;
let server: RunningRempart;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The administrator's window (second factor verified), opened by the quotas test. */
let adminContext: BrowserContext;
let adminPage: Page;

async function expectNoSeriousAxeViolations(screen: string, on: Page = page): Promise<void> {
  const violations = await seriousAxeViolations(on);
  expect(violations, `${screen}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** Drops files on the zone the way a desktop drag does: a DataTransfer carrying File objects. */
async function dropFiles(target: Page, files: { name: string; type: string; text: string }[]): Promise<void> {
  const dataTransfer = await target.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const file of list) transfer.items.add(new File([file.text], file.name, { type: file.type }));
    return transfer;
  }, files);
  await target.getByTestId('drop-zone').dispatchEvent('dragenter', { dataTransfer });
  await target.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
}

beforeAll(async () => {
  stub = await startStubUpstream();
  server = await startRempart({ upstreamUrl: stub.url });
  await server.adminApi('POST', '/api/admin/users', { email: USER_EMAIL, displayName: 'Claire Petit', password: USER_PASSWORD, groups: [GROUP] });
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await stub?.close();
});

describe('documents: upload, inspect, cite, delete', () => {
  let documentId = '';

  it('signs in and opens Documents from the main navigation', async () => {
    await page.goto(server.url);
    await page.getByLabel('Adresse e-mail').fill(USER_EMAIL);
    await page.getByLabel('Mot de passe').fill(USER_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Documents' }).click();
    await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
    await page.getByText("Aucun document pour l'instant.").waitFor();
    await expectNoSeriousAxeViolations('documents, empty');
  });

  it('uploads several files at once: the unsupported one says why, the Markdown one is processed', async () => {
    // Listening for the file chooser before anything else: Playwright switches its interception on
    // asynchronously, and a key press racing it would open the real dialog instead.
    let chosen: (chooser: FileChooser) => void = () => {};
    const chooserOpened = new Promise<FileChooser>((resolve) => (chosen = resolve));
    page.on('filechooser', chosen);
    await dropFiles(page, [{ name: 'fournisseur-alpha.md', type: 'text/markdown', text: MARKDOWN }]);
    // The picker from the keyboard: the button opens the system file chooser.
    await page.getByRole('button', { name: 'Choisir des fichiers' }).focus();
    await page.keyboard.press('Enter');
    const chooser = await chooserOpened;
    page.off('filechooser', chosen);
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG_BYTES });
    const items = page.getByTestId('upload-item');
    await expect.poll(() => items.count()).toBe(2);
    await page.getByLabel('Titre de « fournisseur-alpha.md »').fill(DOCUMENT_TITLE);
    await page.getByRole('checkbox', { name: GROUP }).check();
    await screenshot(page, '40-documents-upload-chosen');
    await expectNoSeriousAxeViolations('documents, files chosen');

    await page.getByRole('button', { name: /^Envoyer/ }).click();

    const markdownItem = items.filter({ hasText: 'fournisseur-alpha.md' });
    const pngItem = items.filter({ hasText: 'logo.png' });
    await expect.poll(() => pngItem.getAttribute('data-phase'), { timeout: 20_000 }).toBe('failed');
    const refusal = (await pngItem.getByRole('alert').textContent()) ?? '';
    expect(refusal).toContain('Format non pris en charge');
    expect(refusal).toContain('Détail technique'); // the server's own sentence follows
    await expect.poll(() => markdownItem.getAttribute('data-phase'), { timeout: 30_000 }).toBe('ready');
    expect(await markdownItem.locator('.chip[data-type="IBAN"]').textContent()).toContain('IBAN');
    await screenshot(page, '41-documents-upload-done');
    await expectNoSeriousAxeViolations('documents, uploads finished');
  });

  it('lists the document with IBAN among its sensitive types and the group it is shared with', async () => {
    const row = page.getByTestId('document-row').filter({ hasText: DOCUMENT_TITLE });
    await expect.poll(() => row.getByText('Prêt', { exact: true }).count(), { timeout: 20_000 }).toBe(1);
    expect(await row.locator('.chip[data-type="IBAN"]').textContent()).toMatch(/IBAN\s*×1/);
    expect(await row.textContent()).toContain(GROUP);
    expect(await page.getByTestId('document-row').count()).toBe(1); // the refused file was not stored
    documentId = (await row.getAttribute('data-document-id')) ?? '';
    expect(documentId).not.toBe('');
    await screenshot(page, '42-documents-list');
    await expectNoSeriousAxeViolations('documents list');
  });

  it('opens the document: sensitive data by type, no injection flag, passages indexed', async () => {
    await page.getByTestId('document-row').getByRole('link', { name: DOCUMENT_TITLE }).click();
    await page.getByRole('heading', { level: 1, name: DOCUMENT_TITLE }).waitFor();
    const sensitive = page.getByTestId('document-sensitive');
    expect(await sensitive.locator('tr[data-type="IBAN"]').textContent()).toContain('IBAN');
    expect(await page.getByTestId('document-injection').textContent()).toContain('Aucun passage suspect.');
    expect(Number(await page.getByTestId('document-chunk-count').textContent())).toBeGreaterThan(0);
    const download = page.getByRole('link', { name: "Télécharger le fichier d'origine" });
    expect(await download.getAttribute('href')).toBe(`/api/documents/${documentId}/download`);
    await screenshot(page, '43-document-detail');
    await expectNoSeriousAxeViolations('document detail');
  });

  it('answers from the document with "Use my documents" on, and the citation opens the passage', async () => {
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Discussions' }).click();
    const toggle = page.getByRole('switch', { name: 'Utiliser mes documents' });
    await toggle.check();
    const requestsBefore = stub.received.length;
    await page.getByRole('textbox', { name: 'Votre message' }).fill('Sur quel compte payer le fournisseur Alpha ?');
    await page.getByRole('button', { name: 'Envoyer' }).click();

    const answer = page.getByTestId('assistant-message').last();
    const citation = answer.getByTestId('citation-link').first();
    await citation.waitFor({ timeout: 20_000 });
    expect(await citation.textContent()).toContain(DOCUMENT_TITLE);
    await page.getByRole('button', { name: 'Copier la réponse' }).waitFor();
    // The passage reached the provider through the shield: the IBAN as a placeholder only.
    const sent = stub.received.slice(requestsBefore).map((request) => request.body).join('\n');
    expect(sent).toContain('fournisseur Alpha');
    for (const leaked of ['FR76', '3000 6000']) expect(sent).not.toContain(leaked);
    await screenshot(page, '44-chat-with-citations');
    await expectNoSeriousAxeViolations('chat with citations');

    // Stored with the answer: still there when the conversation is opened again.
    const citationCount = await answer.getByTestId('citation-link').count();
    await page.reload();
    await expect.poll(() => page.getByTestId('assistant-message').last().getByTestId('citation-link').count(), { timeout: 10_000 }).toBe(citationCount);
    expect(await page.getByRole('switch', { name: 'Utiliser mes documents' }).isChecked()).toBe(true); // remembered in this browser

    await citation.click();
    await page.getByTestId('passage-title').filter({ hasText: DOCUMENT_TITLE }).waitFor();
    // The passage as stored (values are protected on the way to a model, not in the document).
    expect(await page.getByTestId('passage-text').textContent()).toContain('fournisseur Alpha');
    expect(await page.getByTestId('passage-page').textContent()).toMatch(/Page \d+|Sans numéro de page/);
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/documents/${documentId}/passages/[0-9a-f-]+$`));
    await screenshot(page, '45-cited-passage');
    await expectNoSeriousAxeViolations('cited passage');
    await page.getByRole('link', { name: 'Voir le document' }).click();
    await page.getByRole('heading', { level: 1, name: DOCUMENT_TITLE }).waitFor();
  });

  it('deletes the document after confirmation', async () => {
    await page.getByRole('button', { name: 'Supprimer le document' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain(DOCUMENT_TITLE);
    await screenshot(page, '46-document-delete-confirm');
    await dialog.getByRole('button', { name: 'Supprimer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Documents' }).waitFor();
    await page.getByText(`Document « ${DOCUMENT_TITLE} » supprimé.`).waitFor();
    await page.getByText("Aucun document pour l'instant.").waitFor();
    const response = await page.request.get(`${server.url}/api/documents/${documentId}`);
    expect(response.status()).toBe(404);
  });
});

describe('administration: quotas are editable', () => {
  it('refuses an invalid limit next to its field, then saves and applies the others', async () => {
    adminContext = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    adminPage = await adminContext.newPage();
    await adminPage.goto(server.url);
    await adminPage.getByLabel('Adresse e-mail').fill(ADMIN_EMAIL);
    await adminPage.getByLabel('Mot de passe').fill(ADMIN_PASSWORD);
    await adminPage.getByRole('button', { name: 'Se connecter' }).click();
    // Administration needs a second factor: enrol it as an administrator would.
    await adminPage.getByRole('link', { name: 'Activer la validation en deux étapes' }).click();
    await adminPage.getByRole('button', { name: 'Générer ma clé' }).click();
    const secret = (await adminPage.getByTestId('mfa-secret').textContent()) ?? '';
    await adminPage.getByLabel('Code à 6 chiffres').fill(totp(secret));
    await adminPage.getByRole('button', { name: 'Valider' }).click();
    await adminPage.getByText('Validation en deux étapes activée.').waitFor();

    await adminPage.getByRole('link', { name: 'Administration' }).click();
    await adminPage.getByRole('navigation', { name: 'Sections d’administration' }).getByRole('link', { name: 'Quotas' }).click();
    const perUserRequests = adminPage.getByLabel('Requêtes par minute, par utilisateur');
    await perUserRequests.waitFor();
    expect(await adminPage.getByTestId('quotas-source').textContent()).toContain('configuration');

    await perUserRequests.fill('0');
    await adminPage.getByLabel('Jetons par jour, par clé').fill('50 000');
    await adminPage.getByRole('button', { name: 'Enregistrer' }).click();
    await adminPage.getByText('Corrigez les champs signalés.').waitFor();
    expect(await perUserRequests.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => adminPage.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('quota-requestsPerMinute.perUser');
    const errorId = (await perUserRequests.getAttribute('aria-describedby')) ?? '';
    expect(await adminPage.locator(`[id="${errorId}"]`).textContent()).toContain('nombre entier supérieur ou égal à 1');
    await screenshot(adminPage, '47-admin-quotas-invalid');
    await expectNoSeriousAxeViolations('admin quotas, invalid', adminPage);

    await perUserRequests.fill('120');
    await adminPage.getByLabel('Requêtes par minute, par clé').fill('');
    await adminPage.getByRole('button', { name: 'Enregistrer' }).click();
    await adminPage.getByText('Quotas enregistrés').waitFor();
    expect(await adminPage.getByTestId('quotas-source').textContent()).toContain("modifiés dans l'administration");
    const stored = await server.adminApi<{ requestsPerMinute: unknown; tokensPerDay: unknown; source: string }>('GET', '/api/admin/quotas');
    expect(stored.source).toBe('database');
    expect(stored.requestsPerMinute).toEqual({ perUser: 120, perKey: null });
    expect(stored.tokensPerDay).toMatchObject({ perKey: 50000 });
    await screenshot(adminPage, '48-admin-quotas-saved');
    await expectNoSeriousAxeViolations('admin quotas, saved', adminPage);
  });
});

describe('documents and the policy: passages holding blocked data', () => {
  it('explains that the passages were the cause and sends again without the documents on request', async () => {
    // The administrator (signed in above, second factor verified) blocks IBANs everywhere.
    await adminPage.getByRole('navigation', { name: 'Sections d’administration' }).getByRole('link', { name: 'Politique de protection' }).click();
    const ibanEverywhere = adminPage.getByTestId('policy-IBAN-rules');
    await ibanEverywhere.waitFor();
    await ibanEverywhere.selectOption('block');
    await adminPage.getByRole('button', { name: 'Enregistrer' }).click();
    await adminPage.getByText('Politique enregistrée et appliquée immédiatement.').waitFor();

    // The user adds the document again and asks with "Use my documents" still on.
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Documents' }).click();
    await dropFiles(page, [{ name: 'fournisseur-alpha.md', type: 'text/markdown', text: MARKDOWN }]);
    await page.getByRole('button', { name: /^Envoyer/ }).click();
    await expect.poll(() => page.getByTestId('upload-item').getAttribute('data-phase'), { timeout: 30_000 }).toBe('ready');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Discussions' }).click();
    await page.getByRole('button', { name: 'Nouvelle conversation' }).click();
    expect(await page.getByRole('switch', { name: 'Utiliser mes documents' }).isChecked()).toBe(true);
    const question = 'Sur quel compte payer le fournisseur Alpha ?';
    const requestsBefore = stub.received.length;
    await page.getByRole('textbox', { name: 'Votre message' }).fill(question);
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();

    const notice = page.getByTestId('blocked-notice');
    await notice.waitFor({ timeout: 20_000 });
    const explanation = (await notice.textContent()) ?? '';
    expect(explanation).toContain('Avec les extraits de vos documents');
    expect(explanation).toContain('IBAN');
    expect(explanation).toContain('Reposez la question sans vos documents.');
    expect(explanation).not.toContain('Retirez ces éléments'); // the message itself holds no IBAN
    expect(stub.received.length).toBe(requestsBefore);
    await screenshot(page, '49-chat-blocked-by-passages');
    await expectNoSeriousAxeViolations('chat blocked by passages');

    await notice.getByRole('button', { name: 'Envoyer sans mes documents' }).click();
    await page.getByRole('button', { name: 'Copier la réponse' }).waitFor({ timeout: 20_000 });
    expect(await page.getByRole('switch', { name: 'Utiliser mes documents' }).isChecked()).toBe(false);
    expect(await page.getByTestId('assistant-message').last().getByTestId('citation-link').count()).toBe(0);
    expect(stub.allReceivedText()).not.toContain('FR76');
  });
});
