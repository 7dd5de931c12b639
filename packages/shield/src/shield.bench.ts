/**
 * Micro-benchmark of the transformation side (not a test; the team benchmark is in bench/).
 * Run: npx tsx packages/shield/src/shield.bench.ts
 * Uses the small fake recognizer set so it measures policy + operators + vault + restore,
 * plus the analyzer skeleton, independently of the real recognizers' cost.
 */
import { createShield } from './shield.ts';
import { restore } from './restore.ts';
import { StreamRestorer } from './stream-restorer.ts';
import { transform } from './operators.ts';
import { Vault } from './vault.ts';
import { fakeRecognizers } from '../test/fake-recognizers.ts';

function measure(name: string, iterations: number, run: () => void): void {
  for (let i = 0; i < Math.min(iterations, 2000); i++) run(); // warm-up
  const samples: number[] = [];
  for (let batch = 0; batch < 15; batch++) {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) run();
    samples.push((performance.now() - start) / iterations);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  console.log(`${name.padEnd(58)} median ${(median * 1000).toFixed(1).padStart(8)} µs/op`);
}

const paragraph =
  'Bonjour, je transmets le dossier de Jean Dupont (jean.dupont@exemple.fr, 06 12 34 56 78) à Marie Curie. ' +
  'Il a du diabète, merci de traiter avec soin. Clé: AKIAIOSFODNN7EXAMPLE. Zoé Lefèvre est en copie. ';
let prompt = '';
while (prompt.length < 2048) prompt += paragraph;
prompt = prompt.slice(0, 2048);

const shield = createShield({ recognizers: fakeRecognizers() });
const conversation = new Vault();
const protectedPrompt = shield.protect(prompt, { vault: conversation, destination: 'eu' });
console.log(`prompt ${prompt.length} chars, ${protectedPrompt.entities.length} entities; node ${process.version}`);

measure('protect 2 KB (fake recognizers, new vault each time)', 2000, () => {
  shield.protect(prompt, { vault: new Vault(), destination: 'eu' });
});
measure('analyze only 2 KB (fake recognizers)', 2000, () => {
  shield.analyze(prompt);
});
measure('transform only 2 KB (pseudonymize all, warm vault)', 5000, () => {
  transform(prompt, protectedPrompt.entities, protectedPrompt.actions, conversation);
});
measure('restore 2 KB answer', 5000, () => {
  restore(protectedPrompt.text, conversation);
});

const bytes = new TextEncoder().encode(protectedPrompt.text);
measure('stream-restore 2 KB answer in 16-byte chunks', 2000, () => {
  const restorer = new StreamRestorer(conversation);
  for (let i = 0; i < bytes.length; i += 16) restorer.push(bytes.subarray(i, i + 16));
  restorer.end();
});

// Linearity: 50 times longer stream should cost about 50 times more.
const longAnswer = protectedPrompt.text.repeat(50);
const longBytes = new TextEncoder().encode(longAnswer);
measure('stream-restore 100 KB answer in 16-byte chunks', 40, () => {
  const restorer = new StreamRestorer(conversation);
  for (let i = 0; i < longBytes.length; i += 16) restorer.push(longBytes.subarray(i, i + 16));
  restorer.end();
});
