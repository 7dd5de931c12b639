/**
 * The language of a code block, when it is easy to tell: from the fence's info string
 * (```ts) or from a few unmistakable signatures. Returns undefined rather than guessing.
 */

/** Fence info strings → our language names. */
const FENCE_ALIASES: Readonly<Record<string, string>> = {
  js: 'javascript', javascript: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript', node: 'javascript',
  ts: 'typescript', typescript: 'typescript', tsx: 'typescript',
  py: 'python', python: 'python', python3: 'python', py3: 'python',
  java: 'java', kotlin: 'kotlin', kt: 'kotlin', scala: 'scala', groovy: 'groovy',
  c: 'c', h: 'c', cpp: 'cpp', 'c++': 'cpp', cc: 'cpp', cxx: 'cpp', hpp: 'cpp',
  cs: 'csharp', csharp: 'csharp', 'c#': 'csharp', fs: 'fsharp', fsharp: 'fsharp', vb: 'vbnet', vbnet: 'vbnet',
  go: 'go', golang: 'go', rs: 'rust', rust: 'rust', swift: 'swift', dart: 'dart',
  rb: 'ruby', ruby: 'ruby', php: 'php', pl: 'perl', perl: 'perl', lua: 'lua', r: 'r',
  sh: 'shell', bash: 'shell', zsh: 'shell', shell: 'shell', console: 'shell', shellsession: 'shell',
  ps1: 'powershell', powershell: 'powershell', pwsh: 'powershell', bat: 'batch', cmd: 'batch',
  sql: 'sql', plsql: 'sql', postgresql: 'sql', mysql: 'sql', tsql: 'sql',
  html: 'html', xml: 'xml', svg: 'xml', css: 'css', scss: 'css', less: 'css', vue: 'vue', svelte: 'svelte',
  json: 'json', jsonc: 'json', yaml: 'yaml', yml: 'yaml', toml: 'toml', ini: 'ini',
  dockerfile: 'dockerfile', docker: 'dockerfile', makefile: 'makefile', make: 'makefile',
  hcl: 'terraform', terraform: 'terraform', tf: 'terraform', graphql: 'graphql', gql: 'graphql',
  abap: 'abap', cobol: 'cobol', matlab: 'matlab', asm: 'assembly', nasm: 'assembly', solidity: 'solidity',
  elixir: 'elixir', ex: 'elixir', erlang: 'erlang', haskell: 'haskell', hs: 'haskell', ocaml: 'ocaml', clojure: 'clojure',
};

/** Info strings that announce text rather than a program. */
const NON_CODE_FENCES: ReadonlySet<string> = new Set(['', 'text', 'txt', 'plain', 'plaintext', 'md', 'markdown', 'log', 'output', 'quote', 'diff']);

export function languageFromFence(info: string): string | undefined {
  return FENCE_ALIASES[info.toLowerCase()];
}

export function isNonCodeFence(info: string): boolean {
  return NON_CODE_FENCES.has(info.toLowerCase());
}

/** [language, signature, weight]: the best total wins; a tie means we do not know. */
const SIGNATURES: readonly (readonly [string, RegExp, number])[] = [
  ['python', /^\s*(?:async\s+)?def\s+\w+\s*\(.*\)\s*(?:->\s*[\w[\], .]+)?:\s*$/m, 2],
  ['python', /^\s*(?:from\s+[\w.]+\s+import\s|import\s+[\w.]+\s*$)/m, 1],
  ['python', /\bself\.\w|^\s*elif\s|^\s*except\b|\bNone\b|__name__|\bprint\(f?["']/m, 1],
  ['typescript', /:\s*(?:string|number|boolean|void|unknown|any)\b|^\s*(?:export\s+)?(?:interface|type)\s+[A-Z]\w*|\bas\s+const\b/m, 2],
  ['javascript', /^\s*(?:export\s+)?(?:const|let|var)\s+[\w${[]|=>|\bfunction\b|\bconsole\.\w+\(|\brequire\(|\bdocument\.\w|\bawait\s/m, 1],
  ['javascript', /^\s*import\s+.+\s+from\s+['"]|\bmodule\.exports\b/m, 1],
  ['java', /\bpublic\s+(?:static\s+)?(?:final\s+)?(?:class|void|interface)\b|\bSystem\.out\.|^\s*import\s+java\.|^\s*package\s+[\w.]+;/m, 2],
  ['java', /@Override\b|\bnew\s+\w+<|\bString\[\]/m, 1],
  ['csharp', /^\s*using\s+System|\bConsole\.Write|^\s*namespace\s+\w+|\{\s*get;\s*set;\s*\}/m, 2],
  ['c', /^\s*#include\s*<(?:stdio|stdlib|string|unistd)\.h>|\bprintf\(|\bmalloc\(/m, 2],
  ['cpp', /\bstd::|^\s*#include\s*<(?:iostream|vector|string|map|memory)>|\bcout\s*<</m, 2],
  ['go', /^\s*package\s+\w+\s*$|^\s*func\s+(?:\([^)]*\)\s*)?\w+\(|:=|\bfmt\.\w+\(/m, 1],
  ['go', /^\s*func\s+(?:\([^)]*\)\s*)?\w+\(.*\)\s*[\w*[\]]*\s*\{/m, 1],
  ['rust', /^\s*(?:pub\s+)?fn\s+\w+|\blet\s+mut\b|\bprintln!\(|^\s*impl\b|::new\(|&mut\s/m, 2],
  ['php', /<\?php|\$\w+\s*=|->\w+\(|\becho\s+\$/m, 2],
  ['ruby', /^\s*def\s+\w+[?!]?\s*$|^\s*end\s*$|\bputs\s|\battr_accessor\b/m, 1],
  ['sql', /^\s*(?:SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|CREATE\s+TABLE|ALTER\s+TABLE)\b/m, 2],
  ['sql', /^\s*(?:FROM|WHERE|JOIN|GROUP\s+BY|ORDER\s+BY)\b/m, 1],
  ['shell', /^#!\/(?:usr\/)?bin\/(?:env\s+)?(?:ba|z)?sh|^\s*\$\s+\w|^\s*(?:sudo|apt-get|npm|git|docker|kubectl)\s|\bfi\s*$|\bdone\s*$/m, 2],
  ['html', /<\/(?:div|span|p|html|body|head|ul|li|table|a|form|script)>|<!DOCTYPE html/i, 2],
  // Two separate tests: a combined selector-then-property pattern backtracks badly on long words.
  ['css', /^[ \t]*[.#]?[\w-]+(?:[ \t]*[.#:>,+~][ \t]*[\w-]+|[ \t]+[\w-]+)*[ \t]*\{[ \t]*$/m, 1],
  ['css', /^[ \t]*[\w-]+[ \t]*:[ \t]*[^;{}\n]+;[ \t]*$/m, 1],
];

/** Enough to recognise a language; bounds the cost on a huge paste. */
const GUESS_SAMPLE_LENGTH = 4000;

export function guessLanguage(block: string): string | undefined {
  const code = block.length > GUESS_SAMPLE_LENGTH ? block.slice(0, GUESS_SAMPLE_LENGTH) : block;
  const totals = new Map<string, number>();
  for (const [language, signature, weight] of SIGNATURES) {
    if (signature.test(code)) totals.set(language, (totals.get(language) ?? 0) + weight);
  }
  // TypeScript is JavaScript with types: type annotations decide between the two.
  const typescript = totals.get('typescript') ?? 0;
  if (typescript > 0) totals.set('typescript', typescript + (totals.get('javascript') ?? 0));
  let best: string | undefined;
  let bestTotal = 0;
  let tied = false;
  for (const [language, total] of totals) {
    if (total > bestTotal) {
      best = language;
      bestTotal = total;
      tied = false;
    } else if (total === bestTotal) tied = true;
  }
  return tied ? undefined : best;
}
