import { inBatches } from '../../nodes/Airudder/transport/batching';
import { listInData } from '../../nodes/Airudder/transport/pagination';

describe('listInData', () => {
	test('a bare list, or one wrapped under a known key, as items', () => {
		expect(listInData([{ a: 1 }, 2])).toEqual([{ a: 1 }, { value: 2 }]);
		expect(listInData({ total: 2, list: [{ a: 1 }] })).toEqual([{ a: 1 }]);
		expect(listInData({ rows: [] })).toEqual([]);
	});

	test('one object is one item, a value is wrapped, nothing is no item', () => {
		expect(listInData({ a: 1 })).toEqual([{ a: 1 }]);
		expect(listInData('x')).toEqual([{ value: 'x' }]);
		expect(listInData(undefined)).toEqual([]);
		expect(listInData(null)).toEqual([]);
		expect(listInData('')).toEqual([]);
	});
});

describe('inBatches', () => {
	test('consecutive slices of at most the given size', () => {
		expect(inBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
		expect(inBatches([], 3)).toEqual([]);
	});
});
