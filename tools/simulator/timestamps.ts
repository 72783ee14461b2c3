/**
 * The simulator's date-time formats: 'YYYY-MM-DD HH:mm:ss' with or without a '±hh:mm' offset.
 */
const END_TIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):(\d{2})$/;
const PLAIN_TIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function pad(n: number, width = 2): string {
	return String(n).padStart(width, '0');
}

/** 'YYYY-MM-DD HH:mm:ss' of an epoch-ms instant, at the given UTC offset (minutes). */
export function formatLocal(ms: number, offsetMinutes = 0): string {
	const d = new Date(ms + offsetMinutes * 60_000);
	return (
		`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
		`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
	);
}

/** Epoch ms of valid calendar fields (UTC), or undefined when the fields do not form a real date/time. */
function utcFromFields(fields: string[]): number | undefined {
	const [y, mo, d, h, mi, s] = fields.map(Number);
	const ms = Date.UTC(y, mo - 1, d, h, mi, s);
	const back = new Date(ms);
	if (
		back.getUTCFullYear() !== y ||
		back.getUTCMonth() !== mo - 1 ||
		back.getUTCDate() !== d ||
		back.getUTCHours() !== h ||
		back.getUTCMinutes() !== mi ||
		back.getUTCSeconds() !== s
	) {
		return undefined;
	}
	return ms;
}

/** Parses 'YYYY-MM-DD HH:mm:ss±hh:mm'. */
export function parseEndTime(value: unknown): { ms: number; offsetMinutes: number } | undefined {
	if (typeof value !== 'string') return undefined;
	const m = END_TIME_RE.exec(value);
	if (!m) return undefined;
	const local = utcFromFields(m.slice(1, 7));
	const oh = Number(m[8]);
	const om = Number(m[9]);
	if (local === undefined || oh > 14 || om > 59) return undefined;
	const offsetMinutes = (m[7] === '-' ? -1 : 1) * (oh * 60 + om);
	return { ms: local - offsetMinutes * 60_000, offsetMinutes };
}

/** Parses 'YYYY-MM-DD HH:mm:ss' as UTC. */
export function parsePlainTime(value: unknown): number | undefined {
	if (typeof value !== 'string') return undefined;
	const m = PLAIN_TIME_RE.exec(value);
	return m ? utcFromFields(m.slice(1, 7)) : undefined;
}
