/**
 * Prompts of the hot-path benchmark: a 2 KB French HR note with a few names, a phone, an e-mail and
 * an IBAN, and a 2 KB French note with no entity at all.
 */
const HR_NOTE_TEXT = [
  'Objet : Dossier de Mme Claire Fontaine – entretien annuel et mise à jour RH',
  '',
  'Bonjour Sophie,',
  '',
  "Suite à notre échange de ce matin, je te transmets les éléments pour le dossier de Claire Fontaine, " +
    "chargée de clientèle à l'agence de Lyon depuis 2019. Elle a validé son entretien annuel avec Marc Lefèvre " +
    'le 14 octobre ; les objectifs de l’an prochain portent sur le portefeuille entreprises et la formation des nouveaux arrivants.',
  '',
  "Pour la paie, merci de mettre à jour ses coordonnées bancaires : IBAN FR76 3000 6000 0112 3456 7890 189. " +
    'Le changement doit être pris en compte avant la clôture de novembre, sinon le virement partira sur l’ancien compte.',
  '',
  'Ses coordonnées personnelles ont changé : elle est joignable au 06 12 34 56 78 ou par e-mail à ' +
    'claire.fontaine@exemple.fr. Pense à prévenir Thomas Girard, son manager direct, qui prépare le planning des congés.',
  '',
  "Par ailleurs, la direction souhaite que la révision des primes soit présentée au comité du mois prochain. " +
    "Le budget global reste stable, mais la répartition entre les équipes doit être justifiée par les résultats " +
    "du troisième trimestre. Je compte sur toi pour consolider les tableaux et vérifier les montants avec le contrôle de gestion.",
  '',
  "Enfin, le prestataire de formation nous a envoyé sa proposition pour le programme de management ; elle me semble " +
    "cohérente avec nos besoins, mais le calendrier est serré. Peux-tu regarder si les dates de janvier conviennent aux équipes " +
    "commerciales et me faire un retour d'ici vendredi ? Nous pourrons en parler lors de notre point hebdomadaire.",
  '',
  'Merci pour ton aide et bonne fin de journée,',
  'Julien Moreau',
  'Responsable des ressources humaines',
].join('\n');

const NO_ENTITY_TEXT = [
  'Peux-tu m’aider à reformuler cette note interne pour la rendre plus claire et plus concise ?',
  '',
  "Le comité de pilotage s'est réuni cette semaine pour faire le point sur l'avancement du projet de refonte " +
    "de l'outil de gestion des demandes. Les équipes ont présenté les résultats des premiers ateliers avec les " +
    'utilisateurs : les retours sont globalement positifs, mais plusieurs irritants persistent, notamment sur la ' +
    "recherche des dossiers et sur la lisibilité des tableaux de bord. Il a été décidé de prioriser ces deux sujets " +
    'pour la prochaine itération, quitte à décaler la refonte du module de reporting.',
  '',
  "Côté planning, la mise en production reste prévue pour le début du second trimestre. Le recettage commencera " +
    "dès que les développements en cours seront terminés, et une phase pilote sera menée avec deux services volontaires " +
    'afin de valider les parcours principaux avant le déploiement général. Les supports de formation seront préparés ' +
    'en parallèle, avec des sessions courtes et des guides pratiques.',
  '',
  "Sur le plan budgétaire, l'enveloppe initiale est respectée à ce stade. Une provision a toutefois été constituée " +
    'pour couvrir les éventuels ajustements demandés lors de la phase pilote. Le prochain comité aura lieu le mois ' +
    "prochain ; d'ici là, chaque responsable de lot est invité à mettre à jour ses indicateurs et à signaler les " +
    'risques identifiés. Merci à toutes et à tous pour votre implication et pour la qualité des échanges de cette séance.',
  '',
  "Pour conclure, nous rappelons que les décisions prises aujourd'hui seront consignées dans le compte rendu partagé " +
    "sur l'espace du projet, et que les questions restées ouvertes seront traitées lors des prochains ateliers.",
].join('\n');

/** Cut at a space so the text is at most `bytes` UTF-8 bytes (like the team benchmark). */
export function toBytes(text: string, bytes = 2048): string {
  const encoder = new TextEncoder();
  let out = text;
  while (encoder.encode(out).length < bytes) out += '\n\n' + text;
  while (encoder.encode(out).length > bytes) out = out.slice(0, out.lastIndexOf(' '));
  return out;
}

export const HR_NOTE_2KB = toBytes(HR_NOTE_TEXT);
export const NO_ENTITY_2KB = toBytes(NO_ENTITY_TEXT);
