/** Replaces secrets (APP Secret, token, chatbot key) wherever AIRudder echoes them. */
export const REDACTED = '***';

export type Redact = (text: string) => string;

/** A function that replaces every given secret, also URL- or JSON-escaped, by ***. */
export function redactor(secrets: unknown[]): Redact {
	const forms = new Set<string>();
	for (const secret of secrets) {
		if (typeof secret !== 'string' || secret === '') continue;
		forms.add(secret);
		forms.add(encodeURIComponent(secret));
		forms.add(JSON.stringify(secret).slice(1, -1));
	}
	// Longest first, so a secret that contains another is replaced whole.
	const ordered = [...forms].sort((a, b) => b.length - a.length);
	return (text) => ordered.reduce((out, form) => out.split(form).join(REDACTED), text);
}

/** A copy of a JSON value with every string (keys too) redacted. */
export function redactValue<T>(value: T, redact: Redact): T {
	if (typeof value === 'string') return redact(value) as T;
	if (typeof value === 'number') {
		const text = String(value);
		return (redact(text) === text ? value : REDACTED) as T;
	}
	if (Array.isArray(value)) return value.map((entry) => redactValue(entry, redact)) as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(value)) out[redact(key)] = redactValue(entry, redact);
		return out as T;
	}
	return value;
}
