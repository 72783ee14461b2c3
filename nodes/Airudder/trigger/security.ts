/**
 * Request checks of the AIRudder Trigger: shared secret and IP allowlist. Pure functions; the secret is
 * never returned, logged or put in an error message.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison of a received secret with the configured one (sha256 digests of both). */
export function secretMatches(received: string, expected: string): boolean {
	const a = createHash('sha256').update(received, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b);
}

/** One value of a query parameter or header: a single non-empty string, else null. */
export function singleValue(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
	return null;
}

export type SecretCheck = { ok: true } | { ok: false; reason: string };

export function checkSecret(received: unknown, expected: string): SecretCheck {
	const value = singleValue(received);
	if (value === null || value === '') return { ok: false, reason: 'Missing secret' };
	return secretMatches(value, expected) ? { ok: true } : { ok: false, reason: 'Invalid secret' };
}

// ---------------------------------------------------------------------------------------------------------
// IP addresses

interface IpRule {
	version: 4 | 6;
	network: bigint;
	prefix: number;
}

function parseIpv4(text: string): bigint | null {
	const parts = text.split('.');
	if (parts.length !== 4) return null;
	let value = 0n;
	for (const p of parts) {
		if (!/^\d{1,3}$/.test(p)) return null;
		const n = Number(p);
		if (n > 255) return null;
		value = (value << 8n) | BigInt(n);
	}
	return value;
}

function parseIpv6(text: string): bigint | null {
	let input = text;
	// An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
	const lastColon = input.lastIndexOf(':');
	if (input.includes('.') && lastColon !== -1) {
		const v4 = parseIpv4(input.slice(lastColon + 1));
		if (v4 === null) return null;
		input = `${input.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
	}
	const halves = input.split('::');
	if (halves.length > 2) return null;
	const head = halves[0] === '' ? [] : halves[0].split(':');
	const tail = halves.length === 2 ? (halves[1] === '' ? [] : halves[1].split(':')) : [];
	let groups: string[];
	if (halves.length === 2) {
		const missing = 8 - head.length - tail.length;
		if (missing < 1) return null;
		groups = [...head, ...new Array<string>(missing).fill('0'), ...tail];
	} else {
		groups = head;
	}
	if (groups.length !== 8) return null;
	let value = 0n;
	for (const g of groups) {
		if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
		value = (value << 16n) | BigInt(parseInt(g, 16));
	}
	return value;
}

/** Parses an address; IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as IPv4. Brackets and a zone id are dropped. */
export function parseIp(text: string): { version: 4 | 6; value: bigint } | null {
	let input = text.trim();
	if (input.startsWith('[') && input.includes(']')) input = input.slice(1, input.indexOf(']'));
	const zoneIndex = input.indexOf('%');
	if (zoneIndex !== -1) input = input.slice(0, zoneIndex);
	if (input === '') return null;
	if (!input.includes(':')) {
		const v4 = parseIpv4(input);
		return v4 === null ? null : { version: 4, value: v4 };
	}
	const v6 = parseIpv6(input);
	if (v6 === null) return null;
	if (v6 >> 32n === 0xffffn) return { version: 4, value: v6 & 0xffffffffn };
	return { version: 6, value: v6 };
}

function maskOf(version: 4 | 6, prefix: number): bigint {
	const bits = version === 4 ? 32 : 128;
	if (prefix === 0) return 0n;
	return ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
}

export interface Allowlist {
	rules: IpRule[];
	/** Entries that could not be read (they match nothing). */
	invalid: string[];
}

/** Parses a comma- (or whitespace-) separated list of addresses and CIDR ranges, IPv4 or IPv6. */
export function parseAllowlist(text: string): Allowlist {
	const rules: IpRule[] = [];
	const invalid: string[] = [];
	for (const entry of text.split(/[\s,;]+/).filter((e) => e !== '')) {
		const [address, prefixText, extra] = entry.split('/');
		const ip = extra === undefined ? parseIp(address) : null;
		if (ip === null) {
			invalid.push(entry);
			continue;
		}
		const bits = ip.version === 4 ? 32 : 128;
		let prefix = bits;
		if (prefixText !== undefined) {
			if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
				invalid.push(entry);
				continue;
			}
			prefix = Number(prefixText);
		}
		rules.push({ version: ip.version, prefix, network: ip.value & maskOf(ip.version, prefix) });
	}
	return { rules, invalid };
}

export function ipAllowed(ip: string | null | undefined, allowlist: Allowlist): boolean {
	if (typeof ip !== 'string') return false;
	const parsed = parseIp(ip);
	if (parsed === null) return false;
	return allowlist.rules.some(
		(rule) =>
			rule.version === parsed.version &&
			(parsed.value & maskOf(rule.version, rule.prefix)) === rule.network,
	);
}

/** The caller's address: the first X-Forwarded-For entry when trusted and present, else the socket's. */
export function clientIp(
	req: { ip?: unknown; headers: Record<string, unknown>; socket?: { remoteAddress?: unknown } },
	trustForwardedFor: boolean,
): string | null {
	if (trustForwardedFor) {
		const header = req.headers['x-forwarded-for'];
		const first = (Array.isArray(header) ? header[0] : header) as unknown;
		if (typeof first === 'string') {
			const entry = first.split(',')[0].trim();
			if (entry !== '') return entry;
		}
	}
	if (typeof req.ip === 'string' && req.ip !== '') return req.ip;
	const remote = req.socket?.remoteAddress;
	return typeof remote === 'string' && remote !== '' ? remote : null;
}
