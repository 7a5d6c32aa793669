/**
 * The citizen ID number's check character (GB 11643-1999, ISO 7064 MOD 11-2; design.md §4.2).
 * A card read through a healthy SAM is signed, so a wrong check character means a misread or a
 * made-up test card, never a customer's typing error: it is refused rather than corrected.
 * The 2023 foreigner permanent-residence numbers use the same 18-character scheme.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** The check character for the first 17 digits, or undefined if they are not 17 digits. */
export function idNumberCheckCharacter(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11];
}

/** Why an ID number is not valid, or undefined when it is. */
export type IdNumberProblem = 'format' | 'checkCharacter';

/**
 * Checks an 18-character ID number: 17 digits and the right check character (`X` upper case, as
 * printed on the card; a lower-case `x` is accepted and reads as `X`).
 */
export function idNumberProblem(idNumber: string): IdNumberProblem | undefined {
  const normalized = idNumber.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(normalized)) return 'format';
  return idNumberCheckCharacter(normalized.slice(0, 17)) === normalized[17]
    ? undefined
    : 'checkCharacter';
}

export function isValidIdNumber(idNumber: string): boolean {
  return idNumberProblem(idNumber) === undefined;
}

/** Completes 17 digits with their check character (test cards, the simulator). */
export function withCheckCharacter(first17: string): string {
  const check = idNumberCheckCharacter(first17);
  if (check === undefined) throw new RangeError(`expected 17 digits, got "${first17}"`);
  return `${first17}${check}`;
}
