/**
 * The other screens, in a real browser against the real server: language switch, stopping and
 * regenerating an answer, Markdown with code blocks (and no HTML injection), conversation
 * management, reporting a concern and the DPO inbox, API keys, training with its quiz, the
 * read-only administration seen by the DPO. Screenshots and axe on each screen.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStubUpstream, type StubUpstream } from '../../packages/server/test/support/stub-upstream.ts';
import { launchChromium, screenshot, seriousAxeViolations } from '../support/browser.ts';
import { LOCAL_MODEL, startRempart, type RunningRempart } from '../support/rempart.ts';

const USER = { email: 'bob@rempart.test', password: 'bob password 12345', displayName: 'Bob Leroy' };
const DPO = { email: 'dora@rempart.test', password: 'dora password 12345', displayName: 'Dora DPO', role: 'dpo' };

let stub: StubUpstream;
let server: RunningRempart;
let browser: Browser;
let userContext: BrowserContext;
let page: Page;

/** One OpenAI stream chunk carrying `content`. */
function chunk(content: string): string {
  return `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'stub', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
}
function finished(): string[] {
  return [
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'stub', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
    'data: [DONE]\n\n',
  ];
}

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

async function send(target: Page, text: string): Promise<void> {
  await target.getByRole('textbox', { name: 'Votre message' }).fill(text);
  await target.getByRole('button', { name: 'Envoyer' }).click();
}

beforeAll(async () => {
  stub = await startStubUpstream();
  server = await startRempart({ upstreamUrl: stub.url });
  await server.adminApi('POST', '/api/admin/users', USER);
  await server.adminApi('POST', '/api/admin/users', DPO);
  browser = await launchChromium();
  userContext = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 860 } });
  page = await userContext.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await stub?.close();
});

describe('workspace screens', () => {
  it('switches the interface to English and back (French by default)', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('button', { name: 'EN' }).getAttribute('aria-pressed')).toBe('true');
    await screenshot(page, '10-login-english');
    await page.getByRole('button', { name: 'FR' }).click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  });

  it('offers a skip link first and focuses the page heading after navigating', async () => {
    await signIn(page, USER.email, USER.password);
    const firstFocusable = await page.evaluate(() => document.querySelector('a[href], button, input, select, textarea')?.textContent);
    expect(firstFocusable).toBe('Aller au contenu');
    await page.getByRole('link', { name: 'Aller au contenu' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.getByRole('link', { name: 'Formation' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await page.getByRole('link', { name: 'Discussions' }).click();
  });

  it('stops an answer midway, then regenerates it', async () => {
    // The provider starts answering, then keeps the connection open.
    stub.enqueue({ kind: 'stream', pieces: [chunk('Il était '), chunk('une fois')], hold: true });
    await send(page, 'Raconte-moi une histoire.');
    const answer = page.getByTestId('answer-content').last();
    await expect.poll(() => answer.textContent(), { timeout: 15_000 }).toContain('Il était une fois');
    await page.getByRole('button', { name: 'Arrêter' }).click();
    await page.getByText('Réponse interrompue.').waitFor();
    expect(await page.getByRole('button', { name: 'Envoyer' }).isVisible()).toBe(true);

    stub.enqueue({ kind: 'stream', pieces: [chunk('Une nouvelle '), chunk('histoire.'), ...finished()] });
    await page.getByRole('button', { name: 'Régénérer' }).click();
    await expect.poll(() => page.getByTestId('answer-content').last().textContent(), { timeout: 15_000 }).toContain('Une nouvelle histoire.');
    await page.getByRole('button', { name: 'Copier la réponse' }).waitFor();
    expect(await page.getByTestId('assistant-message').count()).toBe(1);
  });

  it('renders Markdown answers with copyable code blocks and never injects HTML', async () => {
    const markdown = "Voici le code :\n\n```python\nprint('bonjour')\n```\n\n**Important** <img src=x onerror=\"document.title='pwned'\"> <script>document.title='pwned'</script>";
    stub.enqueue({ kind: 'stream', pieces: [chunk(markdown), ...finished()] });
    await page.getByRole('button', { name: 'Nouvelle conversation' }).click();
    // Keyboard only: Enter sends (Shift+Enter would add a line).
    await page.getByRole('textbox', { name: 'Votre message' }).fill('Écris un programme qui dit bonjour.');
    await page.keyboard.press('Enter');
    const answer = page.getByTestId('answer-content').last();
    await answer.locator('figure.code-block').waitFor();
    expect(await answer.locator('pre code').textContent()).toBe("print('bonjour')");
    expect(await answer.locator('strong').textContent()).toBe('Important');
    expect(await answer.locator('img, script').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    await answer.getByRole('button', { name: 'Copier le code' }).waitFor();
    await screenshot(page, '11-chat-markdown');
    await expectNoSeriousAxeViolations(page, 'chat with markdown');
  });

  it('renames, finds and deletes conversations', async () => {
    const list = page.getByRole('navigation', { name: 'Conversations' });
    await list.getByRole('button', { name: /^Renommer/ }).first().click();
    await list.getByLabel('Nouveau titre').fill('Programme bonjour');
    await list.getByRole('button', { name: 'Enregistrer' }).click();
    await list.getByRole('link', { name: 'Programme bonjour' }).waitFor();

    await page.getByLabel('Rechercher dans les conversations').fill('histoire');
    await expect.poll(() => list.getByRole('link').allTextContents()).toEqual([expect.stringContaining('Raconte-moi')]);
    await page.getByLabel('Rechercher dans les conversations').fill('');
    await expect.poll(() => list.getByRole('link').count()).toBe(2);

    await list.getByRole('button', { name: 'Supprimer « Programme bonjour »' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Supprimer' }).click();
    await expect.poll(() => list.getByRole('link').count()).toBe(1);
  });

  it('reports a concern from an answer, which reaches the DPO inbox', async () => {
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('link').first().click();
    await page.getByRole('button', { name: 'Signaler un problème' }).last().click();
    const dialog = page.getByRole('dialog', { name: 'Signaler un problème au DPO' });
    await dialog.getByLabel('Catégorie').selectOption('harmful_output');
    await dialog.getByLabel('Description').fill('La réponse invente une histoire sans le dire.');
    await screenshot(page, '12-report-concern');
    await expectNoSeriousAxeViolations(page, 'report a concern');
    await dialog.getByRole('button', { name: 'Envoyer le signalement' }).click();
    await dialog.getByText('Signalement envoyé au DPO. Merci.').waitFor();
    await dialog.getByRole('button', { name: 'Fermer' }).click();

    const dpoContext = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 860 } });
    const dpoPage = await dpoContext.newPage();
    await signIn(dpoPage, DPO.email, DPO.password);
    await dpoPage.getByRole('link', { name: 'Signalements' }).click();
    await dpoPage.getByText('La réponse invente une histoire sans le dire.').waitFor();
    expect(await dpoPage.getByRole('heading', { name: 'Réponse préjudiciable' }).count()).toBe(1);
    await screenshot(dpoPage, '13-dpo-inbox');
    await expectNoSeriousAxeViolations(dpoPage, 'DPO inbox');
    await dpoPage.getByLabel('Résolution').fill('Rappel de la charte envoyé.');
    await dpoPage.getByRole('button', { name: 'Clore le signalement' }).click();
    await dpoPage.getByText('Aucun signalement.').waitFor();

    // The DPO reads the administration screens without being able to change them.
    await dpoPage.getByRole('link', { name: 'Administration' }).click();
    await dpoPage.getByRole('heading', { name: 'Utilisateurs et groupes' }).waitFor();
    expect(await dpoPage.getByRole('button', { name: 'Ajouter un utilisateur' }).count()).toBe(0);
    await dpoPage.getByRole('cell', { name: USER.email }).waitFor();
    await screenshot(dpoPage, '14-admin-users-dpo');
    await expectNoSeriousAxeViolations(dpoPage, 'admin users (DPO)');
    await dpoPage.getByRole('link', { name: 'Fournisseurs et modèles' }).click();
    // The model's name shows twice in its row (the name people pick, and the upstream model,
    // which defaults to it), so the row is found by the name and read as a whole.
    const localModelRow = dpoPage.getByRole('row').filter({ has: dpoPage.getByRole('cell', { name: LOCAL_MODEL }) });
    await localModelRow.waitFor();
    expect(await localModelRow.textContent()).toContain('sur site');
    expect(await dpoPage.getByRole('button', { name: 'Ajouter un modèle' }).count()).toBe(0);
    expect(await dpoPage.getByRole('button', { name: 'Ajouter un fournisseur' }).count()).toBe(0);
    await screenshot(dpoPage, '15-admin-providers-dpo');
    await expectNoSeriousAxeViolations(dpoPage, 'admin providers (DPO)');
    await dpoContext.close();
  });

  it('creates an API key shown once, lists it and revokes it', async () => {
    await page.getByRole('link', { name: 'Clés API' }).click();
    await page.getByLabel('Nom de la clé').fill('Mon IDE');
    await page.getByRole('button', { name: 'Créer une clé' }).click();
    const key = (await page.getByTestId('new-api-key').textContent()) ?? '';
    expect(key).toMatch(/^rk_/);
    await page.getByRole('cell', { name: 'Mon IDE', exact: true }).waitFor();
    await screenshot(page, '16-api-keys');
    await expectNoSeriousAxeViolations(page, 'API keys');

    // The key works on the OpenAI-compatible gateway.
    const models = await fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    expect(models.status).toBe(200);

    await page.getByRole('button', { name: 'Révoquer Mon IDE' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Révoquer' }).click();
    await expect.poll(() => page.getByRole('row', { name: /Mon IDE/ }).textContent()).toContain('Révoquée');
    // Leaving the page forgets the key: it is never shown again.
    await page.reload();
    await page.getByRole('cell', { name: 'Mon IDE', exact: true }).waitFor();
    expect(await page.getByTestId('new-api-key').count()).toBe(0);
  });

  it('locks a model behind a training module until the quiz is passed', async () => {
    await server.adminApi('POST', '/api/admin/training/modules', {
      title: 'Protéger les données personnelles',
      summary: 'Ce qui ne doit jamais sortir.',
      contentMarkdown: '## Les bons réflexes\n\nNe collez jamais un **IBAN** ou un mot de passe dans un outil non autorisé.',
      passScore: 1,
      questions: [
        { prompt: 'Peut-on coller un mot de passe dans un chatbot public ?', choices: ['Oui', 'Non'], answer: 1 },
        { prompt: 'Qui contacter en cas de doute ?', choices: ['Le DPO', 'Personne'], answer: 0 },
      ],
      requiredFor: [LOCAL_MODEL],
    });
    await page.getByRole('link', { name: 'Discussions' }).click();
    await expect.poll(() => page.locator('#model-select option[value="local-llm"]').isDisabled()).toBe(true);

    await page.getByRole('link', { name: 'Formation' }).click();
    await page.getByRole('heading', { name: 'Protéger les données personnelles' }).waitFor();
    await screenshot(page, '17-training-list');
    await expectNoSeriousAxeViolations(page, 'training list');
    await page.getByRole('link', { name: 'Commencer' }).click();
    await page.getByRole('group', { name: /mot de passe/ }).getByLabel('Oui').check();
    await page.getByRole('group', { name: /en cas de doute/ }).getByLabel('Le DPO').check();
    await page.getByRole('button', { name: 'Valider mes réponses' }).click();
    await page.getByText(/il faut 100 % pour réussir/).waitFor();
    await page.getByRole('group', { name: /mot de passe/ }).getByLabel('Non').check();
    await page.getByRole('button', { name: 'Valider mes réponses' }).click();
    await page.getByText('Bravo : 100 %, module réussi.').waitFor();
    await screenshot(page, '18-training-quiz');
    await expectNoSeriousAxeViolations(page, 'training quiz');

    await page.getByRole('link', { name: 'Retour aux discussions' }).click();
    await expect.poll(() => page.locator('#model-select option[value="local-llm"]').isDisabled()).toBe(false);
  });
  it('lets users manage their own account (name, password) with clear errors', async () => {
    await page.getByRole('link', { name: USER.displayName }).click();
    await page.getByRole('heading', { name: 'Mon compte' }).waitFor();
    await page.getByLabel('Nom affiché').fill('Bob L.');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('link', { name: 'Bob L.' }).waitFor();
    await page.getByLabel('Mot de passe actuel').fill('not my password');
    await page.getByLabel('Nouveau mot de passe').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Changer le mot de passe' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Adresse e-mail ou mot de passe incorrect');
    await screenshot(page, '19-account');
    await expectNoSeriousAxeViolations(page, 'account');
  });
});
