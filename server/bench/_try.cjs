const h=require('../out/test/feature-helpers.js');const {completion}=require('../out/src/features/completion.js');
(async()=>{await h.initParser();const idx=await h.fixtureTreeIndex();
const cases=[
 'pkgname=foo\npkgver=1.2\npkgrel=0\ndepends="libk‸',
 'pkgname=foo\ndepends="so:‸"\n',
 'pkgname=foo\narch="x86_64 !‸"\n',
 'pkgname=foo\nlicense="MIT AND ‸"\n',
 'pkgname=foo\nlicense="GPL-2.0-or-later WITH ‸"\n',
 'pkgname=foo\nsubpackages="$pkgname-doc ‸"\n',
 'pkgname=foo\nsubpackages="$pkgname-x:‸"\nx() { :; }\n',
 'pkgname=foo\nbuild() {\n\tcd "$b‸"\n}\n',
 'pkgname=foo\nbuild() {\n\tdef‸\n}\n',
 'pkgname=foo\npkgver=1.2\npkgrel=3\n# secfixes:\n#   1.0-r0:\n#     - CVE-2020-1234\n#‸\n',
 'pkgname=foo\n# apkbuild-lint disable=AL‸\n',
 'pk‸',
 '‸',
 'pkgname=foo\nopti‸',
];
for(const c of cases){const {doc,position}=h.atCaret(c,'/tmp/x/mypkg/APKBUILD');const r=completion(doc,position,idx);console.log(JSON.stringify(c),r.isIncomplete,r.items.length,r.items.slice(0,6).map(i=>i.label+(i.detail?' ['+i.detail+']':'')).join(' | '));}
})();
