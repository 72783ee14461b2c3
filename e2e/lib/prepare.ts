/** Shared by the suite and the demo: a fresh build of the package, loaded into an n8n user folder. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	buildPackage,
	checkPackageFiles,
	installLikeCommunityNodes,
	packPackage,
	repoManifest,
	type PackageCheck,
} from './package';
import { CUSTOM_TYPE_PREFIX, PACKAGE_TYPE_PREFIX, REPO_ROOT } from './paths';

export type LoadMode = 'community' | 'custom';

export interface PreparedPackage {
	mode: LoadMode;
	/** Node type prefix n8n gives the package's nodes in this mode. */
	typePrefix: string;
	/** For custom mode: the folder for N8N_CUSTOM_EXTENSIONS. */
	customExtensions?: string;
	/** For community mode: where the package was installed, and what the static tarball checks found. */
	packageDir?: string;
	check?: PackageCheck;
	tarballFiles?: number;
	version: string;
	buildMs: number;
	installMs: number;
}

export async function preparePackage(options: {
	mode: LoadMode;
	userFolder: string;
	/** Scratch folder for the tarball. */
	workDir: string;
	logFile: string;
}): Promise<PreparedPackage> {
	const manifest = repoManifest();
	const buildMs = await buildPackage(options.logFile);
	const started = Date.now();
	if (options.mode === 'custom') {
		return {
			mode: 'custom',
			typePrefix: CUSTOM_TYPE_PREFIX,
			customExtensions: path.join(REPO_ROOT, 'dist'),
			version: manifest.version,
			buildMs,
			installMs: 0,
		};
	}
	fs.mkdirSync(options.workDir, { recursive: true });
	const packed = await packPackage(options.workDir, options.logFile);
	try {
		const packageDir = await installLikeCommunityNodes(packed, options.userFolder, options.logFile);
		const check = checkPackageFiles(packageDir, manifest);
		return {
			mode: 'community',
			typePrefix: PACKAGE_TYPE_PREFIX,
			packageDir,
			check,
			tarballFiles: packed.files.length,
			version: packed.version,
			buildMs,
			installMs: Date.now() - started,
		};
	} finally {
		fs.rmSync(packed.tarball, { force: true });
	}
}
