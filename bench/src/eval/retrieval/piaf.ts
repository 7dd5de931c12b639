import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from '../datasets/paths.ts';

export interface PiafParagraph {
  paragraphId: string;
  title: string;
  context: string;
}

export interface PiafQuestion {
  id: string;
  question: string;
  paragraphId: string;
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/** PIAF v1.0 (French Wikipedia, SQuAD format): 761 paragraphs, 1,283 dev questions. */
export function loadPiaf(directory = join(DATA_DIR, 'piaf')): { paragraphs: PiafParagraph[]; questions: PiafQuestion[] } {
  const paragraphs = readJsonl<{ paragraph_id: string; title: string; context: string }>(join(directory, 'paragraphs.jsonl')).map((row) => ({
    paragraphId: row.paragraph_id,
    title: row.title,
    context: row.context,
  }));
  const questions = readJsonl<{ id: string; question: string; paragraph_id: string }>(join(directory, 'questions.dev.jsonl')).map((row) => ({
    id: row.id,
    question: row.question,
    paragraphId: row.paragraph_id,
  }));
  return { paragraphs, questions };
}
