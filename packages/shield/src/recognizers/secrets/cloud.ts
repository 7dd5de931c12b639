/**
 * Cloud and infrastructure providers: AWS, Google Cloud, Azure, Alibaba, DigitalOcean,
 * Heroku, Cloudflare, Yandex, Fly.io, HashiCorp, databases-as-a-service, hosting.
 */
import { assignedRule, tokenRule, type SecretRule } from './rule.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const cloudRules: readonly SecretRule[] = [
  // AWS access key ids: a 4-letter kind prefix then 16 base32 characters.
  tokenRule('aws-access-token', ['akia', 'asia', 'abia', 'acca', 'a3t'], '(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}', {
    minEntropy: 3,
  }),
  // AWS secret access key: 40 base64 characters, only meaningful next to its name.
  assignedRule('aws-secret-access-key', ['aws_secret', 'secret_access_key', 'secretaccesskey', 'aws-secret'], '[A-Za-z0-9/+]{40}', {
    minEntropy: 3.5,
  }),
  tokenRule('aws-amazon-bedrock-api-key-long-lived', ['absk'], 'ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{80,}={0,2}', { minEntropy: 3 }),
  tokenRule('aws-amazon-bedrock-api-key-short-lived', ['bedrock-api-key-'], 'bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%&?.-]*'),
  tokenRule('gcp-api-key', ['aiza'], 'AIza[\\w-]{35}', { minEntropy: 3.5 }),
  tokenRule('gcp-oauth-client-secret', ['gocspx-'], 'GOCSPX-[\\w-]{28}', { minEntropy: 3 }),
  {
    id: 'azure-ad-client-secret',
    keywords: ['q~'],
    // Three characters, a digit, `Q~`, then 31–34 more; delimited on both sides.
    regex: /(?:^|[\\'"`\s>=:(,)])([a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34})(?=$|[\\'"`\s<),])/dg,
    minEntropy: 3,
    score: 0.9,
  },
  {
    id: 'azure-storage-account-key',
    keywords: ['accountkey='],
    regex: /AccountKey=([A-Za-z0-9+/]{86}==)/dgi,
    minEntropy: 4,
    score: 0.95,
  },
  {
    id: 'azure-shared-access-key',
    keywords: ['sharedaccesskey=', 'sharedaccesssignature=', 'sig='],
    regex: /(?:SharedAccessKey|SharedAccessSignature)=([A-Za-z0-9+/%]{30,}={0,2})/dgi,
    minEntropy: 3.5,
    score: 0.9,
  },
  tokenRule('alibaba-access-key-id', ['ltai'], 'LTAI[a-zA-Z0-9]{20}', { minEntropy: 2 }),
  assignedRule('alibaba-secret-key', ['alibaba'], '[a-z0-9]{30}', { minEntropy: 2 }),
  tokenRule('digitalocean-access-token', ['doo_v1_'], 'doo_v1_[a-f0-9]{64}', { minEntropy: 3 }),
  tokenRule('digitalocean-pat', ['dop_v1_'], 'dop_v1_[a-f0-9]{64}', { minEntropy: 3 }),
  tokenRule('digitalocean-refresh-token', ['dor_v1_'], 'dor_v1_[a-fA-F0-9]{64}'),
  assignedRule('heroku-api-key', ['heroku'], UUID),
  tokenRule('heroku-api-key-v2', ['hrku-aa'], 'HRKU-AA[0-9a-zA-Z_-]{58}', { minEntropy: 4 }),
  assignedRule('cloudflare-api-key', ['cloudflare'], '[a-z0-9_-]{40}', { minEntropy: 2 }),
  assignedRule('cloudflare-global-api-key', ['cloudflare'], '[a-f0-9]{37}', { minEntropy: 2 }),
  tokenRule('cloudflare-origin-ca-key', ['v1.0-'], 'v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}', { minEntropy: 2 }),
  {
    id: 'yandex-access-token',
    keywords: ['yandex'],
    regex: new RegExp(`yandex[ \\t\\w.-]{0,20}[\\s'"]{0,3}(?:=|>|:{1,3}=|\\|\\||:|=>|\\?=|,)[\\x60'"\\s=]{0,5}(t1\\.[A-Za-z0-9_-]+={0,2}\\.[A-Za-z0-9_-]{86}={0,2})(?=[\\x60'"\\s;]|\\\\[nrt]|$)`, 'gid'),
    score: 0.85,
  },
  assignedRule('yandex-api-key', ['yandex'], 'AQVN[A-Za-z0-9_-]{35,38}'),
  assignedRule('yandex-aws-access-token', ['yandex'], 'YC[a-zA-Z0-9_-]{38}'),
  tokenRule('flyio-access-token', ['fo1_', 'fm1', 'fm2_'], '(?:fo1_[\\w-]{43}|fm1[ar]_[a-zA-Z0-9+/]{100,}={0,3}|fm2_[a-zA-Z0-9+/]{100,}={0,3})', {
    minEntropy: 4,
  }),
  tokenRule('scalingo-api-token', ['tk-us-'], 'tk-us-[\\w-]{48}', { minEntropy: 2 }),
  tokenRule('databricks-api-token', ['dapi'], 'dapi[a-f0-9]{32}(?:-\\d)?', { minEntropy: 3 }),
  tokenRule('clickhouse-cloud-api-secret-key', ['4b1d'], '4b1d[A-Za-z0-9]{38}', { minEntropy: 3 }),
  tokenRule('openshift-user-token', ['sha256~'], 'sha256~[\\w-]{43}', { minEntropy: 3.5 }),
  tokenRule('hashicorp-tf-api-token', ['atlasv1'], '[a-zA-Z0-9]{14}\\.atlasv1\\.[a-zA-Z0-9=_-]{60,70}', { minEntropy: 3.5 }),
  tokenRule('vault-batch-token', ['hvb.'], 'hvb\\.[\\w-]{138,300}', { minEntropy: 4 }),
  tokenRule('vault-service-token', ['hvs.', 's.'], '(?:hvs\\.[\\w-]{90,120}|s\\.[a-zA-Z0-9]{24})', {
    minEntropy: 3.5,
    // `s.` + 24 letters is far more often a dotted identifier than a token.
    reject: (secret) => /^s\.[A-Za-z]{24}$/.test(secret),
  }),
  tokenRule('doppler-api-token', ['dp.pt.'], 'dp\\.pt\\.[a-zA-Z0-9]{43}', { minEntropy: 2 }),
  tokenRule('pulumi-api-token', ['pul-'], 'pul-[a-f0-9]{40}', { minEntropy: 2 }),
  assignedRule('defined-networking-api-token', ['dnkey'], 'dnkey-[a-z0-9=_-]{26}-[a-z0-9=_-]{52}'),
  assignedRule('netlify-access-token', ['netlify'], '[a-z0-9=_-]{40,46}'),
  tokenRule('planetscale-api-token', ['pscale_tkn_'], 'pscale_tkn_[\\w=.-]{32,64}', { minEntropy: 3 }),
  tokenRule('planetscale-oauth-token', ['pscale_oauth_'], 'pscale_oauth_[\\w=.-]{32,64}', { minEntropy: 3 }),
  tokenRule('planetscale-password', ['pscale_pw_'], 'pscale_pw_[\\w=.-]{32,64}', { minEntropy: 3, flags: 'gdi' }),
  tokenRule('age-secret-key', ['age-secret-key-1'], 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}'),
  tokenRule('infracost-api-token', ['ico-'], 'ico-[a-zA-Z0-9]{32}', { minEntropy: 3 }),
  tokenRule('octopus-deploy-api-key', ['api-'], 'API-[A-Z0-9]{26}', { minEntropy: 3 }),
];
