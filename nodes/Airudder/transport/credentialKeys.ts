import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export type CredentialKey = 'APP Key' | 'APP Secret' | 'Chatbot API Key';

/** A credential field as trimmed text ('' when missing). */
export function credentialText(credentials: ICredentialDataDecryptedObject, name: string): string {
	const value = credentials[name];
	return typeof value === 'string' ? value.trim() : '';
}

export function missingKeyMessage(key: CredentialKey): string {
	return key === 'Chatbot API Key'
		? 'The Chatbot API Key is empty in the AIRudder API credential: WhatsApp operations need it'
		: `The ${key} is empty in the AIRudder API credential: workflow operations need the APP Key and the APP Secret`;
}

/** The first empty key a request to this kind of endpoint needs, if any. */
export function missingKey(
	credentials: ICredentialDataDecryptedObject,
	chatbot: boolean,
): CredentialKey | undefined {
	if (chatbot)
		return credentialText(credentials, 'chatbotApiKey') === '' ? 'Chatbot API Key' : undefined;
	if (credentialText(credentials, 'appKey') === '') return 'APP Key';
	if (credentialText(credentials, 'appSecret') === '') return 'APP Secret';
	return undefined;
}
