import { describe, expect, it } from 'vitest';
import { ALNUM, HEX, LOWER_ALNUM, UPPER_ALNUM, findSecrets, randomString as r } from './test-helpers.ts';

interface Case {
  rule: string;
  text: string;
  /** The secret that must be reported (the value, never the `key =` prefix). */
  secret: string;
}

function sample(rule: string, build: (seed: number) => [text: string, secret: string]): Case {
  const [text, secret] = build(7);
  return { rule, text, secret };
}

const UUID = (seed: number) =>
  `${r(HEX, 8, seed)}-${r(HEX, 4, seed + 1)}-${r(HEX, 4, seed + 2)}-${r(HEX, 4, seed + 3)}-${r(HEX, 12, seed + 4)}`;

const families: Record<string, { valid: Case[]; nearMisses: string[] }> = {
  cloud: {
    valid: [
      sample('aws-access-token', (s) => { const v = `AKIA${r('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, s)}`; return [`aws_access_key_id = ${v}`, v]; }),
      sample('gcp-api-key', (s) => { const v = `AIza${r(ALNUM + '-_', 35, s)}`; return [`const key = "${v}";`, v]; }),
      sample('azure-ad-client-secret', (s) => { const v = `${r(ALNUM, 3, s)}8Q~${r(ALNUM, 34, s + 1)}`; return [`client_secret: "${v}"`, v]; }),
      sample('digitalocean-pat', (s) => { const v = `dop_v1_${r(HEX, 64, s)}`; return [`DO_TOKEN=${v}`, v]; }),
      sample('heroku-api-key', (s) => { const v = UUID(s); return [`HEROKU_API_KEY=${v}`, v]; }),
      sample('cloudflare-api-key', (s) => { const v = r(LOWER_ALNUM + '_-', 40, s); return [`cloudflare_token: "${v}"`, v]; }),
      sample('yandex-api-key', (s) => { const v = `AQVN${r(ALNUM, 36, s)}`; return [`yandex_key = "${v}"`, v]; }),
      sample('vault-service-token', (s) => { const v = `hvs.${r(ALNUM, 96, s)}`; return [`VAULT_TOKEN=${v}`, v]; }),
    ],
    nearMisses: [
      'AKIAIOSFODNN7EXAMPLE', // AWS documentation value
      'key = AKIAXXXXXXXXXXXXXXXX',
      `AKIA${r('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 12, 3)}`, // too short
      `AIza${r(ALNUM, 20, 4)}`, // too short
      'client_secret=bP88Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      `dop_v1_${r(HEX, 40, 5)}`, // wrong length
      `heroku = "not-a-uuid-at-all"`,
      's.makeKubeConfigController = args',
    ],
  },
  vcs: {
    valid: [
      sample('github-pat', (s) => { const v = `ghp_${r(ALNUM, 36, s)}`; return [`git clone https://github.com/acme/app ; export GITHUB_TOKEN=${v}`, v]; }),
      sample('github-fine-grained-pat', (s) => { const v = `github_pat_${r(ALNUM + '_', 82, s)}`; return [`token: ${v}`, v]; }),
      sample('gitlab-pat', (s) => { const v = `glpat-${r(ALNUM, 20, s)}`; return [`"${v}"`, v]; }),
      sample('npm-access-token', (s) => { const v = `npm_${r(ALNUM, 36, s)}`; return [`//registry.npmjs.org/:_authToken=${v}`, v]; }),
      sample('pypi-upload-token', (s) => { const v = `pypi-AgEIcHlwaS5vcmc${r(ALNUM, 60, s)}`; return [`password = ${v}`, v]; }),
      sample('jfrog-identity-token', (s) => { const v = r(LOWER_ALNUM, 64, s); return [`ARTIFACTORY_TOKEN: ${v}`, v]; }),
      sample('sonar-api-token', (s) => { const v = r(LOWER_ALNUM, 40, s); return [`sonar.login=${v}`, v]; }),
    ],
    nearMisses: [
      'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      `ghp_${r(ALNUM, 30, 9)}`, // too short
      `glpat-${r(ALNUM, 12, 9)}`,
      'SRCREV_moby = "43fc912ef59a83054ea7f6706df4d53a7dea4d80"', // a git hash
    ],
  },
  payment: {
    valid: [
      sample('stripe-access-token', (s) => { const v = `sk_live_${r(ALNUM, 24, s)}`; return [`Stripe.apiKey = '${v}';`, v]; }),
      sample('square-access-token', (s) => { const v = `sq0atp-${r(ALNUM, 22, s)}`; return [`SQUARE=${v}`, v]; }),
      sample('shopify-access-token', (s) => { const v = `shpat_${r(HEX, 32, s)}`; return [`X-Shopify-Access-Token: ${v}`, v]; }),
      sample('plaid-api-token', (s) => { const v = `access-sandbox-${UUID(s)}`; return [`plaid_token = "${v}"`, v]; }),
      sample('flutterwave-secret-key', (s) => { const v = `FLWSECK_TEST-${r('abcdef0123456789', 32, s)}-X`; return [v, v]; }),
    ],
    nearMisses: [`sk_live_${r(ALNUM, 6, 2)}`, `shpat_${r(HEX, 20, 2)}`, 'plaid_token = "access-sandbox-123"'],
  },
  chat: {
    valid: [
      sample('slack-bot-token', (s) => { const v = `xoxb-${r('0123456789', 12, s)}-${r('0123456789', 13, s + 1)}-${r(ALNUM, 24, s + 2)}`; return [`SLACK_BOT_TOKEN=${v}`, v]; }),
      sample('slack-webhook-url', (s) => { const v = `https://hooks.slack.com/services/T${r(UPPER_ALNUM, 8, s)}/B${r(UPPER_ALNUM, 8, s + 1)}/${r(ALNUM, 24, s + 2)}`; return [`webhook: ${v}`, v]; }),
      sample('telegram-bot-api-token', (s) => { const v = `${r('0123456789', 9, s)}:A${r(ALNUM + '_-', 34, s + 1)}`; return [`TELEGRAM_BOT_TOKEN=${v}`, v]; }),
      sample('sendgrid-api-token', (s) => { const v = `SG.${r(ALNUM, 22, s)}.${r(ALNUM, 43, s + 1)}`; return [`sendgrid: ${v}`, v]; }),
      sample('discord-client-secret', (s) => { const v = r(LOWER_ALNUM, 32, s); return [`DISCORD_CLIENT_SECRET="${v}"`, v]; }),
      sample('twilio-api-key', (s) => { const v = `SK${r(HEX, 32, s)}`; return [`TWILIO_API_KEY=${v}`, v]; }),
    ],
    nearMisses: [
      'xoxb-xxxxxxxxx-xxxxxxxxxx-xxxxxxxxxxxx',
      '"token3": "xoxp-1234-1234-1234-4ddbc191d40ee098cbaae6f3523ada2d"', // sample ids
      'https://github.com/xoxa-nyc/xoxa-nyc.github.io/blob/master/README.md',
      `telegram_api_token = "${r('0123456789', 8, 1)}:A${r(LOWER_ALNUM, 40, 2)}"`, // wrong length
      'discord=00000000000000000000000000000000',
    ],
  },
  ai: {
    valid: [
      sample('openai-api-key', (s) => { const v = `sk-proj-${r(ALNUM, 74, s)}T3BlbkFJ${r(ALNUM, 74, s + 1)}`; return [`OPENAI_API_KEY=${v}`, v]; }),
      sample('anthropic-api-key', (s) => { const v = `sk-ant-api03-${r(ALNUM + '_-', 93, s)}AA`; return [`export ANTHROPIC_API_KEY=${v}`, v]; }),
      sample('huggingface-access-token', (s) => { const v = `hf_${r('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 34, s)}`; return [`huggingface-cli login --token ${v}`, v]; }),
      sample('perplexity-api-key', (s) => { const v = `pplx-${r(ALNUM, 48, s)}`; return [`Authorization key is ${v}`, v]; }),
    ],
    nearMisses: [
      'sk-ant-api03-abc123xyz-456de-klMnopqrstuvwx-3456yza789bcde-1234fghijklmnopAA', // truncated sample
      '- (id)hf_requiredCharacteristicTypesForDisplayMetadata;',
      'PERPLEXITY_API_KEY=pplx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    ],
  },
  saas: {
    valid: [
      sample('datadog-access-token', (s) => { const v = r(LOWER_ALNUM, 40, s); return [`datadog_api_key: ${v}`, v]; }),
      sample('grafana-service-account-token', (s) => { const v = `glsa_${r(ALNUM, 32, s)}_${r(HEX, 8, s + 1)}`; return [`GRAFANA_TOKEN=${v}`, v]; }),
      sample('sentry-user-token', (s) => { const v = `sntryu_${r(HEX, 64, s)}`; return [v, v]; }),
      sample('okta-access-token', (s) => { const v = `00${r(ALNUM, 40, s)}`; return [`okta_api_token = "${v}"`, v]; }),
      sample('1password-secret-key', (s) => { const v = `A3-${r(UPPER_ALNUM, 6, s)}-${r(UPPER_ALNUM, 11, s + 1)}-${r(UPPER_ALNUM, 5, s + 2)}-${r(UPPER_ALNUM, 5, s + 3)}-${r(UPPER_ALNUM, 5, s + 4)}`; return [`Secret Key: ${v}`, v]; }),
    ],
    nearMisses: [
      'A3-XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX',
      'oktaKey = 00000000000000000000000000000000000TUVWXYZ',
      'sumObj = suGyI5imvADdvU',
      'meraki: abdefghjk0123456789mnopqrstuvwx12345678',
    ],
  },
};

for (const [family, { valid, nearMisses }] of Object.entries(families)) {
  describe(`secret rules: ${family}`, () => {
    for (const c of valid) {
      it(`finds ${c.rule} and reports the value itself`, () => {
        const found = findSecrets(c.text);
        const hit = found.find((e) => e.text === c.secret);
        expect(hit, JSON.stringify(found)).toBeDefined();
        expect(hit!.type).toBe('SECRET');
        expect(c.text.slice(hit!.start, hit!.end)).toBe(c.secret);
        expect(found.map((e) => e.subtype)).toContain(c.rule);
      });
    }
    for (const text of nearMisses) {
      it(`ignores near miss ${JSON.stringify(text.slice(0, 60))}`, () => {
        expect(findSecrets(text)).toEqual([]);
      });
    }
  });
}
