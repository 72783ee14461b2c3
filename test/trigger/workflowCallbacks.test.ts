/**
 * AIRudder Trigger: the workflow callbacks (status change, list completion, custom API node push) as items,
 * driven through n8n-core's WebhookContext behind a real HTTP server.
 */
import { EXAMPLES, example, triggerPerTest } from '../harness/webhook';
import {
	apiNodePush,
	contactCompleted,
	statusChanged,
} from '../../nodes/Airudder/trigger/workflowCallbacks';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?(Z|[+-]\d{2}:\d{2})$/;

describe('AIRudder Trigger — workflow callbacks', () => {
	const { one } = triggerPerTest({ timezone: 'Asia/Jakarta' });

	it('workflow status change', async () => {
		const raw = example(EXAMPLES['workflow.statusChanged']);
		const item = await one(raw);
		expect(item).toMatchObject({
			event: 'workflow.statusChanged',
			workflowId: 'ea1cb50d19******b3c257bb6a0935b5',
			workflowName: '052******shed2',
			status: 'finished',
			actionCount: 3,
			signature: null,
		});
		expect(item.actions[0]).toEqual({
			nodeTaskId: 'dc9d08ce1f0******b2829274acf',
			nodeTaskName: 'SMS1_de09d6',
			nodeType: 'sms',
			taskId: null,
			taskStatus: null,
		});
		expect(item.actions[1]).toMatchObject({
			nodeType: 'call',
			taskId: 'd5f570c5ca5c******030f8f0bd6',
			taskStatus: 'finished',
		});
		expect(item.raw).toEqual(raw);
		expect(item.receivedAt).toMatch(ISO_WITH_OFFSET);
		expect(item.eventId).toMatch(/^[0-9a-f]{16}$/);
	});

	it('workflow list completion', async () => {
		const raw = example(EXAMPLES['workflow.contactCompleted']);
		const item = await one(raw);
		expect(item).toMatchObject({
			event: 'workflow.contactCompleted',
			workflowId: '5d2c7a0e91b84f3fa1c6a9e0d4b7c213',
			workflowName: 'collection_0520_batch1',
			caseId: 'test-caseid11',
			calleeNumber: '+6281234500011',
			rowCount: 2,
		});
		expect(item.rows).toEqual([
			{
				nodeTaskId: 'a9f31c2b7e6d4c0e8b5a1f2d3c4b5a69',
				nodeTaskName: 'Voicebot Call1_a9c2ad',
				nodeType: 'call',
				taskId: 'e5173ab553e94f0c8d2a6b7c1e0f3d21',
			},
			{
				nodeTaskId: 'c0d4e8f2a1b34c5d9e6f7a8b9c0d1e2f',
				nodeTaskName: 'SMS1_de09d6',
				nodeType: 'sms',
				taskId: null,
			},
		]);
		expect(item.raw).toEqual(raw);
	});

	it('custom API node push, call times in the workflow time zone by default', async () => {
		const raw = example(EXAMPLES['workflow.apiNodePush']);
		const item = await one(raw);
		expect(item).toMatchObject({
			event: 'workflow.apiNodePush',
			workflowId: '079918b288xxxxxxxx3815e2a8030eb',
			workflowName: 'test_api_action6',
			nodeId: 'f878645926xxxxxxxxb0b779ba254',
			nodeName: 'API2',
			caseId: '12345.0',
			calleeName: 'WILL SMITH',
			calleeGender: 'MALE',
			calleeNumber: '+861xxxxxxxx5721',
			dialedNumber: '+8618717905721',
			callerNumber: '+95xxxxxxxx0088',
			platformName: 'AIZCC',
			extraA: 'a',
			variables: { extra_d: 'd' },
			borrowedAmount: 20000,
			totalOwingAmount: 20310,
			currencyUnit: 'USD',
			customAttributes: { a: '1', b: '2' },
			taskId: 'b1a9e2ea8xxxxxxxx1551b6454b414b',
			callId: '817377d194xxxxxxxxc8ad463bc81d996a',
			robotId: '4496',
			callStartTime: '2024-03-11T15:58:26+07:00',
			callEndTime: '2024-03-11T15:59:12+07:00',
			callDurationSeconds: 46,
			customerTimezone: 'Asia/Jakarta',
			callTimes: 2,
			ringType: 'normal',
			ringTime: 2,
			hangupType: 'ByCallee',
			intention: 'E',
			intentionDescription: 'No Voice',
			talkRound: 1,
			nerSlots: { item_name: 'da', receivetime: '2' },
			multiLabel: {
				A0: 'A0',
				Correct_Person: 'identity_correct_person',
				Request_Installment: 'action_item_request_installment',
			},
		});
		expect(item.transcript.split('\n')[1]).toBe('[00:00:00] Customer: no no no no no');
		expect(item.transcriptTurns).toHaveLength(8);
		expect(item.questionAnswers[0]).toMatchObject({
			questionName: 'Q1',
			answer: 'ss02',
			variable: 'S02',
			verificationResults: 'Match',
		});
		expect(item.redialCalls).toHaveLength(3);
		expect(item.redialCalls[0]).toMatchObject({
			callId: '4edf1697f7bxxxxxxxx65bca97f996bb',
			callStartTime: '2024-03-05T16:15:53+07:00',
			resultLabel: 'F',
		});
		expect(item.raw.call.call_start_time).toBe('2024-03-11 15:58:26');
		expect(item.raw).toEqual(raw);
	});
});

describe('workflow callbacks: fields (pure)', () => {
	it('status change: actions with every field, counted; not a list -> none', () => {
		expect(
			statusChanged({
				workflow_id: 'w',
				workflow_name: 'N',
				status: 'finished',
				actions: [
					{
						nodetask_id: 1,
						nodetask_name: 'call',
						node_type: 'call',
						task_id: 't',
						task_status: 'done',
					},
					'x',
				],
			}),
		).toEqual({
			workflowId: 'w',
			workflowName: 'N',
			status: 'finished',
			actions: [
				{
					nodeTaskId: '1',
					nodeTaskName: 'call',
					nodeType: 'call',
					taskId: 't',
					taskStatus: 'done',
				},
				{ nodeTaskId: null, nodeTaskName: null, nodeType: null, taskId: null, taskStatus: null },
			],
			actionCount: 2,
		});
		expect(statusChanged({ actions: {} }).actionCount).toBe(0);
	});

	it('list completion: rows without a task status', () => {
		const fields = contactCompleted({
			workflow_id: 'w',
			case_id: 'c',
			callee_number: 628,
			rows: [{ nodetask_id: 'n', task_status: 'done', task_id: 't' }],
		});
		expect(fields).toEqual({
			workflowId: 'w',
			workflowName: null,
			caseId: 'c',
			calleeNumber: '628',
			rows: [{ nodeTaskId: 'n', nodeTaskName: null, nodeType: null, taskId: 't' }],
			rowCount: 1,
		});
	});

	it('API node push: contact variables from extra (either case) overlaid by extend.variables', () => {
		const fields = apiNodePush(
			{
				callee: {
					extra: [
						{ Question: 'a', Content: 'A' },
						{ question: 'b', content: { nested: 1 } },
						{ Question: 'c' },
						{ Question: '', Content: 'empty name' },
						{ Content: 'no name' },
						{ Question: 'prototype', Content: 'p' },
						{ Question: 'd', Content: 'old' },
					],
					extend: { variables: { d: 'new', e: 5 } },
				},
			},
			'UTC',
		);
		expect(fields.variables).toEqual({ a: 'A', b: { nested: 1 }, c: null, d: 'new', e: 5 });
	});

	it('API node push: transcript lines per turn, stamped when timed, empty texts skipped', () => {
		const fields = apiNodePush(
			{
				call: {
					asr_result: [
						{ time: '00:00:01', robottext: 'Hello', text: '' },
						{ robottext: '', text: 'Hi' },
						{ time: '00:00:05', robottext: 3, text: 'Bye' },
						'junk',
					],
				},
			},
			'UTC',
		);
		expect(fields.transcript).toBe(
			'[00:00:01] Robot: Hello\nCustomer: Hi\n[00:00:05] Customer: Bye',
		);
		expect(fields.transcriptTurns).toEqual([
			{ time: '00:00:01', robotText: 'Hello', customerText: '' },
			{ time: null, robotText: '', customerText: 'Hi' },
			{ time: '00:00:05', robotText: '', customerText: 'Bye' },
			{ time: null, robotText: '', customerText: '' },
		]);
	});

	it("API node push: the contact's number, else the dialled number; the zone is reported", () => {
		expect(
			apiNodePush({ callee: { callee_number: '+1' }, call: { callee_number: '+2' } }, 'UTC'),
		).toMatchObject({ calleeNumber: '+1', dialedNumber: '+2', customerTimezone: 'UTC' });
		expect(apiNodePush({ call: { callee_number: '+2' } }, 'Asia/Jakarta')).toMatchObject({
			calleeNumber: '+2',
			dialedNumber: '+2',
			customerTimezone: 'Asia/Jakarta',
		});
		const empty = apiNodePush({}, 'UTC');
		expect(empty).toMatchObject({
			calleeNumber: null,
			variables: {},
			transcript: '',
			transcriptTurns: [],
			questionAnswers: [],
			redialCalls: [],
			callDurationSeconds: null,
		});
	});
});
