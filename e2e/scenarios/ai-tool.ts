/**
 * The AIRudder node's AI-tool variant: n8n derives `<package>.airudderTool` from `usableAsTool` when it loads the
 * package. The check reads the node types the running n8n serves its editor (GET /types/nodes.json, behind the
 * owner's session), so it sees what a user would find in the AI Agent's tool list.
 */
import type { N8n } from '../lib/n8nProcess';
import { getWithSession, ownerSession, type Login } from '../lib/rest';
import type { ScenarioContext } from './context';

export const AI_TOOL_SCENARIO = 'AI tool variant of the AIRudder node';

const OWNER: Login = {
	email: 'e2e-owner@example.com',
	firstName: 'E2e',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd',
};

interface NodeType {
	name?: string;
	version?: number | number[];
	outputs?: unknown;
	credentials?: Array<{ name?: string }>;
}

/** Needs n8n running; `typePrefix` is the load mode's (`n8n-nodes-airudder.` or `CUSTOM.`). */
export async function scenarioAiTool(
	ctx: ScenarioContext,
	n8n: N8n,
	typePrefix: string,
): Promise<void> {
	const { checks } = ctx;
	checks.in(AI_TOOL_SCENARIO);
	const cookie = await ownerSession(n8n.baseUrl, OWNER);
	const { status, json } = await getWithSession(n8n.baseUrl, '/types/nodes.json', cookie);
	const types = Array.isArray(json) ? (json as NodeType[]) : [];
	checks.ok(
		'n8n serves its node types to the editor (GET /types/nodes.json: 200, a list)',
		status === 200 && types.length > 0,
		`status ${status}, ${types.length} node types`,
	);
	const action = types.find((t) => t.name === `${typePrefix}airudder`);
	const tool = types.find((t) => t.name === `${typePrefix}airudderTool`);
	checks.eq(
		`n8n lists ${typePrefix}airudder and its AI-tool variant ${typePrefix}airudderTool`,
		[action?.name, tool?.name],
		[`${typePrefix}airudder`, `${typePrefix}airudderTool`],
	);
	checks.ok(
		'the tool variant connects to an AI Agent (output ai_tool) with the AIRudder API credential',
		JSON.stringify(tool?.outputs) === JSON.stringify(['ai_tool']) &&
			(tool?.credentials ?? []).some((c) => c.name === 'airudderApi'),
		JSON.stringify({ outputs: tool?.outputs, credentials: tool?.credentials }),
	);
}
