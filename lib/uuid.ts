const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a canonical UUID: checked before a value is cast to uuid in SQL, so bad input is no 500. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
