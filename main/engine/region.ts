/** Phone regions (ISO 3166-1 alpha-2) as libphonenumber knows them. */
import { getCountries, type CountryCode } from 'libphonenumber-js';
import { ThreadlineError } from './errors';

const COUNTRIES = new Set<string>(getCountries());

export function assertRegion(region: string): CountryCode {
  const r = region.trim().toUpperCase();
  if (!COUNTRIES.has(r)) {
    throw new ThreadlineError('BAD_ARGUMENT', `"${region}" is not a phone region Threadline knows.`, {
      hint: 'Use a two-letter country code such as TH, KH, MM, LA, PH, VN, CN, MY, ID or US.',
    });
  }
  return r as CountryCode;
}
