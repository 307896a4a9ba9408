#!/usr/bin/env python3
# Regenerate the libFuzzer dictionaries tests/fuzz/*.dict from grammar/lexer.l
# and the regulation. Run from the repository root: python3 tests/fuzz/make-dicts.py
import re, json
def esc(s):
    b=s.encode('utf-8') if isinstance(s,str) else s
    out=''
    for c in b:
        if c in (0x22,0x5c): out+='\\'+chr(c)
        elif 0x20<=c<0x7f: out+=chr(c)
        else: out+='\\x%02X'%c
    return '"'+out+'"'
def write(name, header, items):
    seen=[];
    for i in items:
        if i and i not in seen: seen.append(i)
    with open('tests/fuzz/'+name,'w') as f:
        f.write(header)
        for i in seen: f.write(esc(i)+'\n')
    print(name,len(seen))
lex=open('grammar/lexer.l',encoding='utf-8').read().split('%%')[1]
kw=re.findall(r'^"((?:[^"\\]|\\.)+)"',lex,re.M)
reg=open('rules/but-info-rodez-2025-2026.mccc',encoding='utf-8').read()
ids=sorted(set(re.findall(r'\b(?:R|SAE|PF|UE|STAGE|S)[0-9A-Z.]*[0-9]\b',reg)))
rules=kw+['§5-3','§ 5-4','§1','Annexe 2','annexe 3','2025-2026','2025-06-27','12,5','8.5','0','10','20',
 '"','\\"','\\\\','#',' # ','\n','{\n','}\n','  ','\u00a0','«','»','“','”','’','é',
 'acquise','acquises','validé','validés','validée','moyenne >=','si','sinon','ADM','AJ','CMP','ADSUP','ATT','PASD','RED','NAR','ABI','EXC','ADJ',
 'compétence 1','niveau 1','UE1.1','R1.01','SAE1.01','S1','S2','S6','parcours A','de S1 à S4','RCUE compétence 1 : UE1.1 + UE2.1',
 'ressources 60 {','SAÉ 40 {',', 5 ECTS','CM 30 TD 12 TP 47 total 89','vaut 0','neutralisée','en attente','code jury','stage obligatoire',
 'nombre(RCUE validés)','min(RCUE)','toutes(UE de S1 S2 acquises)','-']
write('rules.dict','# libFuzzer dictionary for the mccc rules language (tests/fuzz/fuzz_rules).\n# Keywords of grammar/lexer.l, names and numbers of the regulation.\n',rules)
marks=['ABI','EXC','ATT']
codes=['ADM','CMP','ADSUP','AJ','ATT','PASD','RED','NAR','ADJ']
courses=[i for i in ids if not i.startswith('UE') and not re.fullmatch(r'S\d',i)]
ues=[i for i in ids if i.startswith('UE')]
studs=['21131988-3','21090220-30','21948735-15','21022899-32','21042416-10','21496229-6','21726302-21']
years=['2021-2022','2022-2023','2023-2024','2024-2025','2025-2026','2025-2027']
labels=re.findall(r'(?:ressource|SAÉ|portfolio|stage)\s+\S+\s+"([^"]+)"',reg)
common=[',',';','\t','"','""','\r\n','\r','\n','\ufeff',' ','é']
write('grades.dict','# libFuzzer dictionary for tests/fuzz/fuzz_grades: columns, courses, marks, numbers.\n',
 ['student','year','semester','parcours','course','grade','nom','S1','S2','S3','S4','S5','S6','A','D']+marks+courses+labels[:30]+years+studs[:3]+
 ['12.5','12,5','20','0','10.125','-1','20.01','1e1','00012']+common)
write('history.dict','# libFuzzer dictionary for tests/fuzz/fuzz_history: the decisions format (JSON Lines).\n',
 ['"student":','"year":','"level":','"parcours":','"ues":','"ue":','"average":','"code":','"ects":','"rcues":','"competence":',
  '"lower":','"decision":','"total":','"dut":','"but":','"jury":','"target":','"computed":','"reason":',
  'null','true','false','{','}','[',']',',',':','"year"','"C1"','"S3"','\\u00e9','1.25e1','10.005','-0','1e400']+
 ['"%s"'%c for c in codes+ues+studs+years]+['"A"','"D"','\r\n','\n','\ufeff'])
write('overrides.dict','# libFuzzer dictionary for tests/fuzz/fuzz_overrides: the jury overrides CSV.\n',
 ['student','year','target','code','reason','nom']+codes+ues+['C1','C2','C3','C4','C5','C6','C7','S1','S3','S5','S6','year']+studs+years+common+['jury du 27 juin'])
write('csv.dict','# libFuzzer dictionary for tests/fuzz/fuzz_csv: CSV syntax and encodings.\n',
 common+['\xc3\xa9'.encode('latin-1'),b'\xe9',b'\x80',b'\x81',b'\x9d',b'\xff\xfe',b'\xfe\xff',b'\xed\xa0\x80',b'\xf4\x90\x80\x80',b'\xc0\xaf',b'\x00','" ,',', "','"\r\n"'])
