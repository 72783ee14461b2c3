/** AIRudder wants string values; empty ones are left out rather than sent blank. */
export function toStringValue(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'object') return JSON.stringify(value);
	const text = String(value);
	return text === '' ? undefined : text;
}
