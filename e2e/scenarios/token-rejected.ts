/**
 * S2: AIRudder rejects the stored token in the middle of a 2,500-contact task, either with HTTP 401 or with HTTP 200
 * and body code 10813. The node refreshes the token once and sends the rejected batch again.
 */
import type { ExpireMode, LoggedRequest } from '../../tools/simulator/server';
import type { ScenarioContext } from './context';
import { checkCreatedTask } from './create-task';
import {
	AUTH_PATH,
	CREATE_PATH,
	UPLOAD_PATH,
	answerCode,
	auths,
	details,
	lastSeq,
	since,
	to,
} from './request-log';
import { CREATE_TASK_SPECS, type CreateTaskSpec } from './suite-workflows';

/** The create-task workflow of each way of rejecting the token. */
export const TOKEN_REJECTED_SPECS: Record<ExpireMode, CreateTaskSpec> = {
	http401: CREATE_TASK_SPECS.s2http401,
	code10813: CREATE_TASK_SPECS.s2code10813,
};

/**
 * Needs the simulator started with tokenExpiryHook (see ./context) and a credential already holding a token (a
 * previous run stored it). `authTotal` is the simulator's auth count expected after the run.
 */
export async function scenarioTokenRejected(
	ctx: ScenarioContext,
	mode: ExpireMode,
	authTotal: number,
	spec: CreateTaskSpec = TOKEN_REJECTED_SPECS[mode],
): Promise<void> {
	const { checks } = ctx;
	const name = `S2 token rejected mid-run (${mode === 'http401' ? 'HTTP 401' : 'HTTP 200, code 10813'})`;
	checks.in(name);
	const mark = lastSeq(ctx.sim);
	ctx.expireAfterCreate = mode;
	const result = await ctx.run(name, spec.id);
	ctx.expireAfterCreate = undefined;
	const requests = since(ctx.sim, mark);
	// The credential already holds the token n8n stored in the previous run, so the create goes out without an
	// auth request; the simulator then revokes that token, and the only auth request is the one refresh.
	checks.eq(
		'auth requests in this run (stored token reused, one refresh)',
		auths(requests).length,
		1,
	);
	checks.eq('simulator auth count so far', ctx.sim.authCount(), authTotal);
	checks.eq(
		'request order: create with the stored token, rejected upload, auth, the same upload again, the rest',
		requests.map((r) => r.path),
		[CREATE_PATH, UPLOAD_PATH, AUTH_PATH, UPLOAD_PATH, UPLOAD_PATH, UPLOAD_PATH, UPLOAD_PATH],
	);
	const uploads = to(requests, UPLOAD_PATH);
	const rejected = uploads[0];
	const retried = uploads[1];
	if (mode === 'http401') checks.eq('the rejected upload got HTTP 401', rejected?.status, 401);
	else
		checks.eq(
			'the rejected upload got HTTP 200 with code 10813',
			[rejected?.status, answerCode(rejected ?? ({} as LoggedRequest))],
			[200, 10813],
		);
	checks.eq(
		'the same batch was sent again',
		details(retried ?? ({} as LoggedRequest)).map((c) => c.callee),
		details(rejected ?? ({} as LoggedRequest)).map((c) => c.callee),
	);
	const tokenOf = (r?: LoggedRequest) => r?.headers.authorization;
	const newToken = `Token ${String((auths(requests)[0]?.responseBody as { data?: { token?: string } } | undefined)?.data?.token)}`;
	checks.ok(
		'the repeat and the later uploads carry the new token',
		uploads.slice(1).every((r) => tokenOf(r) === newToken) && tokenOf(rejected) !== newToken,
		`rejected ${tokenOf(rejected)?.slice(0, 16)}..., new ${newToken.slice(0, 16)}...`,
	);
	const output = result.output('AIRudder');
	checks.eq('node output: exactly one item', output?.length, 1);
	checkCreatedTask(ctx, requests, output, {
		taskName: spec.taskName,
		count: spec.count,
		casePrefix: spec.casePrefix,
		batch: 500,
		rejectedUploads: 1,
	});
}
