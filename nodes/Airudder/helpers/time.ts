import { DateTime } from 'luxon';

/**
 * Reads a date-time parameter in the given zone (a value with its own offset keeps it) and formats it
 * the way AIRudder takes it. Returns undefined when the value is not a date.
 */
export function parseDateTime(value: unknown, zone: string): DateTime | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let parsed: DateTime;
	if (DateTime.isDateTime(value)) parsed = value.setZone(zone);
	else if (value instanceof Date) parsed = DateTime.fromJSDate(value, { zone });
	else if (typeof value === 'number') parsed = DateTime.fromMillis(value, { zone });
	else {
		const text = String(value).trim();
		parsed = DateTime.fromISO(text, { zone, setZone: true });
		if (!parsed.isValid) parsed = DateTime.fromSQL(text, { zone, setZone: true });
		if (!parsed.isValid) parsed = DateTime.fromRFC2822(text, { zone, setZone: true });
	}
	return parsed.isValid ? parsed : undefined;
}

/** `YYYY-MM-DD HH:mm:ss+08:00`, as AIRudder's workflow end_time is written. */
export function formatWithOffset(value: DateTime): string {
	return value.toFormat('yyyy-MM-dd HH:mm:ssZZ');
}

/** `YYYY-MM-DD HH:mm:ss` in the given zone, as the lookup endpoints take times. */
export function formatPlain(value: DateTime, zone: string): string {
	return value.setZone(zone).toFormat('yyyy-MM-dd HH:mm:ss');
}

export function isValidZone(zone: string): boolean {
	return DateTime.now().setZone(zone).isValid;
}
