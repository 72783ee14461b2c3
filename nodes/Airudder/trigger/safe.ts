/**
 * Safe handling of caller-supplied JSON: copies that can never touch a prototype, and small typed readers.
 *
 * Everything the trigger outputs is built from these copies. Keys named `__proto__`, `constructor` or
 * `prototype` are dropped (the same set n8n-workflow's `isSafeObjectProperty` refuses to assign; kept here
 * so older n8n versions without that helper work too), so neither this node nor n8n's later copies of the
 * item can be tricked into changing an object's prototype.
 */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function isSafeKey(key: string): boolean {
	return !UNSAFE_KEYS.has(key);
}

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
	[key: string]: JsonValue;
}

/** Nesting deeper than this is cut (replaced by null): AIRudder bodies are a few levels deep. */
export const MAX_DEPTH = 200;

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy of JSON-like data, as plain objects and arrays, without prototype-related keys. */
export function safeClone(value: unknown, depth = 0): JsonValue {
	if (value === null || value === undefined) return null;
	switch (typeof value) {
		case 'string':
		case 'boolean':
			return value;
		case 'number':
			return Number.isFinite(value) ? value : null;
		case 'bigint':
			return value.toString();
		case 'object':
			break;
		default:
			return null;
	}
	if (depth >= MAX_DEPTH) return null;
	if (Array.isArray(value)) {
		const out: JsonValue[] = new Array<JsonValue>(value.length);
		for (let i = 0; i < value.length; i++) out[i] = safeClone(value[i], depth + 1);
		return out;
	}
	const out: JsonObject = {};
	for (const key of Object.keys(value)) {
		if (!isSafeKey(key)) continue;
		const item = (value as Record<string, unknown>)[key];
		if (item === undefined) continue;
		out[key] = safeClone(item, depth + 1);
	}
	return out;
}

/** safeClone for a value expected to be an object; anything else gives an empty object. */
export function safeObject(value: unknown): JsonObject {
	return isRecord(value) ? (safeClone(value) as JsonObject) : {};
}

/** A string field: strings as they are, finite numbers as text; anything else (and '') is null. */
export function asString(value: unknown): string | null {
	if (typeof value === 'string') return value === '' ? null : value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

/** A number field: numbers, or strings holding a plain decimal number; anything else is null. */
export function asNumber(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return null;
}

/** An array field; anything else is an empty array. */
export function asArray(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

/** An object field; anything else is an empty object. */
export function asRecord(value: unknown): Record<string, unknown> {
	return isRecord(value) ? value : {};
}

/** JSON with object keys sorted at every level: the same data always gives the same text. */
export function canonicalJson(value: unknown, depth = 0): string {
	if (value === null || value === undefined || depth >= MAX_DEPTH) return 'null';
	if (Array.isArray(value)) {
		return `[${value.map((item) => canonicalJson(item, depth + 1)).join(',')}]`;
	}
	if (typeof value === 'object') {
		const record = value as Record<string, unknown>;
		const keys = Object.keys(record)
			.filter((key) => record[key] !== undefined)
			.sort();
		return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key], depth + 1)}`).join(',')}}`;
	}
	if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
	if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
	return 'null';
}
