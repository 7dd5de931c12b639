/**
 * The gateway benchmark's request: a ~1 KB French support message carrying a few names and
 * identifiers (two people, an e-mail, a phone, an IBAN, a SIRET), so Rempart's shield has
 * real work to do (detect, pseudonymise, restore), as in production traffic.
 */

export const GATEWAY_PROMPT = [
  'Bonjour,',
  '',
  'Je suis Jean Dupont, client depuis 2019 et gérant de la société Dupont Rénovation (SIRET 732 829 320 00074).',
  "Le mois dernier, un prélèvement de 249,90 € a été débité deux fois sur mon compte IBAN FR76 3000 6000 0112 3456 7890 189, alors que la facture de septembre n'avait été émise qu'une fois.",
  "J'ai déjà signalé le problème par téléphone à votre conseillère, Marie Lefèvre, qui m'a promis un remboursement sous huit jours, mais je n'ai rien reçu depuis.",
  'Pouvez-vous vérifier les deux opérations, me confirmer la date du remboursement et me dire si des frais bancaires liés au rejet seront également pris en charge ?',
  'Vous pouvez me joindre à jean.dupont@exemple.fr ou au 06 12 34 56 78, de préférence le matin avant 11 heures.',
  '',
  "Rédige une réponse courte, polie et précise à ce client, en reprenant les montants et les dates, et propose-lui un geste commercial si le double prélèvement est confirmé par l'équipe comptable.",
  '',
  'Avec mes remerciements anticipés, cordialement,',
  'Jean Dupont',
].join('\n');

/** The OpenAI chat request every target receives (same bytes for all). */
export function chatRequestBody(stream: boolean): string {
  return JSON.stringify({
    model: 'bench',
    messages: [
      { role: 'system', content: 'Tu es un assistant du service client. Réponds en français, brièvement.' },
      { role: 'user', content: GATEWAY_PROMPT },
    ],
    ...(stream ? { stream: true } : {}),
  });
}
