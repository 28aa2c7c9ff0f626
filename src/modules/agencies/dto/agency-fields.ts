export const REGION_CODE_PATTERN = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;
export const COUNTRY_CODE_PATTERN = /^[A-Z]{2}$/;
