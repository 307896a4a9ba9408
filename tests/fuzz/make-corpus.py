#!/usr/bin/env python3
# Regenerate the seed corpora tests/fuzz/corpus/<target>/ from the repository's
# own data (rules/, tests/golden/cases/, tests/unit/, tests/data/examples/).
# Run from the repository root: python3 tests/fuzz/make-corpus.py
# (it rewrites tests/fuzz/corpus/ entirely; commit the result).
import os, csv, io, json, re, shutil
shutil.rmtree('tests/fuzz/corpus', ignore_errors=True)
R='tests/fuzz/corpus'
def put(target, name, data, prefix=None):
    d=os.path.join(R,target); os.makedirs(d,exist_ok=True)
    if isinstance(data,str): data=data.encode('utf-8')
    if prefix is not None: data=bytes([prefix])+data
    open(os.path.join(d,name),'wb').write(data)

# ---------------- rules ----------------
reg=open('rules/but-info-rodez-2025-2026.mccc','rb').read()
put('rules','regulation.mccc',reg)
for c in ['lexical','names','syntax-three-errors','types']:
    put('rules',f'golden-{c}.mccc',open(f'tests/golden/cases/{c}/rules.mccc','rb').read())
# mini rules of tests/unit/test_grades.c (C string literal)
src=open('tests/unit/test_grades.c',encoding='utf-8').read()
m=re.search(r'static const char mini_rules\[\] =\n(.*?);\n',src,re.S)
lits=re.findall(r'"((?:[^"\\]|\\.)*)"',m.group(1))
mini=''.join(bytes(l,'utf-8').decode('unicode_escape').encode('latin-1').decode('utf-8') for l in lits)
put('rules','mini.mccc',mini)
# the regulation cut into its top-level statements, grouped into small files
lines=reg.decode('utf-8').split('\n')
starts=[i for i,l in enumerate(lines) if l and not l[0].isspace() and l[0] not in '#}']
chunks=[]
for k,s in enumerate(starts):
    e=starts[k+1] if k+1<len(starts) else len(lines)
    chunks.append('\n'.join(lines[s:e]).rstrip()+'\n')
buf='';n=0
for ch in chunks:
    if len((buf+ch).encode())>2500 and buf:
        put('rules',f'regulation-part{n:02d}.mccc',buf); n+=1; buf=''
    buf+=ch
if buf: put('rules',f'regulation-part{n:02d}.mccc',buf); n+=1
print('rules parts',n)
# small hand-written ones: expressions, errors, comments, odd spacing
put('rules','expr.mccc',
 'condition c = non (a ou b) et (x + 1) * 2 / 3 - -4 >= 8,5 ou nombre(RCUE validés) != 0\n'
 'condition d = min(UE de S1 à S4 acquises) < max(RCUE) et tous(RCUE en attente) ou aucun(UE non acquises)\n'
 'décision { ADM si c # fin\n  NAR sinon }\n')
put('rules','comments-blank.mccc','# en-tête\n\n\n# deux\nmarque ABI "a \\"b\\" \\\\" vaut 0 # fin\n\n  # indentation\nmarque EXC "x" neutralisée\n')
put('rules','lexical-errors.mccc','marque\u00a0ABI «absence» vaut 0\ncode jury ADJ "non terminé\n\x01\xff ; § 5-3 annexe   3 2025-2026 2025-06-27 12,5\n'.encode('utf-8')+b'\xc3\x28\xe2\x82\n')
put('rules','crlf.mccc','compétence 1 "Réaliser" {\r\n  niveau 1 "Un"\r\n}\r\nmarque ABI "x" vaut 0\r\n')

# ---------------- grades ----------------
rows=list(csv.reader(open('tests/data/examples/cohort-small.csv')))
hdr,rows=rows[0],rows[1:]
def cut(sel,k=None): return sel[:k] if k else sel
def to_csv(h,rs,sep=',',eol='\n'):
    o=io.StringIO(); w=csv.writer(o,delimiter=sep,lineterminator=eol); w.writerow(h)
    for r in rs: w.writerow(r)
    return o.getvalue()
one=[r for r in rows if r[0]=='21022899-32']           # a BUT 1 year
l3=[r for r in rows if r[0]=='21090220-30' and r[1]=='2025-2026']
mixed=rows[:40]
LONG=0x00; HIST=0x80
put('grades','long-but1.csv',to_csv(hdr,one),LONG)
put('grades','long-but3-history.csv',to_csv(hdr,l3),HIST)
put('grades','long-mixed.csv',to_csv(hdr,mixed),HIST)
fr=open('tests/data/examples/cohort-small-fr.csv','rb').read().split(b'\n')
put('grades','long-fr-bom.csv',b'\n'.join(fr[:40])+b'\n',HIST)
put('grades','long-fr-crlf.csv',b'\r\n'.join(fr[:25])+b'\r\n',LONG)
put('grades','long-tab-cr.csv',to_csv(hdr,one[:30],'\t','\r'),LONG)
# Windows-1252: long form with an ignored accented column
h2=['étudiant_nom']+hdr
rs=[['Hélène Œuvray']+r[:5]+[r[5].replace('.',',')] for r in one[:20]]
put('grades','long-cp1252.csv',to_csv(h2,rs,';','\r\n').encode('cp1252'),LONG)
# marks, errors
bad=to_csv(hdr,[
 ['21000001','2025-2026','S1','','R1.01','ABI'],
 ['21000001','2025-2026','S1','','R1.02','EXC'],
 ['21000001','2025-2026','S1','','R1.03','ATT'],
 ['21000001','2025-2026','S1','','R1.04','20.5'],
 ['21000001','2025-2026','S1','','R1.05','-1'],
 ['21000001','2025-2026','S1','','R1.06','12.123456789012345678'],
 ['21000001','2025-2026','S1','','R1.6','12'],
 ['21000001','2025-2026','S1','','R1.01','13'],
 ['21000001','2025-2026','S3','Z','R3.01','13'],
 ['21000002','2025-2027','S2','','R2.01','abs'],
 ['21000002','2025-2026','S9','','R2.01','1e1'],
 ['','2025-2026','S2','','R2.01',''],
 ['21000003','2025-2026','S3','A','SAE3.D.1','10'],
 ['21000003','2025-2026','S4','D','R4.01','10'],
])
put('grades','long-errors.csv',bad,LONG)
put('grades','long-quoted.csv','"student","year","semester","parcours","course","grade"\n"21000001","2025-2026","S1","","R1.01","12.5"\n"2100""0002",2025-2026,S1,,"R1.01" ,x"y\n"unterminated,2025\n',LONG)
# wide form: pivot S1 grades of 2025-2026
s1=[r for r in rows if r[1]=='2025-2026' and r[2]=='S1']
studs=sorted({r[0] for r in s1})[:12]
courses=sorted({r[4] for r in s1})
g={(r[0],r[4]):r[5] for r in s1}
wide_h=['student']+courses
wide_r=[[s]+[g.get((s,c),'') for c in courses] for s in studs]
# byte 0: year=2025-2026 (1), semester S1 (1<<2), parcours NULL
put('grades','wide-s1-options.csv',to_csv(wide_h,wide_r),0x01|(1<<2))
wide_fr=[[r[0]]+[v.replace('.',',') for v in r[1:]] for r in wide_r]
put('grades','wide-s1-fr.csv',('\ufeff'+to_csv(wide_h,wide_fr,';','\r\n')).encode('utf-8'),0x01|(1<<2)|0x80)
# wide with year/semester/parcours columns and ignored columns
s3=[r for r in rows if r[2]=='S3']
st3=sorted({(r[0],r[1],r[3]) for r in s3})[:8]
c3=sorted({r[4] for r in s3})
g3={(r[0],r[1],r[4]):r[5] for r in s3}
h3=['student','nom','year','semester','parcours']+c3
r3=[[s,'Nom',y,'S3',p]+[g3.get((s,y,c),'') for c in c3] for s,y,p in st3]
put('grades','wide-s3-columns.csv',to_csv(h3,r3),0x80)
# wide with course labels (accents), Windows-1252, options S2 / parcours A
labels={}
cur=None
for l in reg.decode('utf-8').split('\n'):
    mm=re.match(r'\s*(ressource|SAÉ|portfolio|stage)\s+(\S+)\s+"([^"]+)"',l)
    if mm: labels[mm.group(2)]=mm.group(3)
s2=[r for r in rows if r[2]=='S2' and r[1]=='2024-2025']
st2=sorted({r[0] for r in s2})[:6]
c2=sorted({r[4] for r in s2})
g2={(r[0],r[4]):r[5] for r in s2}
from collections import Counter
cnt=Counter(labels.get(c,c) for c in c2)
h2=['Student']+[labels.get(c,c) if cnt[labels.get(c,c)]==1 else c for c in c2]
r2=[[s]+[g2.get((s,c),'').replace('.',',') for c in c2] for s in st2]
txt=to_csv(h2,r2,';','\r\n')
try: put('grades','wide-s2-labels-cp1252.csv',txt.encode('cp1252'),0x02|(2<<2)|(1<<5))
except UnicodeEncodeError as e:
    txt=txt.replace('’',"'"); put('grades','wide-s2-labels-cp1252.csv',txt.encode('cp1252'),0x02|(2<<2)|(1<<5))
put('grades','wide-s2-labels-utf8.csv',txt,0x02|(2<<2))
put('grades','wide-errors.csv','student,R1.01,R1.01,Initiation au developpement,R9.99,year\n21000001,12,13,ABI,,2025-2026\n21000002,,x,21,,\n',0x03|(7<<2)|(3<<5))
put('grades','header-only.csv',','.join(hdr)+'\n',0)
put('grades','empty.csv','',0)
put('grades','bom-only.csv',b'\xef\xbb\xbf',0)
put('grades','utf16.csv','student,R1.01\n'.encode('utf-16'),0)
put('grades','not-a-header.csv','hello\nworld\n',0)

# ---------------- history ----------------
H={'21042416-10','21090220-30','21131988-3','21496229-6','21948735-15','21726302-21'}
recs=[l for l in open('tests/data/examples/cohort-small.decisions.jsonl',encoding='utf-8').read().split('\n') if l]
hist=[l for l in recs if json.loads(l)['student'] in H and json.loads(l)['year']!='2025-2026']
for s in sorted(H):
    ls=[l for l in hist if json.loads(l)['student']==s]
    if ls: put('history',f'student-{s}.jsonl','\n'.join(ls)+'\n')
put('history','all.jsonl','\n'.join(hist)+'\n')
put('history','bom-crlf-blank.jsonl','\ufeff'+'\r\n\r\n'.join(hist[:2])+'\r\n')
# a mid-year record and a jury entry, hand-made from a real record
r=json.loads(hist[0])
mid=dict(r); mid['year']='2024-2025'; mid['decision']=None
mid['ues']=[u for u in r['ues'] if u['ue'].startswith('UE1.')] if r['level']==1 else r['ues'][:6]
mid['rcues']=[]; mid['ects']={'year':sum(u['ects'] for u in mid['ues']),'total':r['ects']['total']}
put('history','midyear.jsonl',json.dumps(mid,ensure_ascii=False,separators=(',',':'))+'\n')
j=json.loads(hist[1]); j['ues'][0]['code']='ADJ'
j['jury']=[{'target':j['ues'][0]['ue'],'computed':'AJ','code':'ADJ','reason':'jury du 27 juin'},{'target':'year','computed':'PASD','code':'ADM'}]
put('history','jury.jsonl',json.dumps(j,ensure_ascii=False,separators=(',',':'))+'\n')
e=json.loads(hist[0])
put('history','errors.jsonl',
    '{"student":"1","student":"2"}\n{"student":"x",\n[1,2]\n'
    + json.dumps(dict(e,level=7,extra=1))+'\n'
    + json.dumps(dict(e,ues=e['ues'][:-1]+[dict(e['ues'][-1],average=20.5,ects=3)]))+'\n'
    + json.dumps(dict(e,decision='XYZ',parcours='Q'))+'\n'
    + '{"student":"21131988-3","year":"2022-2023","level":1,"parcours":null,"ues":[{"ue":"UE1.1","average":1.25e1,"code":"ADM","ects":5}]}\n')

# ---------------- overrides ----------------
ov='student,year,target,code,reason\n' \
   '21131988-3,2024-2025,UE3.4,ADJ,"jury du 27 juin : stage validé"\n' \
   '21131988-3,2024-2025,C5,ADJ,jury du 27 juin\n' \
   '21131988-3,2025-2026,year,ADJ,dérogation du directeur\n' \
   '21090220-30,2025-2026,S5,ADM,mobilité Erasmus\n' \
   '21090220-30,2025-2026,UE5.1,AJ,erreur de saisie corrigée\n' \
   '21948735-15,2022-2023,year,PASD,aménagement\n' \
   '21022899-32,2025-2026,C2,AJ,fraude\n'
put('overrides','ok.csv',ov)
put('overrides','upstream-ok.csv',open('tests/unit/data/inputs/overrides-ok.csv','rb').read())
put('overrides','upstream-cp1252.csv',open('tests/unit/data/inputs/overrides-cp1252.csv','rb').read())
put('overrides','fr-cp1252-reordered.csv',('reason;code;target;year;student;nom\r\n'
   '"dérogation; accordée";ADJ;UE4.5;2024-2025;21131988-3;Œuvray\r\n'
   'année refaite;RED;year;2023-2024;21131988-3;Hélène\r\n').encode('cp1252'))
put('overrides','tab.csv','student\tyear\ttarget\tcode\treason\n 21948735-15 \t 2025-2026 \t UE5.1 \t ADJ \t ok\n21948735-15\t2025-2026\tC1\tADM\tok\n')
put('overrides','errors.csv','student,year,target,code,reason,year\n'
   '21131988-3,2024-2025,UE3.4,ADJ,a,b\n'
   'x,2024-2026,UE9.9,XYZ,\n,,,,\n'
   '21131988-3,2024-2025,UE3.4,ADJ,a,b,c\n'
   '21131988-3,2024-2025,UE3.4\n')
put('overrides','missing-column.csv','student,year,target,code\n21131988-3,2024-2025,UE3.4,ADJ\n')
put('overrides','duplicate.csv','student,year,target,code,reason\n21131988-3,2024-2025,C5,ADJ,a\n21131988-3,2024-2025,C5,AJ,b\n21131988-3,2024-2025,year,CMP,c\n21131988-3,2024-2025,UE3.1,PASD,d\n')

# ---------------- csv ----------------
for f in sorted(os.listdir(os.path.join(R,'grades'))):
    b=open(os.path.join(R,'grades',f),'rb').read()[1:]
    if len(b)>4000: b=b[:4000]
    put('csv','g-'+f,b,0x00)
for f in sorted(os.listdir(os.path.join(R,'overrides'))):
    put('csv','o-'+f,open(os.path.join(R,'overrides',f),'rb').read(),0x04|0x02)
put('csv','quotes.csv','a,"b ""c""",  "d"  ,e\n"multi\r\nline",x\n"bad"x,y\nq"q,z\n"unterminated\n',0x00)
put('csv','ambiguous.csv','a,b;c\n1,2;3\n',0x00)
put('csv','ambiguous-sep-given.csv','a,b;c\n1,2;3\n',0x04|0x02|0x08)
put('csv','single-column.csv','12,5\n13;4\n\n   \n14\n',0x00)
put('csv','cr-only.csv','a;b\r1;2\r\r3;"4\r5"\r',0x00)
put('csv','nul.csv',b'a,b\n1,\x002\n',0x00)
put('csv','cp1252-undefined.csv',b'a,b\n\x81,\x8d\n',0x00)
put('csv','mixed-encoding.csv','a,b\né,'.encode()+b'\xe9\n',0x00)
put('csv','bom-invalid.csv',b'\xef\xbb\xbfa,b\n\xff,1\n',0x00)
put('csv','utf16le.csv',b'\xff\xfea\x00,\x00b\x00',0x00)
put('csv','tab.csv','a\tb\t"c\td"\n1\t 2 \t3\n',0x04|0x03)
# plain-line lockstep (byte 0 bit 4), lines that repeat the start of the one before
put('csv','plain-after.csv','student,year,course,grade\n21,2025-2026,R1.01,12\n21,2025-2026,R1.02,"13"\n21,2025-2026,R1.03,14.5\n21,2025-2026\n21,2025-2026,\n21,2025-2026,R1.04,1,2\n22,2025-2026,R1.01,9\n',0x11)
put('csv','plain-after-crlf.csv','s;y;c\r\nab;cd;e\r\nab;cd;f\r\nab;cd\r\nab;cd;g\xe9\r\nab;cd;h',0x12)
