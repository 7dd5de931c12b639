/**
 * Source hosting, package registries, CI/CD and developer tooling: GitHub, GitLab,
 * Bitbucket, npm, PyPI, RubyGems, Clojars, JFrog, CI services, code-quality tools.
 */
import { assignedRule, tokenRule, type SecretRule } from './rule.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const JFROG = ['jfrog', 'artifactory', 'bintray', 'xray'];

export const vcsRules: readonly SecretRule[] = [
  tokenRule('github-pat', ['ghp_'], 'ghp_[0-9a-zA-Z]{36}', { minEntropy: 3 }),
  tokenRule('github-oauth', ['gho_'], 'gho_[0-9a-zA-Z]{36}', { minEntropy: 3 }),
  tokenRule('github-app-token', ['ghu_', 'ghs_'], '(?:ghu|ghs)_[0-9a-zA-Z]{36}', { minEntropy: 3 }),
  tokenRule('github-refresh-token', ['ghr_'], 'ghr_[0-9a-zA-Z]{36}', { minEntropy: 3 }),
  tokenRule('github-fine-grained-pat', ['github_pat_'], 'github_pat_\\w{82}', { minEntropy: 3 }),
  tokenRule('gitlab-pat-routable', ['glpat-'], 'glpat-[0-9a-zA-Z_-]{27,300}\\.[0-9a-z]{2}[0-9a-z]{7}', { minEntropy: 4, score: 0.92 }),
  tokenRule('gitlab-pat', ['glpat-'], 'glpat-[\\w-]{20}', { minEntropy: 3 }),
  tokenRule('gitlab-cicd-job-token', ['glcbt-'], 'glcbt-[0-9a-zA-Z]{1,5}_[0-9a-zA-Z_-]{20}', { minEntropy: 3 }),
  tokenRule('gitlab-deploy-token', ['gldt-'], 'gldt-[0-9a-zA-Z_-]{20}', { minEntropy: 3 }),
  tokenRule('gitlab-feature-flag-client-token', ['glffct-'], 'glffct-[0-9a-zA-Z_-]{20}', { minEntropy: 3 }),
  tokenRule('gitlab-feed-token', ['glft-'], 'glft-[0-9a-zA-Z_-]{20}', { minEntropy: 3 }),
  tokenRule('gitlab-incoming-mail-token', ['glimt-'], 'glimt-[0-9a-zA-Z_-]{25}', { minEntropy: 3 }),
  tokenRule('gitlab-kubernetes-agent-token', ['glagent-'], 'glagent-[0-9a-zA-Z_-]{50}', { minEntropy: 3 }),
  tokenRule('gitlab-oauth-app-secret', ['gloas-'], 'gloas-[0-9a-zA-Z_-]{64}', { minEntropy: 3 }),
  tokenRule('gitlab-ptt', ['glptt-'], 'glptt-[0-9a-f]{40}', { minEntropy: 3 }),
  tokenRule('gitlab-rrt', ['gr1348941'], 'GR1348941[\\w-]{20}', { minEntropy: 3 }),
  tokenRule('gitlab-runner-authentication-token-routable', ['glrt-'], 'glrt-t\\d_[0-9a-zA-Z_-]{27,300}\\.[0-9a-z]{2}[0-9a-z]{7}', {
    minEntropy: 4,
    score: 0.92,
  }),
  tokenRule('gitlab-runner-authentication-token', ['glrt-'], 'glrt-[0-9a-zA-Z_-]{20}', { minEntropy: 3 }),
  tokenRule('gitlab-scim-token', ['glsoat-'], 'glsoat-[0-9a-zA-Z_-]{20}', { minEntropy: 3 }),
  tokenRule('gitlab-session-cookie', ['_gitlab_session='], '_gitlab_session=[0-9a-z]{32}', { minEntropy: 3 }),
  assignedRule('bitbucket-client-id', ['bitbucket'], '[a-z0-9]{32}'),
  assignedRule('bitbucket-client-secret', ['bitbucket'], '[a-z0-9=_-]{64}'),
  assignedRule('gitter-access-token', ['gitter'], '[a-z0-9_-]{40}'),
  {
    id: 'sourcegraph-access-token',
    keywords: ['sgp_', 'sourcegraph'],
    // Bare 40-hex values only count next to the word "sourcegraph" (git hashes look the same).
    regex: /(?:\b(sgp_(?:[a-fA-F0-9]{16}|local)_[a-fA-F0-9]{40}|sgp_[a-fA-F0-9]{40})|sourcegraph[ \t\w.-]{0,20}[\s'"]{0,3}[:=][\s'"]{0,3}([a-fA-F0-9]{40}))(?=[`'"\s;]|\\[nrt]|$)/dgi,
    minEntropy: 3,
    score: 0.9,
  },
  tokenRule('npm-access-token', ['npm_'], 'npm_[a-zA-Z0-9]{36}', { minEntropy: 2 }),
  tokenRule('pypi-upload-token', ['pypi-ageichlwas5vcmc'], 'pypi-AgEIcHlwaS5vcmc[\\w-]{50,1000}', { minEntropy: 3 }),
  tokenRule('rubygems-api-token', ['rubygems_'], 'rubygems_[a-f0-9]{48}', { minEntropy: 2 }),
  tokenRule('clojars-api-token', ['clojars_'], '[Cc][Ll][Oo][Jj][Aa][Rr][Ss]_[a-zA-Z0-9]{60}', { minEntropy: 2 }),
  tokenRule('artifactory-api-key', ['akcp'], 'AKCp[A-Za-z0-9]{69}', { minEntropy: 4.5 }),
  tokenRule('artifactory-reference-token', ['cmvmd'], 'cmVmd[A-Za-z0-9]{59}', { minEntropy: 4.5 }),
  assignedRule('jfrog-api-key', JFROG, '[a-z0-9]{73}'),
  assignedRule('jfrog-identity-token', JFROG, '[a-z0-9]{64}'),
  assignedRule('codecov-access-token', ['codecov'], '[a-z0-9]{32}'),
  assignedRule('droneci-access-token', ['droneci'], '[a-z0-9]{32}'),
  assignedRule('travisci-access-token', ['travis'], '[a-z0-9]{22}'),
  tokenRule('harness-api-key', ['pat.', 'sat.'], '(?:pat|sat)\\.[a-zA-Z0-9_-]{22}\\.[a-zA-Z0-9]{24}\\.[a-zA-Z0-9]{20}'),
  tokenRule('prefect-api-token', ['pnu_'], 'pnu_[a-zA-Z0-9]{36}', { minEntropy: 2 }),
  tokenRule('readme-api-token', ['rdme_'], 'rdme_[a-z0-9]{70}', { minEntropy: 2 }),
  tokenRule('postman-api-token', ['pmak-'], 'PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}', { minEntropy: 3 }),
  tokenRule('linear-api-key', ['lin_api_'], 'lin_api_[a-zA-Z0-9]{40}', { minEntropy: 2 }),
  assignedRule('linear-client-secret', ['linear'], '[a-f0-9]{32}', { minEntropy: 2 }),
  {
    id: 'atlassian-api-token',
    keywords: ['atlassian', 'confluence', 'jira', 'atatt3'],
    regex: /(?:(?:atlassian|confluence|jira)[ \t\w.-]{0,20}[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[`'"\s=]{0,5}([a-z0-9]{20}[a-f0-9]{4})|\b(ATATT3[A-Za-z0-9_\-=]{186}))(?=[`'"\s;]|\\[nrt]|$)/dgi,
    minEntropy: 3.5,
    score: 0.85,
  },
  assignedRule('snyk-api-token', ['snyk'], UUID, {
    // Only keys that say what they hold (`snyk_token`, `SNYK_API_KEY`), not any snyk setting.
    reject: (_secret, input, start) => !/snyk[_.-]?(?:(?:api|oauth)[_.-]?)?(?:key|token)/i.test(input.text.slice(Math.max(0, start - 60), start)),
  }),
  {
    id: 'sonar-api-token',
    keywords: ['sonar'],
    regex: /sonar[_.-]?(?:login|token)[ \t\w.-]{0,20}[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[`'"\s=]{0,5}((?:squ_|sqp_|sqa_)?[a-z0-9=_-]{40})(?=[`'"\s;]|\\[nrt]|$)/dgi,
    score: 0.85,
  },
  tokenRule('authress-service-client-access-key', ['sc_', 'ext_', 'scauth_', 'authress_'], '(?:sc|ext|scauth|authress)_[a-zA-Z0-9]{5,30}\\.[a-zA-Z0-9]{4,6}\\.acc[_-][a-zA-Z0-9-]{10,32}\\.[a-zA-Z0-9+/_=-]{30,120}', {
    minEntropy: 2,
  }),
  tokenRule('settlemint-application-access-token', ['sm_aat'], 'sm_aat_[a-zA-Z0-9]{16}', { minEntropy: 3 }),
  tokenRule('settlemint-personal-access-token', ['sm_pat'], 'sm_pat_[a-zA-Z0-9]{16}', { minEntropy: 3 }),
  tokenRule('settlemint-service-access-token', ['sm_sat'], 'sm_sat_[a-zA-Z0-9]{16}', { minEntropy: 3 }),
  tokenRule('intra42-client-secret', ['s-s4t2ud-', 's-s4t2af-'], 's-s4t2(?:ud|af)-[abcdefABCDEF0123456789]{64}', { minEntropy: 3 }),
  {
    id: 'sidekiq-secret',
    keywords: ['bundle_enterprise__contribsys__com', 'bundle_gems__contribsys__com'],
    regex: /BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM[ \t\w.-]{0,20}[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[`'"\s=]{0,5}([a-f0-9]{8}:[a-f0-9]{8})(?=[`'"\s;]|\\[nrt]|$)/dgi,
    score: 0.9,
  },
  {
    id: 'sidekiq-sensitive-url',
    keywords: ['gems.contribsys.com', 'enterprise.contribsys.com'],
    regex: /\bhttps?:\/\/([a-f0-9]{8}:[a-f0-9]{8})@(?:gems|enterprise)\.contribsys\.com(?=[/#?:]|$|\s)/dgi,
    score: 0.9,
  },
];
