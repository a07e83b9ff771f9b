// A Redis URL as messages and files show it: a password in it replaced by `***`.

export function shownRedisUrl(text: string): string {
  return text.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}
