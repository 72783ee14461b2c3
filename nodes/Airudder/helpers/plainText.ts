/** Longest excerpt of an answer body shown in an error message. */
export const EXCERPT_LENGTH = 160;

const ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: ' ',
	'#39': "'",
};

/**
 * The readable text of an HTML or plain-text body: scripts, styles, comments and tags (also one cut short) removed, common
 * entities decoded, whitespace collapsed, cut to at most `max` characters.
 */
export function plainTextExcerpt(body: string, max = EXCERPT_LENGTH): string {
	const text = body
		.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
		.replace(/<!--[\s\S]*?-->/g, ' ')
		.replace(/<[^>]*>/g, ' ')
		.replace(/<[^>]*$/, ' ')
		.replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, name: string) => ENTITIES[name])
		.replace(/\s+/g, ' ')
		.trim();
	return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
