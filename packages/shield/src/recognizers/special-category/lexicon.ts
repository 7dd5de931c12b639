/**
 * GDPR Art. 9 special categories and Art. 10 criminal data: French and English lexicons.
 * Terms are written naturally (accents, apostrophes); matching folds case and accents and
 * requires whole words. A trailing `*` makes a stem (`diabét*`: diabète, diabétique…).
 *
 * - `conditions`: diseases, treatments, records, organisations, beliefs: personal with a
 *   possessive or a verb ("son cancer", "atteint d'un cancer", "member of the union").
 * - `attributes`: words describing a person ("diabétique", "syndiqué", "enceinte", "gay"):
 *   personal after a copula as well ("elle est enceinte").
 * - `acronyms`: matched only when written in capitals (VIH, CGT), since the lower-case
 *   forms are ordinary words ("aids", "ald").
 *
 * Ambiguous words that would mostly hit ordinary prose are left out on purpose: "détenu"
 * (capital détenu par…), "prévenu" (informed), "union" (European Union), "sud", "FO",
 * "rom" (memory), "race" (breeds, contests), "conviction" (belief), "noir", "parole"
 * (French: speech), "greffe" (court registry), "invalide"/"disabled" (invalid, switched off),
 * "covid" (mostly the period, not a diagnosis), "lent" (French: slow).
 */

export const SPECIAL_CATEGORIES = [
  'health',
  'religion',
  'political_opinion',
  'union_membership',
  'sexual_orientation',
  'ethnic_origin',
  'biometric',
  'genetic',
  'criminal',
] as const;
export type SpecialCategory = (typeof SPECIAL_CATEGORIES)[number];

export interface CategoryLexicon {
  conditions: readonly string[];
  attributes: readonly string[];
  acronyms: readonly string[];
}

export const SPECIAL_CATEGORY_LEXICON: Readonly<Record<SpecialCategory, CategoryLexicon>> = {
  health: {
    conditions: [
      // French
      'cancer', 'cancers', 'tumeur', 'tumeurs', 'leucémie', 'lymphome', 'métastases', 'chimiothérapie', 'chimio',
      'radiothérapie', 'diabète', 'sida', 'hépatite', 'hépatite b', 'hépatite c', 'dépression', 'dépression nerveuse',
      'burn-out', 'burnout', 'burn out', 'trouble anxieux', 'troubles anxieux', 'trouble bipolaire', 'schizophrénie',
      'autisme', 'trouble du spectre autistique', 'maladie d\'alzheimer', 'alzheimer', 'maladie de parkinson',
      'parkinson', 'épilepsie', 'sclérose en plaques', 'maladie de crohn', 'asthme', 'handicap', 'invalidité',
      'situation de handicap', 'taux d\'incapacité', 'grossesse', 'fausse couche', 'interruption volontaire de grossesse',
      'arrêt maladie', 'arrêts maladie', 'arrêt de travail', 'arrêts de travail', 'congé maladie', 'congé de maladie',
      'congé maternité', 'congé de maternité', 'accident du travail', 'maladie professionnelle', 'affection de longue durée',
      'hospitalisation', 'antidépresseurs', 'antidépresseur', 'anxiolytiques', 'insuline', 'addiction', 'alcoolisme',
      'toxicomanie', 'anorexie', 'boulimie', 'troubles alimentaires', 'trouble alimentaire', 'obésité',
      'infarctus', 'accident vasculaire cérébral', 'insuffisance cardiaque', 'insuffisance rénale',
      'dialyse', 'surdité', 'cécité', 'maladie mentale', 'troubles psychiatriques', 'suivi psychiatrique',
      'suivi psychologique', 'psychothérapie', 'tentative de suicide', 'idées suicidaires', 'dyslexie', 'maladie chronique',
      'maladie grave', 'pathologie', 'mucoviscidose', 'myopathie', 'polyarthrite', 'fibromyalgie', 'endométriose',
      'stérilité', 'infertilité', 'fécondation in vitro', 'dossier médical', 'certificat médical', 'séropositivité',
      // English
      'tumor', 'tumour', 'leukemia', 'leukaemia', 'lymphoma', 'metastases', 'chemotherapy', 'chemo', 'radiotherapy',
      'diabetes', 'hiv', 'hepatitis', 'depression', 'anxiety disorder', 'bipolar disorder', 'schizophrenia', 'autism',
      'alzheimer\'s', 'parkinson\'s', 'epilepsy', 'multiple sclerosis', 'crohn\'s disease', 'asthma', 'disability',
      'disabilities', 'pregnancy', 'miscarriage', 'abortion', 'sick leave', 'sick note', 'medical leave',
      'maternity leave', 'hospitalization', 'hospitalisation', 'antidepressants', 'insulin', 'alcoholism',
      'substance abuse', 'drug addiction', 'anorexia', 'bulimia', 'eating disorder', 'obesity', 'heart attack',
      'kidney failure', 'heart failure', 'dialysis', 'organ transplant', 'mental illness', 'mental health condition',
      'psychotherapy', 'suicide attempt', 'suicidal thoughts', 'dyslexia', 'chronic illness', 'terminal illness',
      'cystic fibrosis', 'endometriosis', 'infertility', 'ivf', 'medical record', 'medical records', 'diagnosis',
    ],
    attributes: [
      'diabétique', 'diabétiques', 'séropositif', 'séropositive', 'séropositifs', 'dépressif', 'dépressive',
      'bipolaire', 'schizophrène', 'autiste', 'épileptique', 'asthmatique', 'handicapé', 'handicapée', 'handicapés',
      'handicapées', 'enceinte', 'enceintes', 'alcoolique', 'toxicomane', 'anorexique', 'boulimique',
      'obèse', 'malvoyant', 'malvoyante', 'non-voyant', 'non-voyante', 'malentendant', 'malentendante', 'paraplégique',
      'tétraplégique', 'hospitalisé', 'hospitalisée', 'dyslexique', 'cancéreux', 'immunodéprimé', 'immunodéprimée',
      'diabetic', 'hiv-positive', 'hiv positive', 'depressed', 'bipolar', 'schizophrenic', 'autistic', 'epileptic',
      'asthmatic', 'pregnant', 'alcoholic', 'anorexic', 'bulimic', 'obese', 'visually impaired',
      'hearing impaired', 'paraplegic', 'quadriplegic', 'hospitalized', 'hospitalised', 'dyslexic', 'terminally ill',
      'wheelchair user', 'immunocompromised',
    ],
    acronyms: ['VIH', 'SIDA', 'HIV', 'AIDS', 'AVC', 'IVG', 'ALD', 'RQTH', 'TDAH', 'ADHD', 'PTSD', 'TSPT', 'OCD', 'MDPH', 'AAH', 'FIV', 'PMA'],
  },
  religion: {
    conditions: [
      'islam', 'judaïsme', 'christianisme', 'catholicisme', 'protestantisme', 'bouddhisme', 'hindouisme', 'sikhisme',
      'témoins de jéhovah', 'scientologie', 'religion', 'confession religieuse', 'convictions religieuses',
      'croyances religieuses', 'appartenance religieuse', 'foi musulmane', 'foi chrétienne', 'foi juive', 'ramadan',
      'carême', 'shabbat', 'port du voile', 'voile islamique', 'mosquée', 'synagogue', 'paroisse',
      'judaism', 'christianity', 'catholicism', 'buddhism', 'hinduism', 'sikhism', 'scientology', 'religious beliefs',
      'religious affiliation', 'hijab', 'mosque', 'sabbath', 'church', 'parish',
    ],
    attributes: [
      'musulman', 'musulmane', 'musulmans', 'musulmanes', 'juif', 'juive', 'juifs', 'juives', 'chrétien', 'chrétienne',
      'chrétiens', 'catholique', 'catholiques', 'protestant', 'protestante', 'protestants', 'évangélique', 'évangéliste',
      'bouddhiste', 'hindou', 'hindoue', 'sikh', 'athée', 'athées', 'agnostique', 'témoin de jéhovah', 'mormon',
      'mormone', 'scientologue', 'croyant', 'croyante', 'converti à l\'islam',
      'convertie à l\'islam', 'muslim', 'muslims', 'jewish', 'jew', 'christian', 'catholic', 'evangelical', 'buddhist',
      'hindu', 'atheist', 'agnostic', 'jehovah\'s witness', 'scientologist', 'devout',
    ],
    acronyms: [],
  },
  political_opinion: {
    conditions: [
      'rassemblement national', 'front national', 'la france insoumise', 'france insoumise', 'les républicains',
      'parti socialiste', 'parti communiste', 'europe écologie', 'les écologistes', 'reconquête', 'lutte ouvrière',
      'nouveau parti anticapitaliste', 'opinions politiques', 'opinion politique', 'convictions politiques',
      'engagement politique', 'appartenance politique', 'sensibilité politique', 'extrême droite', 'extrême gauche',
      'gilets jaunes', 'carte du parti', 'political opinions', 'political views', 'political beliefs',
      'political affiliation', 'labour party', 'conservative party', 'democratic party', 'republican party', 'green party',
      'far right', 'far-right', 'far left', 'far-left',
    ],
    attributes: [
      'militant', 'militante', 'militants', 'militantes', 'encarté', 'encartée', 'sympathisant', 'sympathisante',
      'gauchiste', 'anarchiste', 'communiste', 'socialiste', 'trotskiste', 'royaliste', 'souverainiste', 'fasciste',
      'néonazi', 'néo-nazi', 'gilet jaune', 'frontiste', 'communist', 'socialist', 'anarchist',
      'neo-nazi', 'tory', 'labour supporter', 'democrat', 'republican',
    ],
    acronyms: ['LFI', 'EELV', 'NPA', 'PCF', 'UMP'],
  },
  union_membership: {
    conditions: [
      'syndicat', 'syndicats', 'délégué syndical', 'déléguée syndicale', 'délégués syndicaux', 'section syndicale',
      'mandat syndical', 'activité syndicale', 'activités syndicales', 'appartenance syndicale', 'adhésion syndicale',
      'représentant syndical', 'représentante syndicale', 'force ouvrière', 'sud solidaires', 'trade union',
      'trade unions', 'labor union', 'labour union', 'union membership', 'union representative', 'union rep',
      'shop steward', 'teamsters',
    ],
    attributes: ['syndiqué', 'syndiquée', 'syndiqués', 'syndiquées', 'syndicaliste', 'syndicalistes', 'gréviste', 'grévistes', 'unionized', 'unionised', 'union member'],
    acronyms: ['CGT', 'CFDT', 'CFTC', 'CFE-CGC', 'UNSA', 'FSU', 'SNES', 'AFL-CIO'],
  },
  sexual_orientation: {
    // Art. 9 "sex life or sexual orientation"; gender identity is grouped here as well.
    conditions: [
      'orientation sexuelle', 'homosexualité', 'bisexualité', 'vie sexuelle', 'coming out', 'coming-out', 'transition de genre',
      'identité de genre', 'sexual orientation', 'homosexuality', 'sex life', 'gender identity', 'gender transition',
    ],
    attributes: [
      'homosexuel', 'homosexuelle', 'homosexuels', 'homosexuelles', 'gay', 'gays', 'lesbienne', 'lesbiennes',
      'bisexuel', 'bisexuelle', 'hétérosexuel', 'hétérosexuelle', 'pansexuel', 'pansexuelle', 'asexuel', 'asexuelle',
      'transgenre', 'transsexuel', 'transsexuelle', 'queer', 'homosexual', 'lesbian', 'bisexual', 'heterosexual',
      'pansexual', 'asexual', 'transgender',
    ],
    acronyms: ['LGBT', 'LGBTQ', 'LGBTQI', 'LGBTQIA', 'LGBT+', 'LGBTQ+'],
  },
  ethnic_origin: {
    conditions: [
      'origine ethnique', 'origines ethniques', 'origine raciale', 'appartenance ethnique', 'groupe ethnique', 'ethnie',
      'minorité ethnique', 'minorité visible', 'ethnic origin', 'ethnicity', 'racial origin', 'ethnic background',
      'ethnic minority',
    ],
    attributes: [
      'maghrébin', 'maghrébine', 'afro-américain', 'afro-américaine', 'métis', 'métisse', 'tzigane', 'tziganes', 'gitan',
      'gitane', 'gens du voyage', 'issu de l\'immigration', 'issue de l\'immigration', 'african american',
      'african-american', 'hispanic', 'latino', 'latina', 'caucasian', 'romani', 'of african descent',
      'of asian descent', 'd\'origine maghrébine', 'd\'origine africaine', 'd\'origine asiatique', 'd\'origine arabe',
    ],
    acronyms: ['BAME'],
  },
  biometric: {
    conditions: [
      'empreinte digitale', 'empreintes digitales', 'reconnaissance faciale', 'données biométriques', 'gabarit biométrique',
      'empreinte vocale', 'empreinte palmaire', 'réseau veineux', 'scan de l\'iris', 'reconnaissance de l\'iris',
      'fingerprint', 'fingerprints', 'facial recognition', 'face recognition', 'biometric data', 'biometric template',
      'iris scan', 'retina scan', 'voiceprint', 'palm print', 'faceprint', 'face template',
    ],
    attributes: [],
    acronyms: [],
  },
  genetic: {
    conditions: [
      'test génétique', 'tests génétiques', 'données génétiques', 'analyse génétique', 'profil génétique',
      'maladie génétique', 'prédisposition génétique', 'séquençage du génome', 'génome', 'mutation brca', 'maladie héréditaire',
      'empreinte génétique', 'test adn', 'analyse adn', 'prélèvement adn', 'dna test', 'dna sample', 'dna analysis', 'genetic test', 'genetic testing', 'genetic data', 'genetic profile', 'genetic disorder',
      'genetic predisposition', 'genome sequencing', 'hereditary disease', 'brca mutation',
    ],
    attributes: ['porteur du gène', 'porteuse du gène', 'carrier of the gene'],
    // "ADN"/"DNA" alone are left out: "c'est dans notre ADN", "our DNA" are corporate idioms.
    acronyms: ['BRCA1', 'BRCA2'],
  },
  criminal: {
    conditions: [
      'casier judiciaire', 'extrait de casier', 'condamnation', 'condamnations', 'condamnation pénale', 'garde à vue',
      'mise en examen', 'détention provisoire', 'contrôle judiciaire', 'bracelet électronique', 'peine de prison',
      'peine d\'emprisonnement', 'emprisonnement', 'incarcération', 'prison avec sursis', 'avec sursis', 'sursis probatoire',
      'antécédents judiciaires', 'comparution immédiate', 'rappel à la loi', 'fiche s', 'fiché s', 'délit', 'crime',
      'infraction pénale', 'prison', 'plainte pénale', 'interdiction de territoire', 'liberté conditionnelle',
      'criminal record', 'criminal records', 'criminal history', 'criminal conviction', 'prior convictions',
      'police custody', 'prison sentence', 'jail', 'felony', 'misdemeanor', 'misdemeanour', 'probation',
      'sex offender register', 'on parole',
    ],
    attributes: [
      'condamné', 'condamnée', 'condamnés', 'incarcéré', 'incarcérée', 'écroué', 'écrouée', 'mis en examen',
      'mise en examen', 'emprisonné', 'emprisonnée', 'récidiviste', 'délinquant', 'délinquante', 'convicted', 'incarcerated',
      'imprisoned', 'arrested', 'indicted', 'sex offender', 'felon', 'ex-convict', 'repeat offender',
    ],
    acronyms: ['DUI', 'DWI'],
  },
};

/**
 * Terms with a common innocent meaning ("enceinte": enclosure or loudspeaker, "Christian":
 * a first name, "prison" in history, "dépression": weather): a person nearby is not
 * enough, only a possessive/verb right before them ("elle est enceinte", "he is a
 * Christian", "placé en prison") makes them personal.
 */
export const TRIGGER_ONLY_TERMS: readonly string[] = [
  'enceinte', 'enceintes', 'christian', 'militant', 'militante', 'militants', 'militantes', 'crime', 'prison',
  'dépression', 'depression', 'pathologie', 'génome', 'tumeurs', 'communiste', 'socialiste', 'republican', 'democrat',
  'church', 'paroisse', 'parish', 'mosquée', 'mosque', 'synagogue', 'délit', 'jail',
];
