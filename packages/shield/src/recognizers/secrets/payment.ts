/**
 * Payments, finance, commerce and crypto exchanges: Stripe, Square, Plaid, GoCardless,
 * Flutterwave, Coinbase, Kraken, KuCoin, Bittrex, Finicity, Shippo, EasyPost, Duffel,
 * Lob, Shopify, Etsy.
 */
import { assignedRule, tokenRule, type SecretRule } from './rule.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const paymentRules: readonly SecretRule[] = [
  tokenRule('stripe-access-token', ['sk_test', 'sk_live', 'sk_prod', 'rk_test', 'rk_live', 'rk_prod'], '(?:sk|rk)_(?:test|live|prod)_[a-zA-Z0-9]{10,99}', {
    minEntropy: 2,
  }),
  tokenRule('square-access-token', ['sq0atp-', 'eaaa'], '(?:EAAA|sq0atp-)[\\w-]{22,60}', { minEntropy: 2 }),
  {
    id: 'square-secret',
    keywords: ['sq0csp-'],
    regex: /\b(sq0csp-[0-9A-Za-z\\\-_\]]{43})/dg,
    minEntropy: 2,
    score: 0.9,
  },
  assignedRule('plaid-client-id', ['plaid'], '[a-z0-9]{24}', { minEntropy: 3.5 }),
  assignedRule('plaid-secret-key', ['plaid'], '[a-z0-9]{30}', { minEntropy: 3.5 }),
  assignedRule('plaid-api-token', ['plaid'], `access-(?:sandbox|development|production)-${UUID}`),
  {
    id: 'gocardless-api-token',
    keywords: ['live_', 'gocardless'],
    regex: /gocardless[ \t\w.-]{0,20}[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[`'"\s=]{0,5}(live_[a-z0-9\-_=]{40})(?=[`'"\s;]|\\[nrt]|$)/dgi,
    score: 0.85,
  },
  tokenRule('flutterwave-public-key', ['flwpubk_test'], 'FLWPUBK_TEST-[a-hA-H0-9]{32}-X', { minEntropy: 2 }),
  tokenRule('flutterwave-secret-key', ['flwseck_test'], 'FLWSECK_TEST-[a-hA-H0-9]{32}-X', { minEntropy: 2 }),
  tokenRule('flutterwave-encryption-key', ['flwseck_test'], 'FLWSECK_TEST-[a-hA-H0-9]{12}', { minEntropy: 2 }),
  assignedRule('coinbase-access-token', ['coinbase'], '[a-z0-9_-]{64}'),
  assignedRule('kraken-access-token', ['kraken'], '[a-z0-9/=_+-]{80,90}'),
  assignedRule('kucoin-access-token', ['kucoin'], '[a-f0-9]{24}'),
  assignedRule('kucoin-secret-key', ['kucoin'], UUID),
  assignedRule('bittrex-access-key', ['bittrex'], '[a-z0-9]{32}'),
  assignedRule('finicity-api-token', ['finicity'], '[a-f0-9]{32}'),
  assignedRule('finicity-client-secret', ['finicity'], '[a-z0-9]{20}'),
  tokenRule('shippo-api-token', ['shippo_'], 'shippo_(?:live|test)_[a-fA-F0-9]{40}', { minEntropy: 2 }),
  tokenRule('easypost-api-token', ['ezak'], 'EZAK[a-zA-Z0-9]{54}', { minEntropy: 2 }),
  tokenRule('easypost-test-api-token', ['eztk'], 'EZTK[a-zA-Z0-9]{54}', { minEntropy: 2 }),
  tokenRule('duffel-api-token', ['duffel_'], 'duffel_(?:test|live)_[a-zA-Z0-9_\\-=]{43}', { minEntropy: 2 }),
  assignedRule('lob-api-key', ['lob'], '(?:live|test)_[a-f0-9]{35}'),
  assignedRule('lob-pub-api-key', ['lob'], '(?:test|live)_pub_[a-f0-9]{31}'),
  tokenRule('shopify-access-token', ['shpat_'], 'shpat_[a-fA-F0-9]{32}', { minEntropy: 2 }),
  tokenRule('shopify-custom-access-token', ['shpca_'], 'shpca_[a-fA-F0-9]{32}', { minEntropy: 2 }),
  tokenRule('shopify-private-app-access-token', ['shppa_'], 'shppa_[a-fA-F0-9]{32}', { minEntropy: 2 }),
  tokenRule('shopify-shared-secret', ['shpss_'], 'shpss_[a-fA-F0-9]{32}', { minEntropy: 2 }),
  assignedRule('squarespace-access-token', ['squarespace'], UUID),
  {
    id: 'etsy-access-token',
    keywords: ['etsy'],
    // Case-sensitive vendor name: `etsy` hides inside words such as `setSysctl`.
    regex: /(?:ETSY|[Ee]tsy)[ \t\w.-]{0,20}[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[`'"\s=]{0,5}([a-zA-Z0-9]{24})(?=[`'"\s;]|\\[nrt]|$)/dg,
    minEntropy: 3,
    score: 0.85,
  },
];
