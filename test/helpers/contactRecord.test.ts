import { buildContact, CONTACT_FIELDS } from '../../nodes/Airudder/helpers/contactRecord';
import { toStringValue } from '../../nodes/Airudder/helpers/stringValue';

describe('toStringValue', () => {
	test('strings as they are, numbers and booleans as text, objects as JSON, empty left out', () => {
		expect(toStringValue('a')).toBe('a');
		expect(toStringValue(120.5)).toBe('120.5');
		expect(toStringValue(false)).toBe('false');
		expect(toStringValue({ a: [1] })).toBe('{"a":[1]}');
		expect(toStringValue('')).toBeUndefined();
		expect(toStringValue(null)).toBeUndefined();
		expect(toStringValue(undefined)).toBeUndefined();
	});
});

describe('buildContact', () => {
	test("callee, AIRudder's own fields by their keys, variables; empty values left out", () => {
		expect(
			buildContact(
				'+6281234567890',
				{ caseId: 'A1', totalOwingAmount: 99, gender: '', unknownField: 'x' },
				{ product: 'loan', empty: '', '': 'no name', count: 3, missing: undefined },
			),
			// Strict: an empty value is left out, not sent as a key without a value.
		).toStrictEqual({
			callee: '+6281234567890',
			case_id: 'A1',
			total_owing_amount: '99',
			variables: { product: 'loan', count: '3' },
		});
		expect(buildContact('+6281234567890', {}, {})).toStrictEqual({ callee: '+6281234567890' });
	});

	test('every field has a distinct AIRudder key', () => {
		expect(new Set(CONTACT_FIELDS.map((f) => f.key)).size).toBe(CONTACT_FIELDS.length);
	});

	test("each parameter is named after AIRudder's key, shown in words, and described", () => {
		for (const field of CONTACT_FIELDS) {
			expect(field.key).toMatch(/^[a-z]+(_[a-z]+)*$/);
			// caseId <-> case_id, Case ID
			expect(field.name).toBe(field.key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()));
			expect(field.displayName.toLowerCase().replace(/ /g, '_')).toBe(field.key);
			expect(field.description.length).toBeGreaterThan(5);
		}
		expect(new Set(CONTACT_FIELDS.map((f) => f.description)).size).toBe(CONTACT_FIELDS.length);
	});

	test('every field is sent under its key', () => {
		const fields = Object.fromEntries(CONTACT_FIELDS.map((f) => [f.name, `v-${f.key}`]));
		const contact = buildContact('+6281234567890', fields, {});
		expect(contact).toEqual({
			callee: '+6281234567890',
			...Object.fromEntries(CONTACT_FIELDS.map((f) => [f.key, `v-${f.key}`])),
		});
	});
});
