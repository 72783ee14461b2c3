/**
 * Build, pack and install the package the way users get it: `npm pack`, then the steps of n8n's Community Nodes
 * installer (n8n 1.123 CommunityPackagesService.downloadPackage): unpack into <user folder>/.n8n/nodes/node_modules/<name>,
 * drop devDependencies, peerDependencies and optionalDependencies from its package.json (so npm never installs a
 * second n8n-workflow), `npm install` its dependencies with scripts off, and list it in .n8n/nodes/package.json.
 */
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { PACKAGE_NAME, REPO_ROOT } from './paths';
import { childEnv, npmCommand, runOrThrow } from './proc';

/** `npm run build` in the repository (tsc + icons); dist/ is rebuilt from scratch. */
export async function buildPackage(logFile: string): Promise<number> {
	const npm = npmCommand();
	const result = await runOrThrow('npm run build', npm.cmd, [...npm.args, 'run', 'build'], {
		cwd: REPO_ROOT,
		env: childEnv(),
		timeoutMs: 10 * 60_000,
		logFile,
	});
	return result.ms;
}

export interface PackedPackage {
	tarball: string;
	name: string;
	version: string;
	files: string[];
}

/** `npm pack` into destDir (never into the repository). */
export async function packPackage(destDir: string, logFile: string): Promise<PackedPackage> {
	const npm = npmCommand();
	const result = await runOrThrow(
		'npm pack',
		npm.cmd,
		[...npm.args, 'pack', '--json', '--pack-destination', destDir],
		{
			cwd: REPO_ROOT,
			env: childEnv(),
			timeoutMs: 5 * 60_000,
			logFile,
		},
	);
	const start = result.stdout.indexOf('[');
	const info = JSON.parse(result.stdout.slice(start)) as Array<{
		filename: string;
		name: string;
		version: string;
		files: Array<{ path: string }>;
	}>;
	const entry = info[0];
	return {
		tarball: path.join(destDir, entry.filename),
		name: entry.name,
		version: entry.version,
		files: entry.files.map((f) => f.path),
	};
}

/** Installs a packed tarball into <userFolder>/.n8n/nodes like n8n's Community Nodes installer. Returns the package folder. */
export async function installLikeCommunityNodes(
	packed: PackedPackage,
	userFolder: string,
	logFile: string,
): Promise<string> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', packed.name);
	const nodesPackageJson = path.join(nodesDir, 'package.json');
	fs.mkdirSync(nodesDir, { recursive: true });
	if (!fs.existsSync(nodesPackageJson)) {
		fs.writeFileSync(
			nodesPackageJson,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	}
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	await runOrThrow(
		'unpacking the tarball',
		'tar',
		['-xzf', packed.tarball, '-C', packageDir, '--strip-components=1'],
		{
			cwd: nodesDir,
			timeoutMs: 60_000,
			logFile,
		},
	);
	const manifestPath = path.join(packageDir, 'package.json');
	const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
	delete manifest.devDependencies;
	delete manifest.peerDependencies;
	delete manifest.optionalDependencies;
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2), 'utf8');
	const npm = npmCommand();
	await runOrThrow(
		'npm install of the package dependencies',
		npm.cmd,
		[
			...npm.args,
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: packageDir, env: childEnv(), timeoutMs: 10 * 60_000, logFile },
	);
	const list = JSON.parse(fs.readFileSync(nodesPackageJson, 'utf8')) as {
		dependencies?: Record<string, string>;
	};
	list.dependencies = { ...(list.dependencies ?? {}), [packed.name]: packed.version };
	fs.writeFileSync(nodesPackageJson, JSON.stringify(list, null, 2), 'utf8');
	return packageDir;
}

export interface PackageCheck {
	problems: string[];
	/** Bare imports that are not declared dependencies: they resolve only through n8n's own node_modules. */
	undeclared: Array<{ module: string; from: string[] }>;
}

function walk(dir: string, out: string[] = []): string[] {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (entry.name !== 'node_modules') walk(full, out);
		} else out.push(full);
		continue;
	}
	return out;
}

/**
 * Static checks of an unpacked package folder: every file package.json's n8n section names exists, every relative
 * require resolves to a file inside the package, every `file:` icon exists, and which bare imports are not declared.
 */
export function checkPackageFiles(
	packageDir: string,
	original: { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> },
): PackageCheck {
	const problems: string[] = [];
	const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const listed = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	if (listed.length === 0) problems.push('package.json has no n8n.nodes / n8n.credentials');
	for (const file of listed)
		if (!fs.existsSync(path.join(packageDir, file)))
			problems.push(`n8n section names ${file}, which is not in the tarball`);

	const declared = new Set([
		...Object.keys(original.dependencies ?? {}),
		...Object.keys(original.peerDependencies ?? {}),
	]);
	const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
	const undeclared = new Map<string, Set<string>>();
	const jsFiles = walk(packageDir).filter(
		(f) =>
			f.endsWith('.js') && !path.relative(packageDir, f).split(path.sep).includes('node_modules'),
	);
	for (const file of jsFiles) {
		const text = fs.readFileSync(file, 'utf8');
		const rel = path.relative(packageDir, file);
		for (const match of text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
			const spec = match[1];
			if (spec.startsWith('.')) {
				try {
					const resolved = require.resolve(spec, { paths: [path.dirname(file)] });
					if (!resolved.startsWith(packageDir))
						problems.push(`${rel}: require("${spec}") leaves the package`);
				} catch {
					problems.push(`${rel}: require("${spec}") does not resolve inside the tarball`);
				}
				continue;
			}
			if (builtins.has(spec)) continue;
			const name = spec.startsWith('@')
				? spec.split('/').slice(0, 2).join('/')
				: spec.split('/')[0];
			if (declared.has(name)) {
				if (
					name in (original.dependencies ?? {}) &&
					!fs.existsSync(path.join(packageDir, 'node_modules', name))
				) {
					problems.push(`${rel}: dependency ${name} was not installed`);
				}
				continue;
			}
			const set = undeclared.get(name) ?? new Set<string>();
			set.add(rel);
			undeclared.set(name, set);
		}
		if (/\.(node|credentials)\.js$/.test(file)) {
			for (const match of text.matchAll(/["']file:([^"']+)["']/g)) {
				if (!fs.existsSync(path.join(path.dirname(file), match[1])))
					problems.push(`${rel}: icon file:${match[1]} is not in the tarball`);
			}
		}
	}
	if (fs.existsSync(path.join(packageDir, 'node_modules', 'n8n-workflow'))) {
		problems.push('npm installed its own n8n-workflow next to the package (it must come from n8n)');
	}
	return {
		problems,
		undeclared: [...undeclared].map(([module, from]) => ({ module, from: [...from].sort() })),
	};
}

export function repoManifest(): {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
} {
	const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
		name: string;
		version: string;
		dependencies?: Record<string, string>;
		peerDependencies?: Record<string, string>;
	};
	if (manifest.name !== PACKAGE_NAME)
		throw new Error(`package.json names ${manifest.name}, expected ${PACKAGE_NAME}`);
	return manifest;
}
