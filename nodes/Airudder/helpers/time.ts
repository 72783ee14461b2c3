/**
 * Times in and out of AIRudder. Operations read date-time parameters in a time zone and format them the way
 * AIRudder takes them; the trigger turns the times AIRudder sends into ISO 8601 with an offset (or Z for UTC),
 * null when a value cannot be read (the original stays in `raw`).
 */
import { DateTime } from 'luxon';

const ISO_OPTIONS = { suppressMilliseconds: true } as const;

/** Whether luxon can work in this time zone (an IANA name such as Asia/Jakarta, or UTC). */
export function isValidZone(zone: unknown): zone is string {
	return typeof zone === 'string' && zone !== '' && DateTime.now().setZone(zone).isValid;
}

/**
 * Reads a date-time parameter in the given zone (a value with its own offset keeps it) and formats it
 * the way AIRudder takes it. Returns undefined when the value is not a date.
 */
export function parseDateTime(value: unknown, zone: string): DateTime | undefined {
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

// Tried in order, each only when the ones before failed: a callback carries several times, and each parse costs.
const WALL_CLOCK_PARSERS: Array<(text: string, zone: string) => DateTime> = [
	(text, zone) => DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone }),
	(text, zone) => DateTime.fromSQL(text, { zone, setZone: true }),
	(text, zone) => DateTime.fromISO(text, { zone, setZone: true }),
	(text, zone) => DateTime.fromFormat(text, 'yyyy/MM/dd HH:mm:ss', { zone }),
];

// AIRudder's own form, read without luxon's format parser (the same DateTime as the first parser gives).
const PLAIN_WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function parseWallClock(text: string, zone: string): DateTime | null {
	const plain = PLAIN_WALL_CLOCK.exec(text);
	if (plain !== null) {
		const [year, month, day, hour, minute, second] = plain.slice(1).map(Number);
		const parsed = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone });
		if (parsed.isValid) return parsed;
	}
	for (const parse of WALL_CLOCK_PARSERS) {
		const parsed = parse(text, zone);
		if (parsed.isValid) return parsed;
	}
	return null;
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

// The ISO form this module writes (with an offset or Z): JavaScript's Date reads it exactly, and much faster.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;

/** Whether `text` has that form and its day exists (Date would roll 2025-02-30 over to March; luxon refuses it). */
function isPlainIso(text: string): boolean {
	if (!ISO_WITH_OFFSET.test(text)) return false;
	const year = Number(text.slice(0, 4));
	const month = Number(text.slice(5, 7));
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
	return Number(text.slice(8, 10)) <= days;
}

/** Whole seconds from one ISO time to another, or null when either is missing. */
export function secondsBetween(startIso: string | null, endIso: string | null): number | null {
	if (startIso === null || endIso === null) return null;
	if (isPlainIso(startIso) && isPlainIso(endIso)) {
		const ms = Date.parse(endIso) - Date.parse(startIso);
		if (Number.isFinite(ms)) return Math.round(ms / 1000);
	}
	const start = DateTime.fromISO(startIso, { setZone: true });
	const end = DateTime.fromISO(endIso, { setZone: true });
	if (!start.isValid || !end.isValid) return null;
	return Math.round(end.diff(start, 'seconds').seconds);
}

export function nowIso(): string {
	return DateTime.utc().toISO() ?? new Date().toISOString();
}
