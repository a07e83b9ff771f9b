import { describe, expect, it } from 'vitest';
import { shownRedisUrl } from '../redis-url.js';
import { parseQueueUrl } from './queue-url.js';

describe('the --queue URL', () => {
  it('passes a user and password on to the connection, decoded', () => {
    expect(parseQueueUrl('redis://ops:s%40cret@10.0.0.5:6380/3')).toEqual({ host: '10.0.0.5', port: 6380, db: 3, username: 'ops', password: 's@cret' });
    expect(parseQueueUrl('redis://:pw@q')).toEqual({ host: 'q', port: 6379, db: 0, password: 'pw' });
  });

  it('connects to an IPv6 host without its brackets', () => {
    expect(parseQueueUrl('rediss://[::1]:7000')).toEqual({ host: '::1', port: 7000, db: 0, tls: {} });
  });

  it('refuses a query or fragment it would otherwise ignore, without printing the password', () => {
    expect(() => parseQueueUrl('redis://u:hunter2@h:1/0?timeout=5')).toThrow('--queue: expected redis://[user:password@]host:port[/db] with no query or fragment, got "redis://u:***@h:1/0?timeout=5"');
  });

  it('shows a URL with its password replaced, and one without a password unchanged', () => {
    expect(shownRedisUrl('redis://u:hunter2@h:1/2')).toBe('redis://u:***@h:1/2');
    expect(shownRedisUrl('redis://:hunter2@h')).toBe('redis://:***@h');
    expect(shownRedisUrl('redis://h:6379/1')).toBe('redis://h:6379/1');
  });
});
