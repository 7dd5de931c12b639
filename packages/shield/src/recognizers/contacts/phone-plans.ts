/**
 * National significant number lengths per E.164 country code, for the countries people in
 * our users' texts call most. Country codes are a prefix code, so reading 1, 2 then 3 digits
 * finds the code without ambiguity. Unlisted codes fall back to the generic E.164 rule.
 */

/** Country code → allowed lengths of the national significant number (without trunk 0). */
export const NSN_LENGTHS: Readonly<Record<string, readonly number[]>> = {
  '1': [10], '7': [10], '20': [9, 10], '27': [9], '30': [10], '31': [9], '32': [8, 9], '33': [9], '34': [9], '36': [8, 9],
  '39': [6, 7, 8, 9, 10, 11], '40': [9], '41': [9], '43': [7, 8, 9, 10, 11, 12, 13], '44': [9, 10], '45': [8], '46': [7, 8, 9, 10],
  '47': [8], '48': [9], '49': [6, 7, 8, 9, 10, 11, 12], '51': [8, 9], '52': [10], '54': [10, 11], '55': [10, 11], '56': [9],
  '57': [10], '58': [10], '60': [8, 9, 10], '61': [9], '62': [8, 9, 10, 11, 12], '63': [10], '64': [8, 9, 10], '65': [8],
  '66': [8, 9], '81': [9, 10], '82': [8, 9, 10], '84': [9, 10], '86': [10, 11], '90': [10], '91': [10], '92': [10], '94': [9],
  '98': [10], '212': [9], '213': [8, 9], '216': [8], '221': [9], '225': [10], '229': [8, 10], '237': [9], '234': [8, 10],
  '242': [9], '243': [9], '254': [9], '262': [9], '351': [9], '352': [6, 7, 8, 9, 10, 11], '353': [7, 8, 9], '354': [7],
  '355': [8, 9], '356': [8], '357': [8], '358': [6, 7, 8, 9, 10], '359': [8, 9], '370': [8], '371': [8], '372': [7, 8],
  '376': [6], '377': [8, 9], '380': [9], '381': [8, 9], '385': [8, 9], '386': [8], '387': [8, 9], '420': [9], '421': [9],
  '423': [7], '590': [9], '594': [9], '596': [9], '687': [6], '689': [6, 8], '852': [8], '886': [9], '961': [7, 8],
  '966': [9], '971': [8, 9], '972': [8, 9], '974': [8],
};

export interface PlanMatch {
  countryCode: string;
  /** True when the country is in the table and the length fits its plan. */
  known: boolean;
}

/**
 * Splits the digits that follow "+" or "00" into a country code and a national number and
 * says whether the national number fits. `trunkZero` tolerates the common "+33 06 …" habit.
 */
export function matchInternationalPlan(digits: string): PlanMatch | undefined {
  for (let width = 1; width <= 3; width++) {
    const code = digits.slice(0, width);
    const lengths = NSN_LENGTHS[code];
    if (lengths === undefined) continue;
    let national = digits.slice(width);
    if (national.startsWith('0') && code !== '39' && !lengths.includes(national.length)) national = national.slice(1);
    return lengths.includes(national.length) ? { countryCode: code, known: true } : undefined;
  }
  // Unknown code: E.164 allows at most 15 digits; fewer than 8 is not a subscriber number.
  if (digits.length >= 8 && digits.length <= 15 && digits[0] !== '0') return { countryCode: '', known: false };
  return undefined;
}
