/**
 * README's links resolve wherever it is read: on the repository page, and on the npm package
 * page, where relative links are resolved against package.json's `repository` (so their
 * targets must be committed files) and `#anchors` against README's own headings.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to '-'. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

/** Links outside code blocks: [text](target) and ![alt](target). */
function links(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
}

describe("README's links", () => {
  it('package.json names the repository, homepage and issue tracker the links resolve against', () => {
    expect(pkg.repository).toMatchObject({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/) });
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\//);
    expect(pkg.bugs).toMatchObject({ url: expect.stringMatching(/^https:\/\/github\.com\/.*\/issues$/) });
  });

  it('every relative link is a committed file, every #anchor a heading', () => {
    const tracked = new Set(execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n'));
    const anchors = new Set(
      readme
        .replace(/^```[\s\S]*?^```/gm, '')
        .split('\n')
        .filter((line) => /^#{1,6} /.test(line))
        .map((line) => slug(line.replace(/^#+ /, ''))),
    );
    const found = links(readme);
    expect(found.length).toBeGreaterThan(5);
    for (const target of found) {
      if (/^https?:\/\//.test(target)) continue;
      if (target.startsWith('#')) expect(anchors, target).toContain(target.slice(1));
      else expect(tracked, target).toContain(target.split('#')[0]);
    }
  });
});
