const h=require('../out/test/feature-helpers.js');const {hover}=require('../out/src/features/hover.js');
(async()=>{await h.initParser();const idx=await h.fixtureTreeIndex();
const cases=[
 'pkgname=foo\npkgver=1.2\nmakedepends="libkv-d‸ev"\n',
 'pkgname=foo\nlicense="MIT AND GPL-2.0-or-la‸ter"\n',
 'pkgname=foo\narch="all !s39‸0x"\n',
 'pkgname=foo\npkgver=1.2\nsource="https://e.org/$pkgname-$pk‸gver.tar.gz"\n',
 'pkgname=foo\npkgver=1.2\nsource="https://e.org/$pkgname-$pkgver.t‸ar.gz"\nsha512sums="abcd  foo-1.2.tar.gz"\n',
 'pkgna‸me=foo\n',
 'pkgname=foo\nbuild() {\n\tcd "$src‸dir"\n}\n',
 'pkgname=foo\nbuild() {\n\tdefault_pre‸pare\n}\n',
 'pkgname=foo\noptions="!che‸ck"\n',
 'pkgname=foo\n# apkbuild-lint disable=AL‸5\n',
 'pkgname=foo\nsubpackages="$pkgname-d‸oc"\n',
 'pa‸ckage() {\n\t:\n}\n',
];
for(const c of cases){const {doc,position}=h.atCaret(c,'/tmp/x/mypkg/APKBUILD');const r=hover(doc,position,idx);console.log(JSON.stringify(c),'\n   ',r&&JSON.stringify(r.contents.value), r&&JSON.stringify(r.range));}
})();
