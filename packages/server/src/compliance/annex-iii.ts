/**
 * AI Act Annex III (high-risk uses), as keyword checks on the use cases the organisation
 * declares for each model. A hit is a warning for the DPO to assess — not a legal
 * qualification: Art. 6(3) exceptions may apply.
 */
export interface AnnexIiiArea {
  point: string;
  title: string;
  keywords: RegExp;
}

export const ANNEX_III_AREAS: readonly AnnexIiiArea[] = [
  { point: '1', title: 'Biometrics (remote identification, categorisation, emotion recognition)', keywords: /biom[ée]tri|reconnaissance faciale|facial recognition|emotion|émotion/i },
  { point: '2', title: 'Critical infrastructure (safety components)', keywords: /infrastructure critique|critical infrastructure|réseau électrique|power grid|water supply|eau potable|trafic routier|road traffic/i },
  { point: '3', title: 'Education and vocational training (admission, assessment, proctoring)', keywords: /admission|notation|grading|exam|proctor|surveillance d'examen|orientation scolaire|student assessment|évaluation des élèves/i },
  {
    point: '4(a)',
    title: 'Employment: recruitment and selection (job ads, filtering applications, evaluating candidates)',
    keywords: /recrut|recruit|hiring|embauche|candidat|candidate|cv screening|tri de cv|tri des cv|sélection des candidat|job application|shortlist/i,
  },
  {
    point: '4(b)',
    title: 'Employment: decisions on promotion, termination, task allocation, monitoring or evaluating workers',
    keywords: /promotion|licenci|termination|dismiss|évaluation (des|du) (salari|personnel|employ|agent)|worker evaluation|employee evaluation|performance review|entretien annuel|monitoring (of )?(workers|employees)|surveillance des salari|task allocation|répartition des tâches/i,
  },
  { point: '5(a)', title: 'Access to essential public services and benefits', keywords: /prestations sociales|public benefits|aide sociale|allocation|eligibility for benefits|éligibilité/i },
  { point: '5(b)', title: 'Creditworthiness and credit scoring', keywords: /credit scor|solvabilit|creditworth|scoring de crédit|octroi de crédit/i },
  { point: '5(c)', title: 'Risk assessment and pricing in life and health insurance', keywords: /assurance (vie|santé)|life insurance|health insurance|tarification/i },
  { point: '5(d)', title: 'Emergency calls and triage', keywords: /appels d'urgence|emergency call|triage|dispatch/i },
  { point: '6', title: 'Law enforcement', keywords: /police|law enforcement|enquête pénale|criminal investigation|récidive|recidivism/i },
  { point: '7', title: 'Migration, asylum and border control', keywords: /migration|asile|asylum|visa|border control|contrôle aux frontières/i },
  { point: '8', title: 'Administration of justice and democratic processes', keywords: /justice|juge|judicial|tribunal|court decision|élection|election|vote/i },
];

export interface AnnexIiiWarning {
  useCase: string;
  point: string;
  title: string;
}

export function annexIiiWarnings(useCases: readonly string[]): AnnexIiiWarning[] {
  const warnings: AnnexIiiWarning[] = [];
  for (const useCase of useCases) {
    for (const area of ANNEX_III_AREAS) {
      if (area.keywords.test(useCase)) warnings.push({ useCase, point: area.point, title: area.title });
    }
  }
  return warnings;
}
