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

	test('scripts and styles go with their content, whatever their attributes, case or closing tag', () => {
		expect(
			plainTextExcerpt(
				'<SCRIPT type="text/javascript">var a = 1;</SCRIPT >one<style media="x">p { }</style\n>two',
			),
		).toBe('one two');
		expect(plainTextExcerpt('<script>a()</script>keep<script>b()</script>')).toBe('keep');
		expect(plainTextExcerpt('<scripts>shown</scripts>')).toBe('shown');
	});

	test('comments go whole, even with > inside, one at a time', () => {
		expect(plainTextExcerpt('<!-- a > b\n c -->x<!-- d -->y')).toBe('x y');
	});

	test('tags with attributes go, text beside them stays', () => {
		expect(plainTextExcerpt('<a href="/x" title="t">link</a>:<br/>done')).toBe('link : done');
	});

	test('each common entity is decoded, unknown ones kept', () => {
		expect(plainTextExcerpt('&apos;&quot;&lt;&gt;&amp;&#39;&nbsp;|&copy;')).toBe("'\"<>&' |&copy;");
	});

	test('the cut never ends in a space before the ellipsis', () => {
		expect(plainTextExcerpt('abc defgh', 5)).toBe('abc…');
		expect(plainTextExcerpt('abc   defgh', 6)).toBe('abc d…');
	});
});
