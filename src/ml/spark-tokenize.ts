/** One text as Spark's Tokenizer splits it (`text.toLowerCase().split("\\s")` in Java). */
export function sparkTokenize(text: string): string[] {
  const lower = text.toLowerCase();
  const tokens: string[] = [];
  let start = 0;
  let matched = false;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (isJavaSpace(c)) {
      tokens.push(lower.slice(start, i));
      start = i + 1;
      matched = true;
    }
  }
  if (!matched) return [lower];
  tokens.push(lower.slice(start));
  let end = tokens.length;
  while (end > 0 && tokens[end - 1] === "") end--;
  tokens.length = end;
  return tokens;
}

/** Java regex `\s`: ASCII space, \t, \n, \x0B, \f, \r (no Unicode spaces). */
export function isJavaSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
