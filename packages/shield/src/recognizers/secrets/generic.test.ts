import { describe, expect, it } from 'vitest';
import { ALNUM, HEX, findSecrets, randomString as r } from './test-helpers.ts';

const only = (text: string) => findSecrets(text).map((e) => ({ subtype: e.subtype, text: e.text }));

describe('generic-api-key', () => {
  const value = r(ALNUM, 32, 11);
  it.each([
    [`api_token = "${value}"`],
    [`{"client_secret": "${value}"}`],
    [`export MY_SERVICE_KEY=${value}`],
    [`<authToken>\n  ${value}\n</authToken>`],
    [`clé API : ${value}`],
    [`jeton = ${value}`],
  ])('finds a random value assigned to a credential key: %s', (text) => {
    expect(only(text)).toContainEqual({ subtype: 'generic-api-key', text: value });
  });

  it.each([
    [`foreignKey=${r(ALNUM, 28, 3)}`],
    [`report_access_id: ${r(HEX, 8, 1)}-${r(HEX, 4, 2)}-4b2c-9d1e-${r(HEX, 12, 3)}`],
    ['apiUrl=apigee.corpint.com'],
    ['IceSSL.KeyFile=s_rsa1024_priv.pem'],
    ['KeyPair = X25519.KeyPair'],
    ['LLM_SECRET_NAME = "NEXUS-GPT4-API-KEY"'],
    ['secretSize must be >= XXH3_SECRET_SIZE_MIN'],
    ['notes = "Maven - io.jsonwebtoken:jjwt-jackson-0.11.2"'],
    ['api_key = "${API_KEY}"'],
    ['api_key = process.env.API_KEY'],
    ['token: <your-token-here>'],
    ['access_token=ACCESS_TOKEN'],
    ['"Turkey Standard Time": "Europe/Istanbul"'],
  ])('ignores settings, references and placeholders: %s', (text) => {
    expect(only(text)).toEqual([]);
  });

  it('reports only the value, not the key', () => {
    const text = `SECRET_KEY = "${value}"`;
    const [hit] = findSecrets(text);
    expect(hit!.start).toBe(text.indexOf(value));
    expect(hit!.end).toBe(text.indexOf(value) + value.length);
  });
});

describe('password assignments (EN/FR)', () => {
  it.each([
    ['password = "changeme"', 'changeme'],
    ['DB_PASSWORD: S3cure!Pass', 'S3cure!Pass'],
    ['administrator_login_password = "thisIsDog11"', 'thisIsDog11'],
    ['Le mot de passe est Azerty2024!', 'Azerty2024!'],
    ['mot de passe provisoire : Tr0ub4dor&3', 'Tr0ub4dor&3'],
    ['mdp=Soleil#42', 'Soleil#42'],
    ['Your password is «Hunter-22».', 'Hunter-22'],
    ['Server=db01;Database=crm;User Id=app;Password=bluebird;', 'bluebird'],
  ])('finds %s', (text, password) => {
    expect(only(text).map((e) => e.text)).toContain(password);
  });

  it.each([
    ['password = "${aws_db_instance.default.password}"'],
    ['password: string;'],
    ['const password = getPassword();'],
    ['password = user.password'],
    ['Mot de passe oublié ?'],
    ['The password is incorrect, please try again.'],
    ['password: ********'],
    ['<input type="password" placeholder="Mot de passe">'],
  ])('ignores %s', (text) => {
    expect(only(text)).toEqual([]);
  });

  it.each([
    ['mdp : @Zerty123', '@Zerty123'],
    ['mot de passe : $oleil2024', '$oleil2024'],
    ['password: Soleil(2024)', 'Soleil(2024)'],
    ['password: Kz9;pq12mn', 'Kz9;pq12mn'],
    ['password: [Kz9pq12]', '[Kz9pq12]'],
    ["password: it'sMe2024", "it'sMe2024"],
    ['mot de passe = %Soleil2024', '%Soleil2024'],
    ['Server=db01;Database=crm;User Id=sa;Password=Pa"ss\\w0rd;Encrypt=true', 'Pa"ss\\w0rd'],
    ['Server=db01;Database=crm;User Id=sa;Password="Kz9;pq12";', 'Kz9;pq12'],
    ['Server=db01;User Id=sa;Password=Kz9p q12;', 'Kz9p q12'],
  ])('finds passwords with sigils, brackets, quotes and separators: %s', (text, password) => {
    expect(only(text).map((e) => e.text)).toEqual([password]);
  });

  it.each([
    ['(mdp : Soleil2024)', 'Soleil2024'],
    ['{"note": "password: Kz9pq12mn"}', 'Kz9pq12mn'],
    ['Le mot de passe est Azerty2024, merci.', 'Azerty2024'],
    ['password=Kz9pq12mn&user=bob', 'Kz9pq12mn'],
    ['const pwd = Kz9pq12mn;', 'Kz9pq12mn'],
  ])('leaves the surrounding punctuation, quotes and keys out: %s', (text, password) => {
    expect(only(text).map((e) => e.text)).toEqual([password]);
  });

  it.each([
    ['password = ${VAR}'],
    ['password: $PASSWORD'],
    ['password=$password'],
    ['DB_PASSWORD=$DB_PASSWORD2'],
    ['password: %DB_PASS%'],
    ['password = @Value'],
    ['password = process.env.X'],
    ['password = os.getenv("DB_PASSWORD")'],
    ['password = input("Password: ")'],
    ['password = getPassword(1)'],
    ['password = cfg["pwd"]'],
    ['password = args[0]'],
    ['password = $(cat /run/secrets/db)'],
    ['password: {{ .Values.pw }}'],
    ['password: <your-password>'],
    ['password: [REDACTED]'],
    ['password: [hidden]'],
  ])('still ignores code expressions and placeholders: %s', (text) => {
    expect(only(text)).toEqual([]);
  });
});

describe('curl and Authorization headers', () => {
  const bearer = r(ALNUM, 40, 5);
  it('finds a bearer token in curl -H', () => {
    expect(only(`curl -H "Authorization: Bearer ${bearer}" https://api.example.org`)).toContainEqual({ subtype: 'curl-auth-header', text: bearer });
  });
  it('finds an X-Api-Key header in curl', () => {
    expect(only(`curl -X GET -H 'X-Api-Key: ${bearer}' https://h`)).toContainEqual({ subtype: 'curl-auth-header', text: bearer });
  });
  it('finds the password of curl -u', () => {
    expect(only('curl --user kevin:pRf7vG2h1L8nQkW9 https://h')).toContainEqual({ subtype: 'curl-auth-user', text: 'pRf7vG2h1L8nQkW9' });
  });
  it('finds an Authorization header outside curl', () => {
    expect(only(`GET /v1/me\nAuthorization: Bearer ${bearer}\n`)).toContainEqual({ subtype: 'authorization-header', text: bearer });
  });
  it.each([
    ['curl -H "Authorization: Bearer XXXXXXXXXXXX" https://h'],
    ['curl -H "Authorization: Bearer <API token>" https://h'],
    ['curl -H "apikey: $API_KEY" https://h'],
    ['curl -u "${username}:${password}" https://h'],
    ['curl --user user:pass https://h'],
    ["curl -i -u 'test:test'"],
  ])('ignores placeholders: %s', (text) => {
    expect(only(text)).toEqual([]);
  });
});

describe('private keys, JWT, Kubernetes secrets', () => {
  const body = Array.from({ length: 4 }, (_, i) => r(ALNUM + '+/', 64, 20 + i)).join('\n');
  it('finds a PEM private key block', () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    expect(only(`key:\n${pem}\n`)).toContainEqual({ subtype: 'private-key', text: pem });
  });
  it('finds a private key inside JSON with escaped newlines', () => {
    const found = only(`{"private_key": "-----BEGIN PRIVATE KEY-----\\n${body.replace(/\n/g, '\\n')}\\n-----END PRIVATE KEY-----\\n"}`);
    expect(found.map((e) => e.subtype)).toContain('private-key');
  });
  it('ignores an empty or toy key block', () => {
    expect(only('-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----')).toEqual([]);
  });
  it('finds a JWT', () => {
    const jwt = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${r(ALNUM, 40, 3)}.${r(ALNUM + '_-', 43, 4)}`;
    expect(only(`Authorization: Bearer ${jwt}`).map((e) => e.text)).toContain(jwt);
  });
  it('finds the data values of a kind: Secret manifest, not of other kinds', () => {
    const manifest = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: UyFCXCpkJHpEc2I9\n  username: YWRtaW4=\n';
    expect(only(manifest)).toEqual(
      expect.arrayContaining([
        { subtype: 'kubernetes-secret-yaml', text: 'UyFCXCpkJHpEc2I9' },
        { subtype: 'kubernetes-secret-yaml', text: 'YWRtaW4=' },
      ]),
    );
    const configMap = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  extra: YWRtaW46cGFzc3dvcmQ=\n';
    expect(only(configMap)).toEqual([]);
    expect(only('kind: Secret\ndata:\n  csrf: ""\n')).toEqual([]);
  });
});
