/**
 * n8n-core reads its instance settings (user folder) when the first context is built: imported before n8n-core.
 * jest.config.js's global setup makes one folder for the whole run and removes it at the end.
 */
if (!process.env.N8N_USER_FOLDER)
	throw new Error(
		'N8N_USER_FOLDER is not set: run the tests through jest (jest.config.js sets it).',
	);
