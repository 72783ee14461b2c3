/**
 * Time conversions for AIRudder callbacks. Every output is ISO 8601 with an offset (or Z for UTC);
 * a value that cannot be read gives null (the original stays in `raw`).
 */
import { DateTime, IANAZone } from 'luxon';

const ISO_OPTIONS = { suppressMilliseconds: true } as const;

export function isValidTimezone(zone: unknown): zone is string {
	return typeof zone === 'string' && zone !== '' && IANAZone.isValidZone(zone);
}

function parseWallClock(text: string, zone: string): DateTime | null {
	const attempts = [
		DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone }),
		DateTime.fromSQL(text, { zone, setZone: true }),
		DateTime.fromISO(text, { zone, setZone: true }),
		DateTime.fromFormat(text, 'yyyy/MM/dd HH:mm:ss', { zone }),
	];
	return attempts.find((dt) => dt.isValid) ?? null;
}

/**
 * A customer-local wall-clock time without a zone (AIRudder call times, `YYYY-MM-DD HH:mm:ss`), read in
 * `zone`. A value that carries its own offset keeps it.
 */
export function localTimeToIso(value: unknown, zone: string): string | null {
	if (typeof value !== 'string' || value.trim() === '') return null;
	const dt = parseWallClock(value.trim(), zone);
	return dt ? dt.toISO(ISO_OPTIONS) : null;
}

/** A UTC time (chatbot session times, e.g. `2025-04-15T06:41:00Z`); a value without an offset is taken as UTC. */
export function utcTimeToIso(value: unknown): string | null {
	if (typeof value !== 'string' || value.trim() === '') return null;
	const dt = parseWallClock(value.trim(), 'utc');
	return dt ? dt.toISO(ISO_OPTIONS) : null;
}

/** A Unix time in seconds (or milliseconds, when it is that large), as ISO in UTC. */
export function unixToIso(value: unknown): string | null {
	let n: number;
	if (typeof value === 'number') n = value;
	else if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) n = Number(value);
	else return null;
	if (!Number.isFinite(n) || n <= 0) return null;
	const ms = n >= 1e12 ? n : n * 1000;
	const dt = DateTime.fromMillis(Math.round(ms), { zone: 'utc' });
	return dt.isValid ? dt.toISO(ISO_OPTIONS) : null;
}

/** Whole seconds from one ISO time to another, or null when either is missing. */
export function secondsBetween(startIso: string | null, endIso: string | null): number | null {
	if (startIso === null || endIso === null) return null;
	const start = DateTime.fromISO(startIso, { setZone: true });
	const end = DateTime.fromISO(endIso, { setZone: true });
	if (!start.isValid || !end.isValid) return null;
	return Math.round(end.diff(start, 'seconds').seconds);
}

export function nowIso(): string {
	return DateTime.utc().toISO() ?? new Date().toISOString();
}
