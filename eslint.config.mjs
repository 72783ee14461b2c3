// n8n's own lint rules, run through ESLint 9 directly (the @n8n/node-cli wrapper does not install on this registry).
import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

const communityRules = Object.fromEntries(
	Object.keys(n8nCommunityNodesPlugin.rules).map((name) => [
		`@n8n/community-nodes/${name}`,
		'error',
	]),
);

export default [
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'e2e/**',
			'test/**',
			'tools/**',
			'examples/**',
			'coverage/**',
			'*.js',
			'*.mjs',
			'.demo/**',
			'.e2e-work/**',
		],
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
		plugins: {
			'@n8n/community-nodes': n8nCommunityNodesPlugin,
			'n8n-nodes-base': n8nNodesBase,
		},
		rules: communityRules,
	},
	{
		files: ['package.json'],
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Its own docs say it applies only to credentials in n8n's main repository (slugs, not URLs).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// n8n's verification scanner turns this off too: @n8n/community-nodes' password rule decides which fields
			// hold secrets (it flags the APP Key, an account identifier, as not one).
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These predate NodeConnectionTypes and demand ['main'] literals, which the newer
			// @n8n/community-nodes/node-connection-type-literal rule forbids.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
];
