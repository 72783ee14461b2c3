import { itemList, stoppedRunNote } from '../../nodes/Airudder/helpers/sentItems';

describe('itemList', () => {
	test('one item, ranges and gaps, unsorted and repeated input', () => {
		expect(itemList([4])).toBe('item 4');
		expect(itemList([5, 0, 1, 2, 2, 7, 8])).toBe('items 0-2, 5, 7-8');
		expect(itemList([3, 1, 2])).toBe('items 1-3');
		expect(itemList([9, 10, 0])).toBe('items 0, 9-10');
		expect(itemList([2, 2])).toBe('item 2');
	});
});

describe('stoppedRunNote', () => {
	test('lists what went out, what else failed and what was not sent', () => {
		expect(stoppedRunNote({ sent: [0, 1], alsoFailed: [3], notSent: [4, 5] })).toBe(
			'Sent before the run stopped (AIRudder accepted them): items 0-1. Also failed: item 3. Not sent: items 4-5.',
		);
		expect(stoppedRunNote({ sent: [], alsoFailed: [], notSent: [1] })).toBe(
			'No other item went out. Not sent: item 1.',
		);
		expect(stoppedRunNote({ sent: [2], alsoFailed: [], notSent: [] })).toBe(
			'Sent before the run stopped (AIRudder accepted them): item 2.',
		);
		expect(stoppedRunNote({ sent: [], alsoFailed: [0, 4], notSent: [] })).toBe(
			'No other item went out. Also failed: items 0, 4.',
		);
	});
});
