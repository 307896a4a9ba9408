/*
** output.c — year records as JSON Lines (see output.h).
*/
#include "output.h"
#include "arena.h"
#include "num.h"

#include <stdlib.h>
#include <string.h>

/* A record is built in memory (on the stack for a usual record, on the
** heap past OB_STACK bytes), then written with one fwrite. */
#define OB_STACK 4096
typedef struct OBuf {
  char *p;            /* bytes: `stack` or heap */
  size_t n;           /* used */
  size_t cap;         /* allocated */
  char stack[OB_STACK]; /* first storage */
} OBuf;

static void ob_init(OBuf *b) {
  b->p = b->stack;
  b->n = 0;
  b->cap = OB_STACK;
}

static void ob_release(OBuf *b) {
  if (b->p != b->stack) free(b->p);
}

static void ob_grow(OBuf *b, size_t k) {
  size_t cap = (b->n + k) * 2;
  if (b->p == b->stack) {
    char *h = xmalloc(cap);
    memcpy(h, b->p, b->n);
    b->p = h;
  } else {
    b->p = xrealloc(b->p, cap);
  }
  b->cap = cap;
}

static inline void ob_put(OBuf *b, const char *s, size_t k) {
  if (b->n + k > b->cap) ob_grow(b, k);
  memcpy(b->p + b->n, s, k);
  b->n += k;
}

static void ob_puts(OBuf *b, const char *s) { ob_put(b, s, strlen(s)); }

/* A string literal: its length is known at compile time. */
#define OB_LIT(b, s) ob_put((b), "" s, sizeof(s) - 1)

static void ob_int(OBuf *b, long v) {
  if (v >= 0 && v < 100) { /* levels, competences, most credits */
    char t[2] = {(char)('0' + v / 10), (char)('0' + v % 10)};
    if (v < 10) ob_put(b, t + 1, 1);
    else ob_put(b, t, 2);
    return;
  }
  char t[24];
  int i = 24;
  bool neg = v < 0;
  unsigned long u = neg ? 0UL - (unsigned long)v : (unsigned long)v;
  do {
    t[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (neg) t[--i] = '-';
  ob_put(b, t + i, (size_t)(24 - i));
}

static void ob_json_string(OBuf *b, const char *s) {
  /* the usual string (an id, a code) needs no escape: one copy */
  const unsigned char *p = (const unsigned char *)s;
  while (*p >= 0x20 && *p != '"' && *p != '\\') p++;
  if (*p == '\0') {
    size_t k = (size_t)((const char *)p - s);
    if (b->n + k + 2 > b->cap) ob_grow(b, k + 2);
    char *o = b->p + b->n;
    o[0] = '"';
    memcpy(o + 1, s, k);
    o[k + 1] = '"';
    b->n += k + 2;
    return;
  }
  ob_put(b, "\"", 1);
  const char *run = s;
  for (; *p; p++) {
    if (*p >= 0x20 && *p != '"' && *p != '\\') continue;
    ob_put(b, run, (size_t)((const char *)p - run));
    char e[8];
    switch (*p) {
    case '"': OB_LIT(b, "\\\""); break;
    case '\\': OB_LIT(b, "\\\\"); break;
    case '\n': OB_LIT(b, "\\n"); break;
    case '\r': OB_LIT(b, "\\r"); break;
    case '\t': OB_LIT(b, "\\t"); break;
    default:
      snprintf(e, sizeof e, "\\u%04x", *p);
      ob_puts(b, e);
    }
    run = (const char *)p + 1;
  }
  ob_put(b, run, (size_t)((const char *)p - run));
  ob_put(b, "\"", 1);
}

void out_json_string(FILE *out, const char *s) {
  OBuf b;
  ob_init(&b);
  ob_json_string(&b, s);
  fwrite(b.p, 1, b.n, out);
  ob_release(&b);
}

void out_json_string_or_null(FILE *out, const char *s) {
  if (s) out_json_string(out, s);
  else fputs("null", out);
}

static void ob_avg(OBuf *b, const Model *m, bool has, mpq_srcptr q) {
  if (!has) {
    OB_LIT(b, "null");
    return;
  }
  char buf[NUM_FMT_SIZE * 2];
  eval_format_avg(m, q, '.', buf, sizeof buf);
  /* a JSON real, as the contract writes it: 16.0, not 16 */
  size_t k = 0;
  bool dot = false;
  for (; buf[k]; k++) dot |= buf[k] == '.';
  ob_put(b, buf, k);
  if (!dot) OB_LIT(b, ".0");
}

void out_jsonl(FILE *out, const YearRecord *r) {
  OBuf b;
  ob_init(&b);
  OB_LIT(&b, "{\"student\":");
  ob_json_string(&b, r->student);
  OB_LIT(&b, ",\"year\":");
  ob_json_string(&b, r->year);
  OB_LIT(&b, ",\"level\":");
  ob_int(&b, r->level);
  OB_LIT(&b, ",\"parcours\":");
  if (r->parcours) ob_json_string(&b, r->parcours);
  else OB_LIT(&b, "null");
  OB_LIT(&b, ",\"ues\":[");
  for (int i = 0; i < r->nues; i++) {
    const UeResult *u = &r->ues[i];
    ob_puts(&b, i ? ",{\"ue\":" : "{\"ue\":");
    ob_json_string(&b, u->id);
    OB_LIT(&b, ",\"average\":");
    ob_avg(&b, r->model, u->has_avg, u->avg);
    OB_LIT(&b, ",\"code\":");
    ob_json_string(&b, u->code);
    OB_LIT(&b, ",\"ects\":");
    ob_int(&b, u->ects);
    OB_LIT(&b, "}");
  }
  OB_LIT(&b, "],\"rcues\":[");
  for (int i = 0; i < r->nrcues; i++) {
    const RcueResult *c = &r->rcues[i];
    ob_puts(&b, i ? ",{\"competence\":" : "{\"competence\":");
    ob_int(&b, c->competence);
    OB_LIT(&b, ",\"level\":");
    ob_int(&b, c->level);
    OB_LIT(&b, ",\"average\":");
    ob_avg(&b, r->model, c->has_avg, c->avg);
    OB_LIT(&b, ",\"code\":");
    ob_json_string(&b, c->code);
    OB_LIT(&b, "}");
  }
  OB_LIT(&b, "],\"lower\":[");
  for (int i = 0; i < r->nlower; i++) {
    ob_puts(&b, i ? ",{\"ue\":" : "{\"ue\":");
    ob_json_string(&b, r->lower[i].ue);
    OB_LIT(&b, ",\"code\":");
    ob_json_string(&b, r->lower[i].code);
    OB_LIT(&b, "}");
  }
  OB_LIT(&b, "],\"decision\":");
  if (r->decision && !r->midyear) ob_json_string(&b, r->decision);
  else OB_LIT(&b, "null");
  OB_LIT(&b, ",\"ects\":{\"year\":");
  ob_int(&b, r->ects_year);
  OB_LIT(&b, ",\"total\":");
  ob_int(&b, r->ects_total);
  ob_puts(&b, r->dut ? "},\"dut\":true" : "},\"dut\":false");
  ob_puts(&b, r->but ? ",\"but\":true,\"jury\":[" : ",\"but\":false,\"jury\":[");
  for (int i = 0; i < r->njury; i++) {
    const JuryApplied *j = &r->jury[i];
    ob_puts(&b, i ? ",{\"target\":" : "{\"target\":");
    ob_json_string(&b, j->target);
    OB_LIT(&b, ",\"computed\":");
    ob_json_string(&b, j->computed);
    OB_LIT(&b, ",\"code\":");
    ob_json_string(&b, j->code);
    OB_LIT(&b, "}");
  }
  OB_LIT(&b, "]}\n");
  fwrite(b.p, 1, b.n, out);
  ob_release(&b);
}

/* ---- terminal table ---- */

#include "diag.h"

static const char *code_color(const char *code) {
  if (!code) return "";
  if (!strcmp(code, "ADM") || !strcmp(code, "PASD")) return "\033[32m";
  if (!strcmp(code, "CMP") || !strcmp(code, "ADSUP")) return "\033[36m";
  if (!strcmp(code, "ATT")) return "\033[33m";
  if (!strcmp(code, "AJ") || !strcmp(code, "RED") || !strcmp(code, "NAR")) return "\033[31m";
  return "\033[35m"; /* jury codes */
}

/* Pad a UTF-8 string to a display width. */
static void put_padded(FILE *out, const char *s, int width) {
  fputs(s, out);
  for (int w = utf8_width(s, strlen(s)); w < width; w++) fputc(' ', out);
}

static void avg_text(const Model *m, bool has, mpq_srcptr q, char *buf, size_t n) {
  if (!has) {
    snprintf(buf, n, "—");
    return;
  }
  char t[NUM_FMT_SIZE * 2];
  /* the jury reads fixed decimals: 9,50 not 9,5 */
  int dec = m ? m->display_decimals : 2;
  eval_format_avg(m, q, ',', t, sizeof t);
  char *comma = strchr(t, ',');
  int have = comma ? (int)strlen(comma + 1) : 0;
  snprintf(buf, n, "%s%s%.*s", t, (!comma && dec > 0) ? "," : "", dec - have, "0000000000");
}

static const char *comp_name(const Model *m, int c) {
  return (c > 0 && c <= MODEL_MAX_COMPETENCES && m->comps[c]) ? m->comps[c]->name : "?";
}

void out_table(FILE *out, const YearRecord *r, bool color) {
  const Model *m = r->model;
  const char *B = color ? "\033[1m" : "", *R = color ? "\033[0m" : "";
  char head[512];
  snprintf(head, sizeof head, "%s — %s — année %d%s%s", r->student, r->year, r->level,
           r->parcours ? ", parcours " : "", r->parcours ? r->parcours : "");
  fprintf(out, "%s%s%s", B, head, R);
  if (r->midyear) fprintf(out, "   (jury de mi-année : pas de décision d’année)\n");
  else
    fprintf(out, "   décision : %s%s%s%s%s\n", B, color ? code_color(r->decision) : "",
            r->decision ? r->decision : "—", R,
            r->decision_computed && r->decision && strcmp(r->decision, r->decision_computed)
                ? " (jury)" : "");
  int wname = 0;
  for (int i = 0; i < r->nues; i++) {
    int w = utf8_width(comp_name(m, r->ues[i].ue->competence), strlen(comp_name(m, r->ues[i].ue->competence)));
    if (w > wname) wname = w;
  }
  for (int i = 0; i < r->nues; i++) {
    const UeResult *u = &r->ues[i];
    char avg[160];
    avg_text(m, u->has_avg, u->avg, avg, sizeof avg);
    fprintf(out, "  %-7s ", u->id);
    put_padded(out, comp_name(m, u->ue->competence), wname);
    fprintf(out, "  %6s  %s%-5s%s %2d ECTS", avg, color ? code_color(u->code) : "", u->code, R, u->ects);
    if (u->computed && strcmp(u->computed, u->code)) fprintf(out, "  (calculé %s, jury)", u->computed);
    if (u->kept) fputs("  (acquise antérieurement)", out);
    if (u->stage_blocked) fputs("  (stage non noté)", out);
    if (u->nmissing) {
      fputs("  manque :", out);
      for (int k = 0; k < u->nmissing && k < 8; k++) fprintf(out, " %s", u->missing[k]);
      if (u->nmissing > 8) fputs(" …", out);
    }
    fputc('\n', out);
  }
  for (int i = 0; i < r->nrcues; i++) {
    const RcueResult *c = &r->rcues[i];
    char avg[160], lab[64];
    avg_text(m, c->has_avg, c->avg, avg, sizeof avg);
    snprintf(lab, sizeof lab, "C%d", c->competence);
    fprintf(out, "  RCUE %-2s ", lab);
    put_padded(out, comp_name(m, c->competence), wname);
    fprintf(out, "  %6s  %s%-5s%s niveau %d", avg, color ? code_color(c->code) : "", c->code, R, c->level);
    if (c->computed && strcmp(c->computed, c->code)) fprintf(out, "  (calculé %s, jury)", c->computed);
    fputc('\n', out);
  }
  for (int i = 0; i < r->nlower; i++)
    fprintf(out, "  %s validée par le niveau supérieur : %s (+%d ECTS)\n", r->lower[i].ue, r->lower[i].code,
            r->lower[i].ects);
  fprintf(out, "  ECTS : %d cette année, %d au total", r->ects_year, r->ects_total);
  for (int i = 0; i < m->ndiplomas; i++)
    fprintf(out, "   %s : %s", m->diplomas[i].name, r->diplomas[i] ? "oui" : "non");
  fputc('\n', out);
  if (r->nblocking) {
    fprintf(out, "  %s bloqué par :", m->ndiplomas ? m->diplomas[m->ndiplomas - 1].name : "diplôme");
    for (int i = 0; i < r->nblocking; i++) fprintf(out, " %s", r->blocking[i]);
    fputs(" (à décider par le jury)\n", out);
  }
  for (int i = 0; i < r->njury; i++)
    fprintf(out, "  jury : %s %s → %s%s%s\n", r->jury[i].target, *r->jury[i].computed ? r->jury[i].computed : "—",
            r->jury[i].code, r->jury[i].reason ? " — " : "", r->jury[i].reason ? r->jury[i].reason : "");
  fputc('\n', out);
}

/* ---- CSV ---- */

static void csv_field(FILE *out, const char *s, char sep) {
  bool q = strchr(s, sep) || strchr(s, '"') || strchr(s, '\n') || strchr(s, '\r');
  if (!q) {
    fputs(s, out);
    return;
  }
  fputc('"', out);
  for (; *s; s++) {
    if (*s == '"') fputc('"', out);
    fputc(*s, out);
  }
  fputc('"', out);
}

void out_csv(FILE *out, CsvOut *c, const YearRecord *r) {
  const Model *m = c->m;
  char sep = c->sep;
  if (!c->header_done) {
    fprintf(out, "student%cyear%clevel%cparcours", sep, sep, sep);
    for (int i = 0; i < m->nues; i++) {
      bool dup = false;
      for (int j = 0; j < i; j++)
        if (!strcmp(m->ues[j]->id, m->ues[i]->id)) dup = true;
      if (!dup) fprintf(out, "%c%s moyenne%c%s code", sep, m->ues[i]->id, sep, m->ues[i]->id);
    }
    for (int k = 1; k <= MODEL_MAX_COMPETENCES; k++)
      if (m->comps[k]) fprintf(out, "%cC%d moyenne%cC%d code", sep, k, sep, k);
    fprintf(out, "%cdecision%cects_year%cects_total", sep, sep, sep);
    for (int i = 0; i < m->ndiplomas; i++) {
      fputc(sep, out);
      csv_field(out, m->diplomas[i].name, sep);
    }
    fprintf(out, "%cjury\r\n", sep);
    c->header_done = true;
  }
  csv_field(out, r->student, sep);
  fprintf(out, "%c%s%c%d%c%s", sep, r->year, sep, r->level, sep, r->parcours ? r->parcours : "");
  for (int i = 0; i < m->nues; i++) {
    bool dup = false;
    for (int j = 0; j < i; j++)
      if (!strcmp(m->ues[j]->id, m->ues[i]->id)) dup = true;
    if (dup) continue;
    const UeResult *u = NULL;
    for (int k = 0; k < r->nues; k++)
      if (!strcmp(r->ues[k].id, m->ues[i]->id)) u = &r->ues[k];
    char avg[NUM_FMT_SIZE * 2] = "";
    if (u && u->has_avg) eval_format_avg(r->model, u->avg, c->mark, avg, sizeof avg);
    fprintf(out, "%c%s%c%s", sep, avg, sep, u ? u->code : "");
  }
  for (int k = 1; k <= MODEL_MAX_COMPETENCES; k++) {
    if (!m->comps[k]) continue;
    const RcueResult *rc = NULL;
    for (int i = 0; i < r->nrcues; i++)
      if (r->rcues[i].competence == k) rc = &r->rcues[i];
    char avg[NUM_FMT_SIZE * 2] = "";
    if (rc && rc->has_avg) eval_format_avg(r->model, rc->avg, c->mark, avg, sizeof avg);
    fprintf(out, "%c%s%c%s", sep, avg, sep, rc ? rc->code : "");
  }
  fprintf(out, "%c%s%c%d%c%d", sep, r->decision && !r->midyear ? r->decision : "", sep, r->ects_year, sep,
          r->ects_total);
  for (int i = 0; i < m->ndiplomas; i++) fprintf(out, "%c%s", sep, r->diplomas[i] ? "oui" : "non");
  fputc(sep, out);
  char jury[1024] = "";
  size_t o = 0;
  for (int i = 0; i < r->njury && o < sizeof jury; i++) {
    int w = snprintf(jury + o, sizeof jury - o, "%s%s %s→%s", i ? ", " : "", r->jury[i].target,
                     r->jury[i].computed, r->jury[i].code);
    if (w > 0) o += (size_t)w;
  }
  csv_field(out, jury, sep);
  fputs("\r\n", out);
}
