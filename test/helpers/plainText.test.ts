import { plainTextExcerpt } from '../../nodes/Airudder/helpers/plainText';

describe('plainTextExcerpt', () => {
	test('strips tags, scripts, styles and comments, decodes entities, collapses whitespace', () => {
		expect(
			plainTextExcerpt(
				'<html><head><style>p{}</style><script>if (a < b) x()</script></head><!-- c --><body>\n<h1>Bad&nbsp;&amp;   sad</h1><p>&lt;ok&gt; &quot;q&quot; &#39;s&#39;</p></body></html>',
			),
		).toBe('Bad & sad <ok> "q" \'s\'');
	});

	test('drops a tag cut short at the end', () => {
		expect(plainTextExcerpt('Service down <a href="x')).toBe('Service down');
	});

	test('cuts to the length given, ellipsis included', () => {
		const text = plainTextExcerpt('word '.repeat(100));
		expect(text.length).toBeLessThanOrEqual(160);
		expect(text.endsWith('…')).toBe(true);
		expect(plainTextExcerpt('abcdef', 4)).toBe('abc…');
		expect(plainTextExcerpt('abcd', 4)).toBe('abcd');
	});

	test('leaves plain text as it is, but for whitespace', () => {
		expect(plainTextExcerpt('  {"code": 200,\n "data"  ')).toBe('{"code": 200, "data"');
		expect(plainTextExcerpt('')).toBe('');
	});
});
