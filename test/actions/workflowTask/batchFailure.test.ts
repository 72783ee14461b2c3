import {
	failedBatchItems,
	stoppedUploadNote,
} from '../../../nodes/Airudder/actions/workflowTask/batchFailure';

describe('stoppedUploadNote', () => {
	test('says how many contacts the task holds and where to go on, for Create and Add Contacts', () => {
		const upload = { workflowId: 'w1', sent: 2, total: 6, nextItem: 2 };
		expect(stoppedUploadNote({ ...upload, taskCreated: true })).toBe(
			'Task w1 was created with 2 of 6 contacts; add the others, from input item 2 on, with Add Contacts.',
		);
		expect(stoppedUploadNote({ ...upload, taskCreated: false })).toBe(
			'2 of 6 contacts were added to task w1; add the others, from input item 2 on, with Add Contacts.',
		);
	});
});

describe('failedBatchItems', () => {
	test('an error item per contact of the failed batch, and a not-sent item per later contact', () => {
		const error = Object.assign(new Error('AIRudder error 10527: full'), { description: 'hint' });
		expect(
			failedBatchItems(
				{
					error,
					entries: [{ itemIndex: 2, contact: {} }],
					notSent: [{ itemIndex: 3, contact: {} }],
				},
				'w1',
			),
		).toEqual([
			{
				json: { error: 'AIRudder error 10527: full', description: 'hint', workflow_id: 'w1' },
				pairedItem: { item: 2 },
			},
			{
				json: { error: 'Not sent: an earlier batch failed', workflow_id: 'w1' },
				pairedItem: { item: 3 },
			},
		]);
		expect(failedBatchItems(undefined, 'w1')).toEqual([]);
	});
});
