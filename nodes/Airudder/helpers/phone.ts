/**
 * The one phone rule, for contacts (callee) and WhatsApp receivers alike:
 * spaces, dashes, dots and brackets are removed; a leading 00 becomes +; what is left is the country code
 * and the number, 8 to 15 digits, and a country code never starts with 0. A JSON number is read as its digits.
 */
export type PhoneProblem = 'empty' | 'characters' | 'leadingZero' | 'length';

export type PhoneReading = { ok: true; digits: string } | { ok: false; problem: PhoneProblem };

const SEPARATORS = /[\s\-.()[\]\u2010-\u2015\u2212]/g;

export function readPhone(value: unknown): PhoneReading {
	let text: string;
	if (value === undefined || value === null) text = '';
	else if (typeof value === 'string') text = value;
	else if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
		text = String(value);
	else return { ok: false, problem: 'characters' };
	const compact = text.replace(SEPARATORS, '');
	if (compact === '') return { ok: false, problem: 'empty' };
	const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
	const match = /^\+?(\d+)$/.exec(international);
	if (!match) return { ok: false, problem: 'characters' };
	const digits = match[1];
	if (digits.startsWith('0')) return { ok: false, problem: 'leadingZero' };
	if (digits.length < 8 || digits.length > 15) return { ok: false, problem: 'length' };
	return { ok: true, digits };
}

/** Why a phone number was refused, in words a user can act on. */
export function phoneProblemText(problem: PhoneProblem): string {
	switch (problem) {
		case 'empty':
			return 'It is empty.';
		case 'characters':
			return 'Only digits, a leading + or 00, spaces, dashes, dots and brackets are allowed.';
		case 'leadingZero':
			return 'A country code never starts with 0: write the number with its country code, e.g. +62 812... instead of 0812....';
		case 'length':
			return 'With its country code a phone number has 8 to 15 digits.';
	}
}

/** The form AIRudder wants for a contact's callee: + and the digits. */
export function calleeForm(digits: string): string {
	return `+${digits}`;
}

/** The form of AIRudder's WhatsApp receiver example: country code and number, no +. */
export function whatsAppForm(digits: string): string {
	return digits;
}
