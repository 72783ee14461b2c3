/**
 * AIRudder Trigger: caller-supplied JSON can never touch a prototype (trigger/safe.ts), through n8n-core's
 * WebhookContext behind a real HTTP server.
 */
import { EXAMPLES, example, triggerPerTest } from '../harness/webhook';
import {
	MAX_DEPTH,
	asArray,
	asNumber,
	asRecord,
	asString,
	canonicalJson,
	isRecord,
	safeClone,
	safeObject,
} from '../../nodes/Airudder/trigger/safe';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Item = any;

describe('AIRudder Trigger — safe copies of caller JSON', () => {
	const { harness, one } = triggerPerTest({ timezone: 'Asia/Jakarta' });

	describe('prototype pollution', () => {
		it('__proto__ / constructor / prototype keys in a payload do not pollute prototypes', async () => {
			const body =
				'{"workflow_id":"w-proto","status":"finished","actions":[{"__proto__":{"polluted":"yes"},"node_type":"call"}],' +
				'"__proto__":{"polluted":"yes","isAdmin":true},"constructor":{"prototype":{"polluted":"yes"}},' +
				'"nested":{"__proto__":{"polluted":"yes"},"prototype":{"x":1},"ok":1}}';
			const reply = await harness().post(body);
			expect(reply.status).toBe(200);
			const item = harness().executions[0].items[0] as Item;
			expect(item.event).toBe('workflow.statusChanged');
			expect(({} as Item).polluted).toBeUndefined();
			expect(({} as Item).isAdmin).toBeUndefined();
			expect((Object.prototype as Item).polluted).toBeUndefined();
			expect(Object.getPrototypeOf(item.raw)).toBe(Object.prototype);
			expect(Object.getPrototypeOf(item.raw.nested)).toBe(Object.prototype);
			expect(Object.keys(item.raw).sort()).toEqual(['actions', 'nested', 'status', 'workflow_id']);
			expect(item.raw.nested).toEqual({ ok: 1 });
			expect(item.raw.polluted).toBeUndefined();
			expect(item.actions[0].nodeType).toBe('call');
			expect(Object.getPrototypeOf(item.actions[0])).toBe(Object.prototype);
		});

		it('prototype keys inside contact variables and slots are dropped', async () => {
			const raw = example(EXAMPLES['workflow.apiNodePush']);
			raw.callee.extra.push(
				{ Question: '__proto__', Content: 'x' },
				{ Question: 'constructor', Content: 'y' },
			);
			raw.call.ner_slots = JSON.parse('{"__proto__":{"polluted":"yes"},"a":"1"}');
			const item = await one(raw);
			expect(item.variables).toEqual({ extra_d: 'd' });
			expect(item.nerSlots).toEqual({ a: '1' });
			expect(({} as Item).polluted).toBeUndefined();
		});
	});
});

describe('safe readers and copies (pure)', () => {
	it('asString: non-empty strings and finite numbers as text, else null', () => {
		expect(asString('abc')).toBe('abc');
		expect(asString(12.5)).toBe('12.5');
		expect(asString(0)).toBe('0');
		expect([
			asString(''),
			asString(Number.NaN),
			asString(null),
			asString({}),
			asString(true),
		]).toEqual([null, null, null, null, null]);
	});

	it('asNumber: numbers, and strings holding a plain decimal number', () => {
		expect(asNumber(3)).toBe(3);
		expect(asNumber(' -20310.00 ')).toBe(-20310);
		expect(asNumber('1.5')).toBe(1.5);
		expect([asNumber('1e3'), asNumber('12abc'), asNumber(Infinity), asNumber(null)]).toEqual([
			null,
			null,
			null,
			null,
		]);
	});

	it('asArray and asRecord fall back to empty values', () => {
		expect(asArray([1])).toEqual([1]);
		expect(asArray({ 0: 1 })).toEqual([]);
		expect(asRecord({ a: 1 })).toEqual({ a: 1 });
		expect(asRecord([1])).toEqual({});
		expect(asRecord('x')).toEqual({});
		expect(isRecord([])).toBe(false);
		expect(isRecord(null)).toBe(false);
	});

	it('safeClone: plain JSON, no prototype keys, no undefined, cut below MAX_DEPTH', () => {
		const source = JSON.parse('{"a":[1,{"__proto__":{"x":1},"b":2}],"constructor":1,"n":null}');
		expect(safeClone({ ...source, u: undefined, big: 10n, f: () => 1, nan: Number.NaN })).toEqual({
			a: [1, { b: 2 }],
			n: null,
			big: '10',
			f: null,
			nan: null,
		});
		let deep: unknown = 'bottom';
		for (let i = 0; i < MAX_DEPTH + 5; i++) deep = [deep];
		const cloned = JSON.stringify(safeClone(deep));
		expect(cloned).not.toContain('bottom');
		expect(safeObject([1, 2])).toEqual({});
	});

	it('canonicalJson: the same data gives the same text whatever the key order', () => {
		expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
			'{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
		);
		expect(canonicalJson({ a: undefined, b: Number.NaN })).toBe('{"b":null}');
	});
});

describe('safe readers and copies: boundaries (pure)', () => {
	function nested(levels: number): unknown {
		let value: unknown = 'bottom';
		for (let i = 0; i < levels; i++) value = [value];
		return value;
	}

	it('safeClone keeps exactly MAX_DEPTH levels of nesting', () => {
		expect(JSON.stringify(safeClone(nested(MAX_DEPTH)))).toContain('"bottom"');
		const cut = JSON.stringify(safeClone(nested(MAX_DEPTH + 1)));
		expect(cut).not.toContain('bottom');
		expect(cut).toBe(`${'['.repeat(MAX_DEPTH)}null${']'.repeat(MAX_DEPTH)}`);
		expect(safeClone({ a: { b: 1 } }, MAX_DEPTH - 1)).toEqual({ a: null });
		expect(safeClone('deep', MAX_DEPTH + 1)).toBe('deep');
	});

	it('safeClone: each kind of value', () => {
		expect(safeClone('')).toBe('');
		expect(safeClone(false)).toBe(false);
		expect(safeClone(true)).toBe(true);
		expect(safeClone(0)).toBe(0);
		expect(safeClone(-1.5)).toBe(-1.5);
		expect(safeClone(Infinity)).toBeNull();
		expect(safeClone(undefined)).toBeNull();
		expect(safeClone(Symbol('s'))).toBeNull();
		expect(safeClone([undefined, 1])).toEqual([null, 1]);
		expect(safeClone({ prototype: 1, proto: 2, __proto__x: 3 })).toEqual({
			proto: 2,
			__proto__x: 3,
		});
		const source = { a: [1, { b: 'c' }] };
		const copy = safeClone(source) as { a: unknown[] };
		expect(copy).toEqual(source);
		expect(copy.a).not.toBe(source.a);
		expect(Array.isArray(copy.a)).toBe(true);
		expect(safeObject({ a: 1, constructor: 2 })).toEqual({ a: 1 });
		expect(safeObject(null)).toEqual({});
		expect(safeObject('text')).toEqual({});
	});

	it('asNumber: only a plain decimal, optionally negative and padded', () => {
		expect(asNumber(-0.25)).toBe(-0.25);
		expect(asNumber(Number.NaN)).toBeNull();
		expect(asNumber('7')).toBe(7);
		expect(asNumber('\t42\n')).toBe(42);
		expect(asNumber('-3')).toBe(-3);
		for (const bad of [
			'',
			' ',
			'+3',
			'3.',
			'.5',
			'1.2.3',
			'x12',
			'12x',
			'1 2',
			'--1',
			'0x10',
			'NaN',
		]) {
			expect(asNumber(bad)).toBeNull();
		}
		expect(asNumber(true)).toBeNull();
		expect(asNumber([1])).toBeNull();
	});

	it('asString: a space is kept; infinities and other types are null', () => {
		expect(asString(' ')).toBe(' ');
		expect(asString(-Infinity)).toBeNull();
		expect(asString(['a'])).toBeNull();
		expect(asString(undefined)).toBeNull();
		expect(isRecord({})).toBe(true);
		expect(isRecord('x')).toBe(false);
		expect(asArray('abc')).toEqual([]);
		expect(asArray(null)).toEqual([]);
		expect(asRecord(null)).toEqual({});
	});

	it('canonicalJson: each kind of value, and MAX_DEPTH', () => {
		expect(canonicalJson(null)).toBe('null');
		expect(canonicalJson(undefined)).toBe('null');
		expect(canonicalJson('a"b')).toBe('"a\\"b"');
		expect(canonicalJson(true)).toBe('true');
		expect(canonicalJson(false)).toBe('false');
		expect(canonicalJson(-1.5)).toBe('-1.5');
		expect(canonicalJson(Infinity)).toBe('null');
		expect(canonicalJson(10n)).toBe('null');
		expect(canonicalJson(() => 1)).toBe('null');
		expect(canonicalJson([])).toBe('[]');
		expect(canonicalJson({})).toBe('{}');
		expect(canonicalJson([undefined, 'x'])).toBe('[null,"x"]');
		expect(canonicalJson({ 'k"': 1 })).toBe('{"k\\"":1}');
		expect(canonicalJson({ b: null, a: 0 })).toBe('{"a":0,"b":null}');
		expect(canonicalJson(nested(MAX_DEPTH - 1))).toContain('"bottom"');
		expect(canonicalJson(nested(MAX_DEPTH))).toBe(
			`${'['.repeat(MAX_DEPTH)}null${']'.repeat(MAX_DEPTH)}`,
		);
		expect(canonicalJson('x', MAX_DEPTH)).toBe('null');
	});
});
