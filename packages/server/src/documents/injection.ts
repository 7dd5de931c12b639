/**
 * Text inside a document that tries to instruct the model reading it (prompt injection):
 * flagged at ingestion (rule names and places, never the text) and, whatever the flags,
 * every passage is fenced as untrusted data when it goes to a model (chat-context.ts).
 */
export interface InjectionRule {
  id: string;
  pattern: RegExp;
}

export const INJECTION_RULES: readonly InjectionRule[] = [
  {
    id: 'ignore-instructions',
    pattern:
      /\b(ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}\b(previous|prior|above|earlier|preceding|all|your|system)\b[^.\n]{0,30}\b(instructions?|prompts?|rules|directions|guidelines|context)\b/i,
  },
  {
    id: 'ignore-instructions-fr',
    pattern:
      /\b(ignorez?|ignore[rs]?|oubliez?|oublie[rs]?|ne tenez pas compte|ne tiens pas compte|contournez?|outrepassez?)\b[^.\n]{0,40}\b(instructions?|consignes?|r[eè]gles|directives|prompts?|contexte)\b/i,
  },
  {
    id: 'role-override',
    pattern:
      /\b(you are now|from now on,? you (are|will|must)|act as (an? )?(unrestricted|jailbroken|dan)|tu es d[ée]sormais|tu es maintenant|vous [eê]tes d[ée]sormais|[àa] partir de maintenant,? (tu|vous) (es|[eê]tes|dois|devez))\b/i,
  },
  {
    id: 'system-prompt-marker',
    pattern:
      /(<\|im_start\|>\s*system|<\|system\|>|\[\/?INST\]|<<SYS>>|^\s*#{0,3}\s*(system|syst[eè]me)\s*(prompt)?\s*:|<\/?system>|\bsystem prompt\b|\bprompt syst[eè]me\b|\bnew instructions\s*:|\bnouvelles instructions\s*:)/im,
  },
  {
    id: 'secrecy-instruction',
    pattern:
      /\b(do not (tell|reveal to|inform) the user|don't tell the user|ne (le )?dis pas [àa] l'utilisateur|ne (le )?r[ée]v[eè]le pas [àa] l'utilisateur|sans (le )?dire [àa] l'utilisateur)\b/i,
  },
  {
    id: 'exfiltration',
    pattern:
      /\b(reveal|print|repeat|output|send)\b[^.\n]{0,30}\b(your|the) (system prompt|instructions|api key|password|credentials)\b|\b(r[ée]v[eè]le|affiche|r[ée]p[eè]te|envoie)[sz]?\b[^.\n]{0,30}\b(tes|vos|les) (instructions|consignes|cl[ée]s? d'api|mots? de passe)\b/i,
  },
];

export interface InjectionFlag {
  rule: string;
  /** Position of the passage (chunk) it was found in. */
  chunk: number;
  page?: number;
}

export function findInjection(text: string): string[] {
  return INJECTION_RULES.filter((rule) => rule.pattern.test(text)).map((rule) => rule.id);
}
