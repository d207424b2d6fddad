import { describe, expect, it } from 'vitest';
import { startTestApi } from '../../test-support';
import { parsePrometheusText, sampleValue } from '../../test-support/prometheus-text';

// The strict reader the production-install check and these tests judge /metrics by: it
// must refuse what Prometheus would refuse, or "it parses" proves nothing.
describe('parsePrometheusText', () => {
  const ok = [
    '# HELP a_total Requests',
    '# TYPE a_total counter',
    'a_total{route="/api/cases/:id",status="200"} 3',
    '# TYPE h histogram',
    'h_bucket{le="0.1"} 1',
    'h_bucket{le="+Inf"} 2',
    'h_sum 0.3',
    'h_count 2',
    '# TYPE g gauge',
    'g Nan',
    '',
  ].join('\n');

  it('reads families, labels and values', () => {
    const f = parsePrometheusText(ok);
    expect(sampleValue(f, 'a_total', { route: '/api/cases/:id' })).toBe(3);
    expect(sampleValue(f, 'h_count')).toBe(2);
    expect(Number.isNaN(sampleValue(f, 'g'))).toBe(true);
  });

  it.each([
    ['a sample without TYPE', 'x 1\n'],
    ['an unquoted label', '# TYPE x gauge\nx{a=b} 1\n'],
    ['a bad value', '# TYPE x gauge\nx one\n'],
    ['a negative counter', '# TYPE x counter\nx -1\n'],
    ['no final newline', '# TYPE x gauge\nx 1'],
    ['buckets without +Inf', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1\n'],
    [
      'buckets not cumulative',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n',
    ],
    ['+Inf different from count', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_count 3\n'],
  ])('refuses %s', (_what, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });

  it("reads the app's own /metrics", async () => {
    const t = await startTestApi({ config: { metricsToken: 'a-token-of-sixteen-chars' } });
    try {
      await t.fetch('/api/health');
      const res = await t.fetch('/metrics', {
        headers: { Authorization: 'Bearer a-token-of-sixteen-chars' },
      });
      const families = parsePrometheusText(await res.text());
      expect(families.get('anxin_http_request_duration_seconds')?.type).toBe('histogram');
    } finally {
      await t.close();
    }
  });
});
