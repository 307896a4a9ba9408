/*
** source.h — a loaded input file and positions in it.
**
** Ownership: a Source owns its name, its bytes and its line index; free it
** with source_free(). Diagnostics keep a pointer to the Source they quote,
** so a Source must outlive the Diags that mention it.
**
** Cost: a regular file of 8 MiB or more is mapped (mmap, private copy on
** write): its bytes stay in the system's page cache, nothing is copied and
** no fresh memory is cleared (on the benchmark machine, reading 133 MB into
** fresh memory cost 0.2 s, mapping it 0.02 s). Other files are read once into
** a buffer of their size. Either way the lines are counted (nlines).
** A mapped file cut short by another program while it is in use makes the
** next access to its lost pages raise SIGBUS (main handles it: message,
** exit 2); one rewritten in place shows its new bytes (main checks, through
** provenance.h, that no input changed before committing an output).
** The index of line starts of a file of more than 1 MiB (a grade file) is
** built only when a line is first asked for (source_line, source_char_col:
** diagnostics), so such a file, read without errors, costs its bytes and
** nothing more; smaller files are indexed at once.
**
** Threads: no global state; distinct Sources may be used from distinct
** threads. The first source_line / source_char_col on a large Source
** builds its index (a write behind the const pointer): a large Source
** shared by several threads must have had source_index() called on it
** before it is shared.
*/
#ifndef MCCC_SOURCE_H
#define MCCC_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A span in a source. Lines are 1-based; columns are 1-based *byte* offsets
** in their line, last_column one past the last byte. Field names are the
** ones bison's YYLLOC_DEFAULT expects. */
typedef struct Loc {
  int first_line;    /* line of the first byte */
  int first_column;  /* byte column of the first byte */
  int last_line;     /* line of the last byte */
  int last_column;   /* byte column one past the last byte */
} Loc;

typedef struct Source {
  char *name;        /* path as given by the user, for messages */
  char *text;        /* the bytes, NUL-terminated (may contain NULs before len) */
  size_t len;        /* number of bytes */
  size_t nlines;     /* number of lines: 1 + the number of LF bytes */
  bool plain;        /* no NUL and no byte >= 0x80 after a leading UTF-8 byte order mark (when the lines were counted) */
  bool has_cr;       /* a CR byte somewhere (idem) */
  /* private to source.c */
  char *base;        /* the allocation or mapping holding text (text >= base: see source_drop_prefix) */
  size_t maplen;     /* length of the mapping at base when the file is mapped (see Cost), else 0 */
  uint32_t *lines32; /* line index, start offset of each line (lines32[0] = 0), when len < 4 GiB ... */
  size_t *lines64;   /* ... or this one otherwise; both NULL until built (see Cost) */
} Source;

/* Read a whole file. On failure returns NULL, leaves errno set to the cause
** (EISDIR for a directory) and writes a message in French:
**   « impossible de lire « x » : fichier introuvable » (ENOENT),
**   « impossible de lire « x » : permission refusée » (EACCES, EPERM),
**   « « x » est un dossier, pas un fichier » (a directory),
** the cause being source_strerror(errno). */
Source *source_load(const char *path, char *err, size_t errlen);
/* The cause of a file error in French, for messages: "fichier introuvable"
** (ENOENT), "permission refusée" (EACCES, EPERM), "c’est un dossier"
** (EISDIR), "un élément du chemin n’est pas un dossier" (ENOTDIR), "trop de
** liens symboliques (boucle ?)" (ELOOP), "erreur d’entrée-sortie" (EIO),
** "nom trop long" (ENAMETOOLONG), "mémoire épuisée" (ENOMEM), "trop de
** fichiers ouverts" (EMFILE, ENFILE); strerror() otherwise. A static string
** or the C library's (valid until the next strerror). */
const char *source_strerror(int e);
/* Wrap bytes already in memory (copied). */
Source *source_from_memory(const char *name, const char *data, size_t len);
void    source_free(Source *s);

/* The text of line `line` (1-based) without its line end; *len gets its length. */
const char *source_line(const Source *s, int line, size_t *len);

/* Column in characters (1-based) of byte column `bcol` on a line. */
int source_char_col(const Source *s, int line, int bcol);

/* ---- quoting input values in messages ---- */

/* Values longer than SOURCE_QUOTE_MAX characters are shortened to their
** first SOURCE_QUOTE_KEEP characters; SOURCE_QUOTE_SIZE bytes hold any
** result of source_quote. */
#define SOURCE_QUOTE_MAX 60
#define SOURCE_QUOTE_KEEP 40
#define SOURCE_QUOTE_SIZE 400

/* The value p[0..n) as a message shows it, written to buf (size bytes, at
** least SOURCE_QUOTE_SIZE for no cut): between « » when `quotes`; control
** characters written \t, \n, \r or \xNN, bytes that are not UTF-8 \xNN;
** a value of more than SOURCE_QUOTE_MAX characters cut after its first
** SOURCE_QUOTE_KEEP, followed by "…" and its length:
**   « 12,5 »      « RRRRRRRR…RRRR… » (10 000 000 caractères)
** Returns buf. */
const char *source_quote(char *buf, size_t size, const char *p, size_t n, bool quotes);

/* Identifiers read from input files (student ids) are at most this long. */
#define SOURCE_ID_MAX 200

/* What is wrong with the identifier id[0..n) (not empty), for a message
** "identifiant d’étudiant « … » invalide : <reason>": "trop long (250
** octets, au plus 200)", "il contient une tabulation", "… un saut de
** ligne", "… un retour chariot", "… le caractère de contrôle U+0001" (C0,
** DEL and C1 controls); NULL when it is fine. The reason is a static string
** or buf. */
const char *source_id_problem(const char *id, size_t n, char *buf, size_t size);

/* n written with its thousands separated by spaces ("99 990"), into buf
** (at least 32 bytes). Returns buf. */
const char *source_count(char *buf, size_t size, unsigned long long n);

/* Builds the line index now (it is otherwise built on first use). */
void source_index(Source *s);

/* Drops the first n bytes (n <= len) without moving the others: text
** advances by n, so pointers into the remaining bytes stay valid (a byte
** order mark read past by a reader that borrows the text). The lines are
** counted and indexed again, as by source_text_changed. */
void source_drop_prefix(Source *s, size_t n);

/* The text was changed in place (same length): count the lines again and
** index them again (at once if they were, else on first use). */
void source_text_changed(Source *s);

/* Length of the valid UTF-8 sequence at s[0..n) (n > 0), 0 if none
** (overlong forms, surrogates and code points past U+10FFFF are invalid). */
size_t source_utf8_len(const unsigned char *s, size_t n);

#endif
