// The purl parser (purl.ts) against cases modelled on the purl-spec test suite (tests/spec and tests/types in
// github.com/package-url/purl-spec, read for what each type expects; the cases here are written for this file),
// and rule matching: one test per spelling class, each with the pre-fix matcher (a glob over the raw text) as a
// witness that the case did not match before.
import { describe, expect, it } from 'vitest';
import { PurlError, formatPurl, parsePurl, purlMatches, purlPattern } from '../purl.js';

/** The matcher before issue 12: `*` globs over the purl text, case-insensitive. */
const textGlob = (rule: string, purl: string) =>
  new RegExp(
    `^${rule
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  ).test(purl);

describe('parsePurl', () => {
  it.each([
    ['pkg:npm/%40angular/animation@12.3.1', { type: 'npm', namespace: '@angular', name: 'animation', version: '12.3.1', qualifiers: {} }],
    ['pkg:npm/@angular/animation@12.3.1', { type: 'npm', namespace: '@angular', name: 'animation', version: '12.3.1', qualifiers: {} }],
    [
      'pkg:npm/@babel/core#/googleapis/api/annotations/',
      { type: 'npm', namespace: '@babel', name: 'core', qualifiers: {}, subpath: 'googleapis/api/annotations' },
    ],
    ['pkg:npm/%40babel/core', { type: 'npm', namespace: '@babel', name: 'core', qualifiers: {} }],
    [
      'pkg:npm/mypackage@12.4.5?vcs_url=git://host.com/path/to/repo.git%404345abcd34343',
      { type: 'npm', name: 'mypackage', version: '12.4.5', qualifiers: { vcs_url: 'git://host.com/path/to/repo.git@4345abcd34343' } },
    ],
    [
      'pkg:npm/foo@1.0.0#src/%F0%9F%98%83/./file.js',
      { type: 'npm', name: 'foo', version: '1.0.0', qualifiers: {}, subpath: 'src/😃/file.js' },
    ],
    ['pkg:npm/foobar@1.2.3-alpha.1+build.456', { type: 'npm', name: 'foobar', version: '1.2.3-alpha.1+build.456', qualifiers: {} }],
    ['pkg:npm/foobar@1.2.3-alpha.1%2Bbuild.456', { type: 'npm', name: 'foobar', version: '1.2.3-alpha.1+build.456', qualifiers: {} }],
    [
      'pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/api/annotations/',
      {
        type: 'golang',
        namespace: 'google.golang.org',
        name: 'genproto',
        version: 'abcdedf',
        qualifiers: {},
        subpath: 'googleapis/api/annotations',
      },
    ],
    [
      'pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c',
      { type: 'golang', namespace: 'github.com/gorilla', name: 'context', version: '234fd47e07d1004f0aed9c', qualifiers: {} },
    ],
    ['pkg:PYPI/Django_package@1.11.1.dev1', { type: 'pypi', name: 'django-package', version: '1.11.1.dev1', qualifiers: {} }],
    [
      'pkg:pypi/django@1.11.1?file_name=Django-1.11.1.tar.gz',
      { type: 'pypi', name: 'django', version: '1.11.1', qualifiers: { file_name: 'Django-1.11.1.tar.gz' } },
    ],
    [
      'pkg:github/Package-url/purl-Spec@244fd47e07d1004f0aed9c',
      { type: 'github', namespace: 'package-url', name: 'purl-spec', version: '244fd47e07d1004f0aed9c', qualifiers: {} },
    ],
    ['pkg:composer/Laravel/Laravel@5.5.0', { type: 'composer', namespace: 'laravel', name: 'laravel', version: '5.5.0', qualifiers: {} }],
    [
      'pkg:maven/HTTPClient/HTTPClient@0.3-3',
      { type: 'maven', namespace: 'HTTPClient', name: 'HTTPClient', version: '0.3-3', qualifiers: {} },
    ],
    [
      'pkg:Nuget/EnterpriseLibrary.Common@6.0.1304',
      { type: 'nuget', name: 'EnterpriseLibrary.Common', version: '6.0.1304', qualifiers: {} },
    ],
    [
      'pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64',
      { type: 'deb', namespace: 'debian', name: 'attr', version: '1:2.4.47-2+b1', qualifiers: { arch: 'amd64' } },
    ],
    [
      'pkg:maven/mygroup/myartifact@1.0.0%20Final?mykey=my%20value',
      { type: 'maven', namespace: 'mygroup', name: 'myartifact', version: '1.0.0 Final', qualifiers: { mykey: 'my value' } },
    ],
    [
      'pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repositorY_url=https://repo.spring.io/release',
      {
        type: 'maven',
        namespace: 'org.apache.xmlgraphics',
        name: 'batik-anim',
        version: '1.9.1',
        qualifiers: { classifier: 'sources', repository_url: 'https://repo.spring.io/release' },
      },
    ],
    ['pkg://maven/org.apache.commons/io', { type: 'maven', namespace: 'org.apache.commons', name: 'io', qualifiers: {} }],
    ['pkg:///maven/org.apache.commons/io', { type: 'maven', namespace: 'org.apache.commons', name: 'io', qualifiers: {} }],
    [
      'pkg:oci/debian@sha256%3A244fd47e07d10?repository_url=docker.io/library/debian&arch=amd64&tag=latest',
      {
        type: 'oci',
        name: 'debian',
        version: 'sha256:244fd47e07d10',
        qualifiers: { arch: 'amd64', repository_url: 'docker.io/library/debian', tag: 'latest' },
      },
    ],
    [
      'pkg:generic/bitwarderl?vcs_url=git%2Bhttps://git.fsfe.org/dxtr/bitwarderl%40cc55108da32',
      { type: 'generic', name: 'bitwarderl', qualifiers: { vcs_url: 'git+https://git.fsfe.org/dxtr/bitwarderl@cc55108da32' } },
    ],
    [
      'pkg:conan/openssl.org/openssl@3.0.3?user=bincrafters&channel=stable&empty=',
      {
        type: 'conan',
        namespace: 'openssl.org',
        name: 'openssl',
        version: '3.0.3',
        qualifiers: { channel: 'stable', user: 'bincrafters' },
      },
    ],
    [
      'pkg:bitbucket/birKenfeld/pyGments-main@244fd47e07d1014f0aed9c',
      { type: 'bitbucket', namespace: 'birkenfeld', name: 'pygments-main', version: '244fd47e07d1014f0aed9c', qualifiers: {} },
    ],
    [
      'pkg:huggingface/EleutherAI/gpt-neo-1.3B@797174552AE47F449AB70B684CABCB6603E5E85E',
      {
        type: 'huggingface',
        namespace: 'EleutherAI',
        name: 'gpt-neo-1.3B',
        version: '797174552ae47f449ab70b684cabcb6603e5e85e',
        qualifiers: {},
      },
    ],
    [
      'pkg:cocoapods/GoogleUtilities@7.5.2#NSData+zlib',
      { type: 'cocoapods', name: 'GoogleUtilities', version: '7.5.2', qualifiers: {}, subpath: 'NSData+zlib' },
    ],
    [
      'pkg:rpm/fedora/centerim@4.22.10-1.el6?arch=i686&epoch=1&distro=fedora-25',
      {
        type: 'rpm',
        namespace: 'fedora',
        name: 'centerim',
        version: '4.22.10-1.el6',
        qualifiers: { arch: 'i686', distro: 'fedora-25', epoch: '1' },
      },
    ],
  ])('%s', (input, expected) => {
    expect(parsePurl(input)).toEqual(expected);
  });

  it.each([
    ['EnterpriseLibrary.Common@6.0.1304', /pkg:/],
    ['pkg:EnterpriseLibrary.Common@6.0.1304', /no "\/" after the type/],
    ['pkg%3Amaven/org.apache.commons/io', /pkg:/],
    ['pkg:3nginx/nginx@0.8.9', /type "3nginx"/],
    ['pkg:nginx:a/nginx@0.8.9', /type "nginx:a"/],
    ['pkg:n&g?inx/nginx@0.8.9', /qualifier/],
    ['pkg:npm/myartifact@1.0.0?in%20production=true', /qualifier key/],
    ['pkg:npm/a@1.0.0?arch=x86&arch=arm', /appears twice/],
    ['pkg:maven/@1.3.4', /no name/],
    ['pkg:swift/github.com/Alamofire/@5.4.3', /no name/],
    ['pkg:npm/', /no name/],
    ['pkg:npm/foobar@', /version after "@" is empty/],
    ['pkg:npm/left pad@1.0.0', /whitespace/],
    ['pkg:npm/%E0%A4%A@1.0.0', /percent-encoding/],
    ['pkg:npm/a%00b@1.0.0', /control character/],
    ['pkg:npm/%40scope%2Fx/y@1', /encoded "\/"/],
    ['', /empty/],
  ])('refuses %s', (input, message) => {
    expect(() => parsePurl(input)).toThrow(PurlError);
    expect(() => parsePurl(input)).toThrow(message);
  });

  it('formats the canonical form: %40 for the scope, sorted qualifiers, clean subpath', () => {
    expect(formatPurl(parsePurl('pkg:npm/@babel/core#/googleapis/api/annotations/'))).toBe(
      'pkg:npm/%40babel/core#googleapis/api/annotations',
    );
    expect(formatPurl(parsePurl('pkg:conan/openssl.org/openssl@3.0.3?user=bincrafters&channel=stable'))).toBe(
      'pkg:conan/openssl.org/openssl@3.0.3?channel=stable&user=bincrafters',
    );
    expect(formatPurl(parsePurl('pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64'))).toBe('pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64');
    // Parsing the canonical form gives the same components back.
    for (const p of [
      'pkg:npm/@angular/animation@12.3.1',
      'pkg:maven/mygroup/myartifact@1.0.0%20Final?mykey=my%20value',
      'pkg:golang/google.golang.org/genproto@abc#googleapis/api',
    ]) {
      expect(parsePurl(formatPurl(parsePurl(p)))).toEqual(parsePurl(p));
    }
  });
});

describe('rule matching, by spelling class (each case failed with the text glob)', () => {
  const classes: Array<[string, string, string]> = [
    // [class, rule, component purl as an SBOM writes it]
    ['npm scope: "@" in the rule, %40 in the SBOM', 'pkg:npm/@babel/traverse@7.21.4', 'pkg:npm/%40babel/traverse@7.21.4'],
    ['npm scope: %40 in the rule, "@" in the SBOM', 'pkg:npm/%40babel/traverse@7.21.4', 'pkg:npm/@babel/traverse@7.21.4'],
    ['npm scope, rule without version', 'pkg:npm/@babel/traverse', 'pkg:npm/%40babel/traverse@7.21.4'],
    [
      'version "+" in the rule, %2B in the SBOM',
      'pkg:cargo/wasi@0.9.0+wasi-snapshot-preview1',
      'pkg:cargo/wasi@0.9.0%2Bwasi-snapshot-preview1',
    ],
    ['version %2B in the rule, "+" in the SBOM', 'pkg:npm/foobar@1.2.3%2Bbuild.456', 'pkg:npm/foobar@1.2.3+build.456'],
    ['no version in the rule: every version', 'pkg:npm/event-stream', 'pkg:npm/event-stream@3.3.6'],
    [
      'qualifiers the rule does not name are ignored',
      'pkg:npm/event-stream@3.3.6',
      'pkg:npm/event-stream@3.3.6?repository_url=https://npm.example.com',
    ],
    [
      'qualifiers the rule names, in another order',
      'pkg:deb/debian/curl@7.50.3-1?distro=jessie&arch=i386',
      'pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie&repository_url=x',
    ],
    [
      'subpath the rule does not name is ignored',
      'pkg:golang/google.golang.org/genproto',
      'pkg:golang/google.golang.org/genproto@v0.0.0-2023#googleapis/api/annotations',
    ],
    ['pypi name: case and "_" (spec normalisation)', 'pkg:pypi/Jupyter_Client@8.0.3', 'pkg:pypi/jupyter-client@8.0.3'],
    ['pypi name: "." and "-" are one (PEP 503)', 'pkg:pypi/delegator-py', 'pkg:pypi/delegator.py@0.1.1'],
    ['leading slashes after "pkg:"', 'pkg://npm/left-pad@1.3.0', 'pkg:npm/left-pad@1.3.0'],
  ];
  it.each(classes)('%s', (_cls, rule, component) => {
    expect(purlMatches(rule, component)).toBe(true);
    expect(textGlob(rule, component)).toBe(false);
  });

  it('an encoded character in the name matches its plain spelling', () => {
    expect(purlMatches('pkg:generic/open%73sl@1.1.1', 'pkg:generic/openssl@1.1.1')).toBe(true);
    expect(textGlob('pkg:generic/open%73sl@1.1.1', 'pkg:generic/openssl@1.1.1')).toBe(false);
  });

  it('case follows each type: lowercase for npm, pypi, github, composer, deb; kept for maven, golang', () => {
    expect(purlMatches('pkg:NPM/JSONStream', 'pkg:npm/jsonstream@1.3.5')).toBe(true);
    expect(purlMatches('pkg:github/Package-URL/Purl-Spec', 'pkg:github/package-url/purl-spec@244fd47')).toBe(true);
    expect(purlMatches('pkg:composer/Laravel/Framework', 'pkg:composer/laravel/framework@v10.0.0')).toBe(true);
    expect(purlMatches('pkg:nuget/newtonsoft.json@13.0.1', 'pkg:nuget/Newtonsoft.Json@13.0.1')).toBe(true);
    expect(purlMatches('pkg:maven/org.Apache/commons-io', 'pkg:maven/org.apache/commons-io@2.11')).toBe(false);
    expect(purlMatches('pkg:golang/github.com/Sirupsen/logrus', 'pkg:golang/github.com/sirupsen/logrus@v1.9.0')).toBe(false);
    // Versions are opaque and case-sensitive unless the type says otherwise (pypi, oci).
    expect(purlMatches('pkg:npm/a@1.0.0-RC1', 'pkg:npm/a@1.0.0-rc1')).toBe(false);
    expect(purlMatches('pkg:pypi/a@1.0RC1', 'pkg:pypi/a@1.0rc1')).toBe(true);
  });

  it('does not match what it does not name', () => {
    expect(purlMatches('pkg:npm/event-stream@3.3.6', 'pkg:npm/event-stream@3.3.60')).toBe(false);
    expect(purlMatches('pkg:npm/event-stream@3.3.6', 'pkg:npm/event-stream')).toBe(false);
    expect(purlMatches('pkg:npm/core', 'pkg:npm/%40babel/core@7.0.0')).toBe(false);
    expect(purlMatches('pkg:npm/%40babel/core', 'pkg:npm/core@7.0.0')).toBe(false);
    expect(purlMatches('pkg:npm/lodash', 'pkg:github/lodash/lodash@4.17.21')).toBe(false);
    expect(purlMatches('pkg:deb/debian/curl?arch=amd64', 'pkg:deb/debian/curl@7.50.3-1?arch=arm64')).toBe(false);
    expect(purlMatches('pkg:deb/debian/curl?arch=amd64', 'pkg:deb/debian/curl@7.50.3-1')).toBe(false);
    expect(purlMatches('pkg:deb/debian/curl?arch=amd64', 'pkg:deb/debian/curl@7.50.3-1?arch=amd64')).toBe(true);
    expect(
      purlMatches('pkg:golang/google.golang.org/genproto#googleapis/api', 'pkg:golang/google.golang.org/genproto@v1#googleapis/rpc'),
    ).toBe(false);
  });

  it('"*" globs in namespace, name and version; %2A is a literal asterisk; "@*" is every version', () => {
    expect(purlMatches('pkg:npm/colors@1.4.*', 'pkg:npm/colors@1.4.44')).toBe(true);
    expect(purlMatches('pkg:npm/colors@1.4.*', 'pkg:npm/colors@1.5.0')).toBe(false);
    expect(purlMatches('pkg:npm/@evil-org/*', 'pkg:npm/%40evil-org/anything@2.0.0')).toBe(true);
    expect(purlMatches('pkg:npm/*/*', 'pkg:npm/%40any/thing@1')).toBe(true);
    expect(purlMatches('pkg:npm/*', 'pkg:npm/%40any/thing@1')).toBe(false); // namespace is its own part
    expect(purlMatches('pkg:npm/evil@*', 'pkg:npm/evil')).toBe(true);
    expect(purlMatches('pkg:generic/a%2Ab', 'pkg:generic/a%2Ab@1')).toBe(true);
    expect(purlMatches('pkg:generic/a%2Ab', 'pkg:generic/axb@1')).toBe(false);
    expect(() => purlPattern('pkg:*/x')).toThrow(/type/);
  });
});
