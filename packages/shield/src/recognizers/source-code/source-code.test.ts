import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../analyzer.ts';
import type { DetectedEntity, RecognizerInput } from '../../types.ts';
import { sourceCodeRecognizer } from './index.ts';
import { classifyLine, mayBeStrong } from './line-signals.ts';

const recognizer = sourceCodeRecognizer();

function find(text: string): DetectedEntity[] {
  const input: RecognizerInput = { text, lowerText: text.toLowerCase(), language: 'fr' };
  return recognizer.find(input).filter((e) => e.score >= 0.5);
}

describe('SOURCE_CODE: fenced blocks', () => {
  it('reports a fenced block from fence to fence, language from the info string', () => {
    const code = '```python\ndef total(items):\n    return sum(items)\n```';
    const text = `Peux-tu optimiser ceci ?\n${code}\nMerci !`;
    const [block] = find(text);
    expect(block).toMatchObject({ type: 'SOURCE_CODE', subtype: 'python', score: 0.95, text: code });
    expect(text.slice(block!.start, block!.end)).toBe(code);
  });

  it('guesses the language of an untagged fence and accepts ~~~ and an unclosed fence', () => {
    const [java] = find('~~~\npublic class Main {\n  public static void main(String[] args) {}\n}\n~~~');
    expect(java).toMatchObject({ subtype: 'java', score: 0.9 });
    const [open] = find('Voici :\n```\nSELECT id, email FROM users WHERE active = 1;\n');
    expect(open).toMatchObject({ subtype: 'sql', text: '```\nSELECT id, email FROM users WHERE active = 1;' });
  });

  it('scores a fence around prose below the threshold, and ignores empty and inline fences', () => {
    expect(find('```\nBonjour Paul, je te transmets le compte rendu.\nÀ bientôt.\n```')).toEqual([]);
    expect(find('```\n\n```')).toEqual([]);
    expect(find('Use ```npm ci``` in CI,\nnot npm install,\nplease.')).toEqual([]);
  });
});

describe('SOURCE_CODE: unfenced blocks', () => {
  const cases: [string, string, string | undefined][] = [
    [
      'JavaScript',
      'function add(a, b) {\n  return a + b;\n}',
      'javascript',
    ],
    [
      'Python',
      'import os\n\ndef list_files(path):\n    for name in os.listdir(path):\n        print(name)\n    return None',
      'python',
    ],
    [
      'Java',
      'public class Payroll {\n    private double rate;\n    public double pay(int hours) {\n        return hours * rate;\n    }\n}',
      'java',
    ],
    [
      'SQL',
      'SELECT u.name, u.email\nFROM users u\nJOIN orders o ON o.user_id = u.id\nWHERE o.total > 100;',
      'sql',
    ],
    [
      'C',
      '#include <stdio.h>\nint main(void) {\n    printf("hello");\n    return 0;\n}',
      'c',
    ],
    [
      'HTML',
      '<div class="card">\n  <h2>Résultats</h2>\n  <p class="total">42</p>\n</div>',
      'html',
    ],
    [
      'TypeScript',
      'export interface User {\n  id: string;\n  email: string;\n}\nconst users: User[] = [];',
      'typescript',
    ],
  ];

  it.each(cases)('finds a pasted %s block as one span', (_name, code, language) => {
    const text = `Bonjour, le code suivant plante en production, pouvez-vous m'aider ?\n\n${code}\n\nMerci d'avance pour votre aide.`;
    const blocks = find(text);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]!.text).toBe(code);
    expect(blocks[0]!.subtype).toBe(language);
    expect(blocks[0]!.score).toBeGreaterThanOrEqual(0.65);
  });

  it('keeps comments and blank lines inside a block', () => {
    const code = 'const rate = 0.2;\n\n// apply the rate\nconst net = gross * (1 - rate);\nconsole.log(net);';
    expect(find(code).map((e) => e.text)).toEqual([code]);
  });

  it('reports two blocks separated by prose', () => {
    const first = 'let a = 1;\nlet b = 2;\nconsole.log(a + b);';
    const second = 'def f(x):\n    y = x * 2\n    return y';
    const text = `${first}\nEnsuite, la version Python qui fait la même chose en plus court :\n${second}`;
    expect(find(text).map((e) => e.text)).toEqual([first, second]);
  });
});

describe('SOURCE_CODE: not code', () => {
  it.each([
    ['prose mentioning code', 'Le code source est dans le dépôt ; merci de ne pas le partager.\nOn en reparle demain.\nBonne journée.'],
    ['French list with semicolons', 'Ordre du jour :\n- budget 2025 ;\n- recrutements (voir annexe);\n- questions diverses.'],
    ['unbulleted French list', 'Les points sont :\nle budget (voir annexe);\nles recrutements (hors stages);\nles travaux (bâtiment B);'],
    ['postal address', 'Jean Dupont\n12 rue de la Paix\n75002 Paris\nFrance'],
    ['inline code word', 'Lance `npm test` puis regarde le fichier `index.ts`.\nSi ça échoue, relance.\nMerci.'],
    ['e-mail with a wrapped line starting with a keyword', 'Hello team,\nplease find the report attached and review it\nfor the meeting tomorrow. If anything is missing,\nreturn the form by Friday.\nThanks'],
    ['markdown table', '| Nom | Rôle |\n|---|---|\n| Alice | Dev |\n| Bob | Ops |'],
    ['arithmetic in prose', 'Total = 45 € pour la soirée\nTVA = 9 €\nReste à payer : 36 €'],
    ['e-mail headers', 'From: alice@example.com\nTo: bob@example.com\nSubject: budget\n\nHi Bob, see below.'],
  ])('%s', (_name, text) => {
    expect(find(text)).toEqual([]);
  });

  it('treats a three-line JSON object as data', () => {
    expect(find('{\n    "github_token": "ghp_0123456789abcdef"\n}')).toEqual([]);
  });

  it('copes with very long lines (base64, minified code) without pathological backtracking', () => {
    const longWord = 'a1b2'.repeat(5000);
    expect(find(`${longWord}\n${longWord} {\n${longWord}\n`)).toEqual([]);
    const minified = `var a=1;${'function f(x){return x+1};'.repeat(400)}`;
    expect(find(`${minified}\n${minified}\n${minified}`)).toHaveLength(1);
  });

  it('needs at least three code lines', () => {
    expect(find('Essaie ceci :\nconst x = compute();\nconsole.log(x);\nÇa devrait marcher.')).toEqual([]);
  });
});

describe('classifyLine', () => {
  it('tells statements, weak code, comments and prose apart', () => {
    expect(classifyLine('    return total;', true)).toBe('strong');
    expect(classifyLine('});', false)).toBe('strong');
    expect(classifyLine('total = price * qty', false)).toBe('code');
    expect(classifyLine('// explain why', false)).toBe('comment');
    expect(classifyLine('Return the signed form by Friday please.', false)).toBe('prose');
    expect(classifyLine('return the signed form by Friday.', false)).toBe('prose');
    expect(['prose', 'neutral']).toContain(classifyLine('- le budget ;', false));
  });
});

describe('mayBeStrong (the pre-check that skips the line analysis of prose)', () => {
  const lines = [
    'function add(a, b) {', '  return a + b;', 'import os', 'def list_files(path):', '    for name in os.listdir(path):',
    '        print(name)', '    return None', 'public class Payroll {', '    private double rate;', 'export interface User {',
    '  id: string;', 'const users: User[] = [];', 'JOIN orders o ON o.user_id = u.id', 'WHERE o.total > 100;',
    '    return total;', '});', '}', '{', ']', 'end', 'total = price * qty', '// explain why', 'Return the signed form by Friday please.',
    'return the signed form by Friday.', '- le budget ;', 'le budget (voir annexe);', 'recrutements (hors stages);', 'x;', 'foo.bar();',
    '<h2 class="x">Titre</h2>', '</div>', 'if x > 1:', 'if needed:', 'else:', 'try:', 'except ValueError as e:', '} else {',
    '@Override', 'SELECT * FROM t', 'FROM users u', 'WHERE a = 1;', 'fn main() {', 'func (s *S) Run() {', 'impl Foo for Bar {',
    'public static void main(String[] args) {', '#include <stdio.h>', '#define X 1', '#!/bin/sh', '<?php', 'package main',
    'using System;', 'namespace App;', 'print("x")', 'console.log(x)', 'raise ValueError', 'await fetch(url)', 'int x = 1;',
    'Le contrat est signé ; la suite demain.', 'Bonjour à tous,', 'Merci de votre retour.', `${'a'.repeat(500)};`, `return ${'x'.repeat(500)}`,
  ];
  it('accepts every line that classifyLine calls strong, inside a block or not', () => {
    for (const line of lines) {
      for (const insideBlock of [false, true]) {
        if (classifyLine(line, insideBlock) === 'strong') expect(mayBeStrong(line), line).toBe(true);
      }
    }
  });

  it('turns down ordinary prose lines, blank lines and comments', () => {
    for (const line of ['Bonjour à tous,', 'Le contrat est signé ; la suite demain.', '', '   ', '// note', '# titre', 'Total = 45 €']) {
      expect(mayBeStrong(line), line).toBe(false);
    }
  });
});

describe('SOURCE_CODE through the analyzer', () => {
  it('is pre-filtered out of plain prose and found in code', () => {
    const analyzer = createAnalyzer({ recognizers: [recognizer] });
    expect(analyzer.analyze('Rien de technique ici.\nJuste du texte.\nEt encore du texte.')).toEqual([]);
    const code = 'for (let i = 0; i < n; i++) {\n  sum += values[i];\n}';
    expect(analyzer.analyze(code).map((e) => [e.type, e.text])).toEqual([['SOURCE_CODE', code]]);
  });
});
